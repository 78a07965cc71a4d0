"""On PostgreSQL, each cell table's index on its version is a block range (BRIN) index.

A version's cells are written together, by one COPY, so they lie together on disk: a
block range index finds them as well as a B-tree does, and costs next to nothing to keep
up while hundreds of thousands of rows are copied in. The index keeps the name Django
gave the B-tree, so the migration state still describes it. SQLite keeps its B-tree.
"""

from django.db import migrations

TABLES = ("returns_cubecell", "returns_measurecell", "returns_localauthoritycell")
PAGES_PER_RANGE = 32  # 256 KB a range: a small version shares a range with few others


def _version_index(schema_editor, table: str) -> str:
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, table)
    for name, info in constraints.items():
        if info["columns"] == ["version_id"] and info["index"] and not info["primary_key"]:
            return name
    raise RuntimeError(f"{table} has no index on its version.")


def _rebuild(method: str, options: str):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        quote = schema_editor.quote_name
        for table in TABLES:
            name = _version_index(schema_editor, table)
            schema_editor.execute(f"DROP INDEX {quote(name)}")
            schema_editor.execute(
                f"CREATE INDEX {quote(name)} ON {quote(table)} USING {method} "
                f'("version_id"){options}'
            )

    return run


class Migration(migrations.Migration):
    dependencies = [("returns", "0006_local_authority_cells")]

    operations = [
        migrations.RunPython(
            _rebuild("brin", f" WITH (pages_per_range = {PAGES_PER_RANGE}, autosummarize = on)"),
            _rebuild("btree", ""),
        )
    ]

"""On PostgreSQL, the cell tables keep their ids but drop the index of their primary key.

A version's cells are written once, by one COPY, and are only ever read or deleted by
version (through the block range index of migration 0007); nothing looks a cell up by
its id. Keeping the primary key's B-tree up to date was most of the cost of copying a
national upload's cells in: 288,862 cells took 1.4 s with it and 0.5 s without it on the
same server. The ids still come from the table's identity column, so they stay unique,
and the only writer is returns/storage.py. Each table's replica identity becomes FULL, so
a logical replica can still follow the deletion of a version's cells. SQLite keeps its
primary key, which is the row id itself and costs nothing more.
"""

from django.db import migrations

TABLES = ("returns_cubecell", "returns_measurecell", "returns_localauthoritycell")


def _primary_key(schema_editor, table: str) -> str | None:
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, table)
    return next((name for name, info in constraints.items() if info["primary_key"]), None)


def _drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    quote = schema_editor.quote_name
    for table in TABLES:
        if name := _primary_key(schema_editor, table):
            schema_editor.execute(f"ALTER TABLE {quote(table)} DROP CONSTRAINT {quote(name)}")
        schema_editor.execute(f"ALTER TABLE {quote(table)} REPLICA IDENTITY FULL")


def _restore(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    quote = schema_editor.quote_name
    for table in TABLES:
        if _primary_key(schema_editor, table) is None:
            schema_editor.execute(f'ALTER TABLE {quote(table)} ADD PRIMARY KEY ("id")')
        schema_editor.execute(f"ALTER TABLE {quote(table)} REPLICA IDENTITY DEFAULT")


class Migration(migrations.Migration):
    dependencies = [("returns", "0008_web_form_draft_places")]

    operations = [migrations.RunPython(_drop, _restore)]

"""Tables as JSON-safe data and back, so a publication keeps the figures it published.

A cell is a whole number, a decimal number, text (labels and the symbols of
disclosure/rules.py) or nothing; anything else is refused, so a snapshot can never hold
an object that JSON would turn into something else.
"""

from core.tables import Table

VERSION = 1


def _cell(value):
    if value is None or isinstance(value, str | int | float) and not isinstance(value, bool):
        return value
    raise ValueError(f"A published table may hold numbers and text only, not {value!r}.")


def snapshot(tables: list[Table]) -> list[dict]:
    return [
        {
            "version": VERSION,
            "slug": t.slug,
            "title": t.title,
            "headers": [str(h) for h in t.headers],
            "rows": [[_cell(v) for v in row] for row in t.rows],
            "notes": [str(n) for n in t.notes],
        }
        for t in tables
    ]


def from_snapshot(data: list[dict]) -> list[Table]:
    tables = []
    for item in data:
        if item.get("version") != VERSION:
            raise ValueError(f"A snapshot of version {item.get('version')!r} cannot be read.")
        tables.append(
            Table(
                title=item["title"],
                headers=list(item["headers"]),
                rows=[[_cell(v) for v in row] for row in item["rows"]],
                notes=list(item["notes"]),
                slug=item["slug"],
            )
        )
    return tables

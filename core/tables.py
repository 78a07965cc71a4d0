"""Tables that a page shows and a person can download as CSV, XLSX or ODS.

There is one writer for each format: CSV in core/exports.py, XLSX and ODS in
core/spreadsheets/ (which also write the bi-annual return and the open data).

Every spreadsheet Reach writes is safe against formula injection (core/exports.py): a
text cell that a spreadsheet would read as a formula is prefixed with an apostrophe,
while real numbers stay numbers.
"""

from dataclasses import dataclass, field

from core import exports

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
}


def safe_cell(value):
    """The value as a table cell holds it: numbers as numbers, text never a formula
    (core/exports.py), blanks as empty and yes/no in words."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    return exports.safe_cell(value)


@dataclass
class Table:
    title: str
    headers: list[str]
    rows: list[list] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    slug: str = "table"
    # For the page only, never in a download: an address for each row's first cell (None:
    # no link), and a CSS class for cells by their whole text (for example a GOV.UK tag).
    links: list[str | None] = field(default_factory=list)
    tags: dict[str, str] = field(default_factory=dict)

    def safe_rows(self) -> list[list]:
        return [[safe_cell(v) for v in row] for row in self.rows]


def to_csv(table: Table) -> bytes:
    """The table as CSV through the one CSV writer (core/exports.py), its notes below it."""
    notes = [[f"Note: {note}"] for note in table.notes]
    return exports.csv_bytes(table.headers, [*table.safe_rows(), *notes])


def workbook_sheet(table: Table):
    """The table as the one sheet of a workbook (core/spreadsheets/)."""
    from core.spreadsheets import Sheet

    return Sheet(table.title, [table])


def to_xlsx(table: Table) -> bytes:
    from core import spreadsheets

    return spreadsheets.to_xlsx([workbook_sheet(table)], title=table.title)


def to_ods(table: Table) -> bytes:
    from core import spreadsheets

    return spreadsheets.to_ods([workbook_sheet(table)], title=table.title)


WRITERS = {"csv": to_csv, "xlsx": to_xlsx, "ods": to_ods}


def render(table: Table, fmt: str) -> bytes:
    if fmt not in WRITERS:
        raise ValueError(f"Unknown download format {fmt!r}: use csv, xlsx or ods.")
    return WRITERS[fmt](table)

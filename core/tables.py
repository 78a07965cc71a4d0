"""Tables that a page shows and a person can download as CSV, XLSX or ODS.

Every spreadsheet Reach writes is safe against formula injection (core/exports.py): a
text cell that a spreadsheet would read as a formula is prefixed with an apostrophe,
while real numbers stay numbers.
"""

import csv
import io
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
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([safe_cell(h) for h in table.headers])
    writer.writerows(table.safe_rows())
    for note in table.notes:
        writer.writerow([safe_cell(f"Note: {note}")])
    # A BOM so that spreadsheet programs read the UTF-8 labels (for example Welsh) correctly.
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def to_xlsx(table: Table) -> bytes:
    import xlsxwriter

    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(
        buffer, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False}
    )
    sheet = workbook.add_worksheet(table.title[:31].translate(str.maketrans("[]:*?/\\", "       ")))
    bold = workbook.add_format({"bold": True})
    sheet.write_row(0, 0, [safe_cell(h) for h in table.headers], bold)
    for r, row in enumerate(table.safe_rows(), start=1):
        for c, value in enumerate(row):
            if isinstance(value, int | float):
                sheet.write_number(r, c, value)
            else:
                sheet.write_string(r, c, value)
    for i, note in enumerate(table.notes, start=len(table.rows) + 2):
        sheet.write_string(i, 0, safe_cell(f"Note: {note}"))
    sheet.set_column(0, max(len(table.headers) - 1, 0), 18)
    workbook.close()
    return buffer.getvalue()


def to_ods(table: Table) -> bytes:
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table as OdsTable
    from odf.table import TableCell, TableRow
    from odf.text import P

    document = OpenDocumentSpreadsheet()
    sheet = OdsTable(name=table.title[:31])

    def add_row(values):
        row = TableRow()
        for value in values:
            if isinstance(value, int | float) and not isinstance(value, bool):
                cell = TableCell(valuetype="float", value=value)
                cell.addElement(P(text=str(value)))
            else:
                cell = TableCell(valuetype="string")
                cell.addElement(P(text=str(value)))
            row.addElement(cell)
        sheet.addElement(row)

    add_row([safe_cell(h) for h in table.headers])
    for row in table.safe_rows():
        add_row(row)
    for note in table.notes:
        add_row([safe_cell(f"Note: {note}")])
    document.spreadsheet.addElement(sheet)
    buffer = io.BytesIO()
    document.write(buffer)
    return buffer.getvalue()


WRITERS = {"csv": to_csv, "xlsx": to_xlsx, "ods": to_ods}


def render(table: Table, fmt: str) -> bytes:
    if fmt not in WRITERS:
        raise ValueError(f"Unknown download format {fmt!r}: use csv, xlsx or ods.")
    return WRITERS[fmt](table)

"""Workbooks of several sheets, each a column of blocks (headings, text, label–value pairs,
tables), written as XLSX (xlsx.py, xlsxwriter) or ODS (ods.py, odfpy).

The one XLSX writer and the one ODS writer of Reach: a dashboard's table downloaded on its
own (core/tables.py), the bi-annual return (reports/workbook.py) and the open data of a
published report (publication/open_data.py) are all workbooks of sheets of blocks. Every
cell goes through core.tables.safe_cell, so text never becomes a formula
(core/exports.py) while numbers stay numbers and dates stay dates.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from core.tables import Table, safe_cell

# Column widths are in characters; no column narrower or (unless asked) wider than these.
MIN_WIDTH, MAX_WIDTH = 9, 50
PRINT_BUDGET, WIDE = 200, 22
NAME_FORBIDDEN = str.maketrans("[]:*?/\\", "       ")


@dataclass
class Heading:
    text: str


@dataclass
class Text:
    text: str
    strong: bool = False


@dataclass
class Pairs:
    rows: list[tuple[str, object]]


@dataclass
class Sheet:
    name: str
    blocks: list = field(default_factory=list)
    widths: dict[int, int] = field(default_factory=dict)  # column → width, overriding the fit
    # Plain: no merged cells and no blank rows between blocks, as the Analysis Function's
    # "Releasing statistics in spreadsheets" asks of published statistics.
    plain: bool = False
    # Format every column as text, so that what someone types there later is kept as typed
    # (a spreadsheet would otherwise turn an age band "12-15" into a date): for templates.
    text_columns: bool = False

    @property
    def safe_name(self) -> str:
        return self.name.translate(NAME_FORBIDDEN)[:31]


def cell_value(value):
    """The value as a cell holds it: numbers and dates typed, text safe, blanks empty."""
    value = safe_cell(value)
    if isinstance(value, Decimal):
        return float(value)
    return value


def _text_length(value) -> int:
    if isinstance(value, int | float | Decimal):
        return len(f"{value:,}") + 1
    if isinstance(value, datetime.date):
        return 17  # "24 November 2026"
    return max((len(line) for line in str(value).splitlines()), default=0)


def _places(table: Table) -> list[int]:
    """Decimal places for each column: as many as its most precise number (at most 2), so
    a column of ratios reads 0.90, 1.00, 1.23 rather than 0.9, 1, 1.23."""
    places = [0] * len(table.headers)
    for row in table.rows:
        for col, value in enumerate(row[: len(places)]):
            if isinstance(value, float | Decimal):
                decimals = f"{float(value):.4f}".rstrip("0").partition(".")[2]
                places[col] = max(places[col], min(len(decimals), 2))
    return places


def grid(sheet: Sheet):
    """Rows of (kind, values, decimal places per column or None) in order; kind picks the
    cell style."""
    for block in sheet.blocks:
        if isinstance(block, Heading):
            yield "heading", [block.text], None
        elif isinstance(block, Text):
            yield "strong" if block.strong else "text", [block.text], None
        elif isinstance(block, Pairs):
            for label, value in block.rows:
                yield "pair", [label, value], None
        elif isinstance(block, Table):
            if block.title:
                yield "heading", [block.title], None
            yield "header", list(block.headers), None
            if not block.rows:
                yield "text", ["None recorded."], None
            places = _places(block)
            for row in block.rows:
                yield "row", list(row), places
            for note in block.notes:
                yield "note", [f"Note: {note}"], None
        else:
            raise TypeError(f"Unknown block {block!r}")
        if not sheet.plain:
            yield "blank", [], None


# Free text (notes, explanations) runs across the sheet's columns in one merged, wrapped
# cell: left to spill over, one long note would widen the printed page to a thumbnail.
SPANNING = ("text", "strong", "note")


def span_lines(value, widths) -> int:
    per_line = max(int(sum(widths) * 1.2) - 1, 1)
    return sum(max(-(-len(line) // per_line), 1) for line in str(value).split("\n"))


def row_lines(values, widths, kind) -> int:
    """Lines a wrapped row needs: LibreOffice does not fit XLSX row heights on opening,
    so the writer sets them (10 point Arial fits about 1.2 characters a width unit)."""
    if kind not in ("header", "row", "pair"):
        return 1
    most = 1
    for col, value in enumerate(values):
        if isinstance(value, int | float | Decimal | datetime.date) or value is None:
            continue
        per_line = max(int(widths[col] * 1.2) - 1, 1) if col < len(widths) else 10**6
        lines = sum(max(-(-len(line) // per_line), 1) for line in str(value).split("\n"))
        most = max(most, lines)
    return most


def column_widths(sheet: Sheet) -> list[int]:
    widths: list[int] = []
    for kind, values, _ in grid(sheet):
        if kind in ("heading", "text", "strong", "note", "blank"):
            continue  # one long cell spills over empty neighbours; it does not set a width
        for col, value in enumerate(values):
            while len(widths) <= col:
                widths.append(MIN_WIDTH)
            # Headers wrap, so a long header asks for less room than its length.
            length = _text_length(value) // (2 if kind == "header" else 1)
            widths[col] = max(widths[col], min(length + 2, MAX_WIDTH))
    # A printed sheet is scaled to one page wide: past this many characters in all, the
    # widest columns give up room (wrapping more) so that the print stays readable.
    excess = sum(widths) - PRINT_BUDGET
    room = sum(w - WIDE for w in widths if w > WIDE)
    if excess > 0 and room:
        share = min(excess / room, 1)
        widths = [w - round((w - WIDE) * share) if w > WIDE else w for w in widths]
    for col, width in sheet.widths.items():
        while len(widths) <= col:
            widths.append(MIN_WIDTH)
        widths[col] = width
    return widths or [MIN_WIDTH]


def to_xlsx(sheets, **kw) -> bytes:
    from core.spreadsheets.xlsx import to_xlsx

    return to_xlsx(sheets, **kw)


def to_ods(sheets, **kw) -> bytes:
    from core.spreadsheets.ods import to_ods

    return to_ods(sheets, **kw)

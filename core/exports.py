"""Writers for the CSV and XLSX files Reach hands to people, safe against formula injection.

A value that starts with "=", "+", "-", "@", a tab or a carriage return is read by Excel,
LibreOffice and Google Sheets as a formula, so a referral ID or heading typed by one
person could run a formula on the computer of the person who opens our export (OWASP
"CSV injection"). Every CSV or spreadsheet Reach exports goes through `safe_cell`, which
prefixes such text with an apostrophe, the spreadsheet's own "this is text" mark. Genuine
numbers, including negative ones, stay numbers: "-3" or -3 is data, not a formula.

In XLSX files every string is also written as a string cell (never a formula cell), so the
apostrophe is only needed where a reader may later save the sheet as CSV.
"""

import csv
import datetime
import io
import re
from collections.abc import Iterable, Sequence
from decimal import Decimal

import polars as pl
import xlsxwriter

# Characters that make a spreadsheet treat a cell as a formula (OWASP CSV injection).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER_PATTERN = r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?"
_NUMBER = re.compile(_NUMBER_PATTERN)


def safe_cell(value):
    """The value, made safe to place in a CSV or spreadsheet cell.

    Numbers (and text that is exactly a number, such as "-12.5") are returned unchanged;
    other text starting with a formula trigger gets a leading apostrophe.
    """
    if value is None or isinstance(value, bool | int | float | Decimal):
        return value
    if isinstance(value, datetime.date):
        return value
    text = str(value)
    if text.startswith(FORMULA_TRIGGERS) and not _NUMBER.fullmatch(text):
        return "'" + text
    return text


def safe_expr(column: pl.Expr) -> pl.Expr:
    """`safe_cell` for a whole text column of a polars frame, vectorised."""
    risky = column.str.contains(r"^[=+\-@\t\r]") & ~column.str.contains(f"^{_NUMBER_PATTERN}$")
    return pl.when(risky).then(pl.lit("'") + column).otherwise(column)


def frame_csv_bytes(frame: pl.DataFrame) -> bytes:
    """A polars frame as CSV (UTF-8 with a byte order mark), every text cell safe.

    For large exports (a million problems, open data): no Python loop over rows.
    """
    safe = frame.with_columns(
        safe_expr(pl.col(name)).alias(name)
        for name, dtype in frame.schema.items()
        if dtype == pl.String
    ).rename(lambda name: str(safe_cell(name)))
    buffer = io.BytesIO()
    safe.write_csv(buffer, include_bom=True, line_terminator="\r\n")
    return buffer.getvalue()


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence]) -> bytes:
    """A CSV file (UTF-8 with a byte order mark, so Excel reads accents right), every cell safe."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([safe_cell(h) for h in header])
    for row in rows:
        writer.writerow(["" if v is None else safe_cell(v) for v in row])
    return buffer.getvalue().encode("utf-8-sig")


def xlsx_bytes(
    sheets: dict[str, tuple[Sequence[str], Iterable[Sequence]]], *, text_sheets=frozenset()
) -> bytes:
    """An XLSX workbook with one sheet per entry (name → (header, rows)), every cell safe.

    Strings are written with `write_string`, so nothing is ever stored as a formula. The
    columns of `text_sheets` are formatted as text, so what someone types there later is
    kept as typed (Excel would otherwise turn an age band "12-15" into a date).
    """
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(
        buffer, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False}
    )
    bold = workbook.add_format({"bold": True})
    date_format = workbook.add_format({"num_format": "yyyy-mm-dd"})
    text = workbook.add_format({"num_format": "@"})
    for name, (header, rows) in sheets.items():
        sheet = workbook.add_worksheet(name[:31])
        for col, title in enumerate(header):
            sheet.write_string(0, col, str(safe_cell(title)), bold)
        widths = [len(str(h)) for h in header]
        for r, row in enumerate(rows, start=1):
            for col, value in enumerate(row):
                _write(sheet, r, col, safe_cell(value), date_format)
                if col < len(widths):
                    widths[col] = max(widths[col], len(str(value or "")))
        for col, width in enumerate(widths):
            cell_format = text if name in text_sheets else None
            sheet.set_column(col, col, min(max(width, 8) + 2, 60), cell_format)
        sheet.freeze_panes(1, 0)
    workbook.close()
    return buffer.getvalue()


def _write(sheet, row: int, col: int, value, date_format) -> None:
    if value is None:
        return
    if isinstance(value, bool):
        sheet.write_boolean(row, col, value)
    elif isinstance(value, int | float | Decimal):
        sheet.write_number(row, col, float(value))
    elif isinstance(value, datetime.date):
        sheet.write_datetime(row, col, value, date_format)
    else:
        sheet.write_string(row, col, str(value))

"""Writers for the CSV and XLSX files Reach hands to people, safe against formula injection.

A value that starts with "=", "+", "-", "@", a tab or a carriage return is read by Excel,
LibreOffice and Google Sheets as a formula, so a referral ID or heading typed by one
person could run a formula on the computer of the person who opens our export (OWASP
"CSV injection"). Every CSV or spreadsheet Reach exports goes through `safe_cell`, which
prefixes such text with an apostrophe, the spreadsheet's own "this is text" mark. Genuine
numbers, including negative ones, stay numbers: "-3" or -3 is data, not a formula.

This module is the one CSV writer; core/spreadsheets/ is the one XLSX and ODS writer. In
XLSX files every string is also written as a string cell (never a formula cell), so the
apostrophe is only needed where a reader may later save the sheet as CSV.
"""

import csv
import datetime
import io
import re
from collections.abc import Iterable, Sequence
from decimal import Decimal

import polars as pl

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

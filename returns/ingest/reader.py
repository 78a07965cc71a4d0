"""Read an upload's bytes into text columns, exactly as the officer's file holds them.

CSV: UTF-8 with or without a byte order mark, UTF-16 with one (Excel's "Unicode text"),
otherwise Windows-1252 (what Excel's plain "CSV" writes on a UK Windows computer); the
separator (comma, semicolon, tab or bar) is sniffed from the heading line. Every column
is read as text, so nothing is guessed ("01" stays "01"). A plain file (no quotation
marks, lines ending in LF or CRLF, no row longer than the headings) is parsed by the
compiled reader (`read_plain`, returns/ingest/native/csvscan.c); any other by polars,
which gives the same frame for a plain file.

XLSX: openpyxl in read-only, values-only mode (data_only=True): formulas are never
evaluated; a formula cell gives the value Excel saved with it, or a blank if none was
saved. The first sheet is read. defusedxml is installed, which openpyxl uses against
XML entity attacks; the zip's numbers are checked before this (returns/ingest/rules/file.py).

Exports are not always a bare table: a report may put a title, a date range or a blank
line above the headings, and a total or "report generated on" below the records. The
heading row is the first of the first rows to hold two or more headings Reach knows
(`heading`, from returns/ingest/columns.py); rows above it are left out as a title. A few
rows at the end holding only a value or two are left out as a footer. The result says
both (returns/ingest/rules/columns.py).

Row numbers are the officer's: the line or sheet row as their program shows it. Blank
rows are skipped but keep their numbering.

Speed: a CSV column whose heading is a coded field (`coded`: an ethnic group, a date, an
outcome measure, ...) is parsed straight into polars categories, one set of its own per
column, so a million cells become a million small integers and a few dozen distinct
texts. Checking and counting then work on the integers (returns/ingest/validate.py).
Every other column, the referral ID among them, is read as text. A sheet's categories
are exactly the texts its column holds: where rows are left out (a footer), the column
is numbered afresh.
"""

import codecs
import csv
import datetime
import io
import os
import re
import uuid
import warnings
from collections.abc import Callable
from dataclasses import dataclass

import charset_normalizer
import numpy as np
import openpyxl
import polars as pl

from returns.ingest.context import ROW

try:  # compiled by `make install` (setup.py); without it, polars reads every file
    from returns.ingest import _csvscan
except ImportError:  # pragma: no cover - a tree where the module was not built
    _csvscan = None
from returns.ingest.rules.file import (
    FILE_UNREADABLE,
    MAX_ROWS,
    MAX_XLSX_ROWS,
    RAGGED_ROW,
    detect_kind,
    refuse_if_too_long,
    refuse_rows,
)

MAX_COLUMNS = 300
SCAN_THREADS = min(os.cpu_count() or 1, 4)  # the compiled reader's threads for a large file
# Records sent as JSON: {"rows": [{"heading": value, ...}, ...]} is three levels deep. A
# little room above that for a client's wrapping; nesting far deeper is refused before
# the JSON is parsed, so no body can exhaust the parser (api/views/returns.py).
MAX_JSON_DEPTH = 8
MAX_LOCATED = 1000  # ragged rows listed before giving up
LIMITS_EVERY = 4096  # a workbook's rows read between looks at the time limit
SEPARATORS = (",", ";", "\t", "|")
HEADING_SEARCH_ROWS = 30  # the heading row is looked for among this many first rows
HEADINGS_TO_FIND = 2  # known headings that mark the heading row
FOOTER_ROWS = 10  # at most this many rows at the end are left out as a footer
FOOTER_VALUES = 2  # a footer row holds at most this many values
_SEP_HINT = re.compile(r"^sep=(.)\s*$")  # Excel's "sep=;" first line

Heading = Callable[[str], bool]


@dataclass
class Sheet:
    headings: list[str]
    frame: pl.DataFrame  # c0…cN (text, null when blank) and ROW
    kind: str  # csv, xlsx or json
    encoding: str = ""
    separator: str = ""
    header_row: int = 1  # where the headings were found
    footer_rows: int = 0  # rows left out at the end as a report footer


def read(data: bytes, heading: Heading | None = None, coded: Heading | None = None) -> Sheet:
    """The file as a sheet; `heading` tells a heading Reach knows (to find the heading
    row), `coded` a heading whose column holds codes (read as categories)."""
    if detect_kind(data) == "xlsx":
        return read_xlsx(data, heading)
    return read_csv(data, heading, coded)


def header_index(rows: list[list[str | None]], heading: Heading | None) -> int:
    """Which of the first rows holds the headings: the first with HEADINGS_TO_FIND known
    headings, else the first that is not blank."""
    first = next((i for i, row in enumerate(rows) if any(c and c.strip() for c in row)), 0)
    if heading is None:
        return first
    for i, row in enumerate(rows[:HEADING_SEARCH_ROWS]):
        if sum(1 for c in row if c and c.strip() and heading(c.strip())) >= HEADINGS_TO_FIND:
            return i
    return first


# CSV ---------------------------------------------------------------------------------


def to_utf8(data: bytes) -> tuple[bytes, str]:
    """The bytes as UTF-8, and the encoding they were read as."""
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :], "UTF-8"
    try:
        if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            return data.decode("utf-16").encode("utf-8"), "UTF-16"
        if data.isascii():  # most exports: ASCII is UTF-8, and checking it is cheaper
            return data, "UTF-8"
        data.decode("utf-8")
        return data, "UTF-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252").encode("utf-8"), "Windows-1252"
    except UnicodeDecodeError:
        pass
    # Not Windows-1252 either (it leaves five bytes undefined): let the detector judge.
    best = charset_normalizer.from_bytes(data).best()
    if best is None:
        raise FILE_UNREADABLE.refuse(
            message="Reach could not tell how the file's text is encoded. Save it from Excel "
            "as 'CSV UTF-8 (Comma delimited)' and upload that."
        )
    return str(best).encode("utf-8"), best.encoding


def sniff_separator(first_line: str) -> str:
    counts = {sep: first_line.count(sep) for sep in SEPARATORS}
    best = max(SEPARATORS, key=lambda sep: counts[sep])  # ties go to the comma (first)
    return best if counts[best] else ","


def read_csv(data: bytes, heading: Heading | None = None, coded: Heading | None = None) -> Sheet:
    utf8, encoding = to_utf8(data)
    sample = utf8[:1_000_000].decode("utf-8", errors="ignore")
    if not sample.strip():
        raise FILE_UNREADABLE.refuse(
            message="The file is empty. Upload the return with its headings."
        )
    lines = sample.split("\n", HEADING_SEARCH_ROWS + 1)[: HEADING_SEARCH_ROWS + 1]
    hinted = None
    if lines and (m := _SEP_HINT.match(lines[0].lstrip("\ufeff"))):
        hinted = m[1]
    rows = []
    for number, line in enumerate(lines):
        if number == 0 and hinted:
            rows.append([None])
            continue
        separator = hinted or sniff_separator(line)
        try:
            rows.append(next(csv.reader([line], delimiter=separator), []))
        except csv.Error:
            rows.append([line])
    skip = header_index(rows, heading)
    separator = hinted or sniff_separator(lines[skip] if skip < len(lines) else lines[0])
    try:
        headings = next(csv.reader(io.StringIO(sample.split("\n", skip)[-1]), delimiter=separator))
    except (csv.Error, StopIteration):
        raise FILE_UNREADABLE.refuse(message="Reach could not read the heading row.") from None
    headings = [h.strip() for h in headings]
    if not any(headings):
        raise FILE_UNREADABLE.refuse(
            message="The first line is blank. Put the column headings on the first line."
        )
    _check_width(len(headings))
    names = [f"c{i}" for i in range(len(headings))]
    options = dict(has_header=True, new_columns=names, separator=separator, infer_schema=False)
    if coded is not None:
        options["schema_overrides"] = _categories(names, headings, coded)
    heading_at = _line_offset(utf8, skip)
    frame = read_plain(utf8, heading_at, separator, names, options.get("schema_overrides", {}))
    if frame is None:
        body = utf8[heading_at:]  # from the heading row on
        try:
            frame = pl.read_csv(body, raise_if_empty=False, **options)
        except pl.exceptions.PolarsError as error:
            frame = _after_parse_error(body, separator, len(headings), error, options, skip)
    if frame.width != len(headings):
        raise FILE_UNREADABLE.refuse(message="Reach could not match the rows to the headings.")
    refuse_rows(frame.height, "csv")
    frame = frame.with_row_index(ROW, offset=skip + 2).with_columns(pl.col(ROW).cast(pl.Int64))
    sheet = Sheet(headings, frame, "csv", encoding, separator, header_row=skip + 1)
    return _tidy(sheet)


class _ArrowStrings:
    """A text column from the compiled reader, handed to polars through the Arrow C data
    interface: polars takes its buffers without copying them."""

    def __init__(self, capsules) -> None:
        self._capsules = capsules

    def __arrow_c_array__(self, requested_schema=None):
        return self._capsules


def read_plain(
    utf8: bytes,
    heading_at: int,
    separator: str,
    names: list[str],
    categories: dict,
    threads: int = SCAN_THREADS,
) -> pl.DataFrame | None:
    """The records under the heading row (which starts at `heading_at`) of a plain file (no
    quotation marks, no stray carriage returns, no row longer than the headings), read by
    the compiled reader (returns/ingest/native/): the frame polars gives for the same
    bytes, columns `names`, those in `categories` as those categorical types, in about
    half polars' time. None for any other file, which polars then reads: quoting, ragged
    rows and their messages are polars' alone."""
    start = utf8.find(b"\n", heading_at) + 1
    if _csvscan is None or not start or b'"' in utf8[heading_at:start]:
        return None
    coded = bytes(name in categories for name in names)
    scanned = _csvscan.scan(utf8, start, separator, coded, threads, MAX_ROWS)
    if isinstance(scanned, int):  # refused before anything is read into memory
        refuse_rows(scanned, "csv")
    if scanned is None:
        return None
    _rows, columns = scanned
    raw, tables = [], {}
    for name, column in zip(names, columns, strict=True):
        if name in categories:
            codes, texts = column
            raw.append(pl.Series(name, np.frombuffer(codes, dtype=np.uint32)))
            tables[name] = pl.Series(texts + [None], dtype=categories[name])  # blank: the last
        else:
            raw.append(pl.Series(_ArrowStrings(column)).alias(name))
    return pl.DataFrame(raw).select(
        pl.lit(tables[name]).gather(pl.col(name)).alias(name) if name in tables else name
        for name in names
    )


def _categories(names: list[str], headings: list[str], coded: Heading) -> dict:
    """A categorical type for each coded column, with categories of its own: a column's
    codes are then numbered 0, 1, 2, ... in the order they first appear."""
    read = uuid.uuid4().hex
    return {
        name: pl.Categorical(pl.Categories(name, namespace=f"reach-upload-{read}"))
        for name, text in zip(names, headings, strict=True)
        if text and coded(text)
    }


def _line_offset(data: bytes, lines: int) -> int:
    """Where line number `lines` (from 0) starts in `data`."""
    offset = 0
    for _ in range(lines):
        found = data.find(b"\n", offset)
        if found < 0:
            return len(data)
        offset = found + 1
    return offset


def _after_parse_error(
    utf8: bytes, separator: str, width: int, error, options, skip: int = 0
) -> pl.DataFrame:
    """Rows longer than the heading: fine if the extras are empty (trailing separators);
    otherwise each such row is a problem. Anything else is an unreadable file."""
    text = utf8.decode("utf-8", errors="replace")
    problems = []
    try:
        for number, record in enumerate(
            csv.reader(io.StringIO(text), delimiter=separator), skip + 1
        ):
            extra = [v for v in record[width:] if v.strip()]
            if number > skip + 1 and extra:
                problems.append(
                    RAGGED_ROW.problem(
                        row=number,
                        value=separator.join(extra)[:200],
                        message=f"Row {number} has {len(record)} values but the file has "
                        f"{width} headings. Remove the extra values, or give their column a "
                        "heading. (A value containing a separator needs quotation marks.)",
                    )
                )
                if len(problems) >= MAX_LOCATED:
                    break
    except csv.Error:
        pass
    if problems:
        from returns.ingest.rules.base import Refused

        raise Refused(problems)
    try:
        return pl.read_csv(utf8, raise_if_empty=False, truncate_ragged_lines=True, **options)
    except pl.exceptions.PolarsError:
        first = str(error).strip().splitlines()[0][:200]
        raise FILE_UNREADABLE.refuse(
            message="Reach could not read the file as CSV: check for a quotation mark that "
            f"is not closed. (The reader said: {first})"
        ) from None


def _check_width(width: int) -> None:
    if width > MAX_COLUMNS:
        raise FILE_UNREADABLE.refuse(
            message=f"The file has more than {MAX_COLUMNS} columns; a return has about twenty. "
            "Check that the separator is a comma, semicolon or tab, and remove other columns."
        )


# XLSX --------------------------------------------------------------------------------


def cell_text(value) -> str | None:
    """A cell's value as the text a CSV export of it would hold."""
    if value is None:
        return None
    if isinstance(value, str):
        return value if value.strip() else None
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime.datetime):
        if value.time() == datetime.time(0):
            return value.date().isoformat()
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    return str(value)


def read_xlsx(data: bytes, heading: Heading | None = None) -> Sheet:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about styles it does not read
            book = openpyxl.load_workbook(
                io.BytesIO(data), read_only=True, data_only=True, keep_links=False
            )
    except Exception:  # openpyxl raises many kinds for a damaged workbook
        raise FILE_UNREADABLE.refuse(
            message="Reach could not open the workbook: it may be damaged. Save it again from "
            "Excel as 'Excel Workbook (.xlsx)'."
        ) from None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return _read_sheet(book.worksheets[0], heading)
    finally:
        book.close()


def _read_sheet(sheet, heading: Heading | None = None) -> Sheet:
    sheet.reset_dimensions()  # the saved size can be wrong (or huge); read what is there
    rows = sheet.iter_rows(max_col=MAX_COLUMNS + 1, values_only=True)
    first: list[tuple[int, list[str | None]]] = []
    for number, row in enumerate(rows, 1):
        first.append((number, [cell_text(v) for v in row]))
        if len(first) >= HEADING_SEARCH_ROWS:
            break
    if not any(any(texts) for _, texts in first):
        raise FILE_UNREADABLE.refuse(message="The first sheet is empty. Put the return on it.")
    index = header_index([texts for _, texts in first], heading)
    header_row = first[index][0]
    headings = [(t or "").strip() for t in first[index][1]]
    while headings and not headings[-1]:
        headings.pop()
    if not headings:
        raise FILE_UNREADABLE.refuse(message="The first sheet is empty. Put the return on it.")
    _check_width(len(headings))
    width = len(headings)
    columns: list[list[str | None]] = [[] for _ in range(width)]
    numbers = []

    def add(number: int, texts: list[str | None]) -> None:
        texts = texts[:width]
        if not any(texts):
            return
        numbers.append(number)
        texts += [None] * (width - len(texts))
        for column, text in zip(columns, texts, strict=False):
            column.append(text)

    for number, texts in first[index + 1 :]:
        add(number, texts)
    rest = sheet.iter_rows(min_row=first[-1][0] + 1, max_col=width, values_only=True)
    for number, row in enumerate(rest, first[-1][0] + 1):
        if not number % LIMITS_EVERY:
            refuse_if_too_long()
        if number > MAX_XLSX_ROWS:
            refuse_rows(number, "xlsx")
        if any(v is not None for v in row):
            add(number, [cell_text(v) for v in row])
    frame = pl.DataFrame(
        {ROW: pl.Series(numbers, dtype=pl.Int64)}
        | {f"c{i}": pl.Series(values, dtype=pl.String) for i, values in enumerate(columns)}
    )
    return _tidy(Sheet(headings, frame, "xlsx", header_row=header_row))


# JSON (the API) ----------------------------------------------------------------------


_JSON_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"', re.DOTALL)
_NOT_BRACKETS = bytes(b for b in range(256) if b not in b"[]{}")


def json_depth(body: bytes) -> int:
    """How deeply a JSON text nests its arrays and objects, counted without parsing it
    (brackets inside strings do not count). Linear in the body's size."""
    brackets = _JSON_STRING.sub(b"", body).translate(None, _NOT_BRACKETS)
    depth = deepest = 0
    for opening in brackets.replace(b"]", b"}").split(b"}"):
        depth += len(opening)
        deepest = max(deepest, depth)
        depth = max(depth - 1, 0)
    return deepest


def json_depth_problem(body: bytes) -> str | None:
    """The message for a JSON body nested deeper than MAX_JSON_DEPTH, else None."""
    if json_depth(body) <= MAX_JSON_DEPTH:
        return None
    return (
        f"The JSON is nested more than {MAX_JSON_DEPTH} levels deep. Send the records as a "
        'list of flat objects: {"rows": [{"referral_id": "R-1", "ethnicity": "7", ...}]}.'
    )


def from_rows(rows: list) -> Sheet:
    """API records (a list of objects) as a sheet; row N is the Nth record, from 1. The
    limits of a file hold: at most MAX_COLUMNS headings, and each value one cell's worth
    (text, a number, true or false, or null), never a list or an object."""
    headings: dict[str, None] = {}
    for number, row in enumerate(rows, 1):
        if not isinstance(row, dict):
            raise FILE_UNREADABLE.refuse(
                row=number, message=f"Record {number} is not an object of column: value pairs."
            )
        headings.update(dict.fromkeys(str(k) for k in row))
        _check_width(len(headings))
        for heading, value in row.items():
            if isinstance(value, dict | list | tuple):
                raise FILE_UNREADABLE.refuse(
                    row=number,
                    message=f"Record {number} holds a list or an object under '{str(heading)[:60]}'. "
                    "Send each value as text, a number, true or false, or null, as one cell "
                    "of a spreadsheet holds.",
                )
    keys = list(headings)
    columns = {
        f"c{i}": pl.Series([cell_text(row.get(key)) for row in rows], dtype=pl.String)
        for i, key in enumerate(keys)
    }
    frame = pl.DataFrame({ROW: pl.Series(range(1, len(rows) + 1), dtype=pl.Int64)} | columns)
    return Sheet([k.strip() for k in keys], frame, "json")


def _tidy(sheet: Sheet) -> Sheet:
    """Drop columns with neither heading nor values (trailing separators, Excel's stray
    formatting), renumbering the rest c0…cN, and a report footer at the end."""
    keep = [
        i
        for i, heading in enumerate(sheet.headings)
        if heading or sheet.frame.get_column(f"c{i}").null_count() < sheet.frame.height
    ]
    if len(keep) != len(sheet.headings):
        sheet.frame = sheet.frame.select(
            ROW, *[pl.col(f"c{old}").alias(f"c{new}") for new, old in enumerate(keep)]
        )
        sheet.headings = [sheet.headings[i] for i in keep]
    return _without_footer(sheet)


def _without_footer(sheet: Sheet) -> Sheet:
    """A few rows at the end with only a value or two ("Total: 1,802", "Report run on ...")
    are a footer, not referrals. Only where a record has more columns than that."""
    width = len(sheet.headings)
    if width <= 2 * FOOTER_VALUES or sheet.frame.height <= FOOTER_ROWS:
        return sheet
    tail = sheet.frame.tail(FOOTER_ROWS)
    filled = tail.select(
        pl.sum_horizontal(pl.col(f"c{i}").is_not_null().cast(pl.Int32) for i in range(width))
    ).to_series()
    footer = 0
    for n in reversed(filled.to_list()):
        if n > FOOTER_VALUES:
            break
        footer += 1
    if footer:
        frame = sheet.frame.head(sheet.frame.height - footer)
        renumbered = _categories(frame.columns, frame.columns, lambda name: True)
        sheet.frame = frame.with_columns(
            pl.col(name).cast(pl.String).cast(renumbered[name])
            for name, dtype in frame.schema.items()
            if isinstance(dtype, pl.Categorical)
        )
        sheet.footer_rows = footer
    return sheet

"""File rules: is this a file Reach will open at all?

These run on the bytes before anything parses them: the size limit
(settings.MAX_UPLOAD_BYTES, checked here and only here: the upload form, the API and the
background check all call `upload_size_problem`), the file type (CSV or XLSX only: no macros, no old binary
.xls, no password-protected workbooks) and, for XLSX, the zip archive's own numbers,
checked before any member is decompressed so that a "zip bomb" (a small file that
expands to gigabytes) is refused in milliseconds.
"""

import contextlib
import contextvars
import io
import time
import zipfile

from django.conf import settings

from returns.ingest.context import FileCheck
from returns.ingest.problems import Severity
from returns.ingest.rules.base import Stage, declare, rule

# Zip limits. An XLSX of a million referrals is about 40 MB and expands roughly tenfold;
# a zip bomb expands a thousandfold or more.
MAX_ARCHIVE_MEMBERS = 1000
MAX_COMPRESSION_RATIO = 100
MAX_UNCOMPRESSED_BYTES = 1024**3

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old .xls, and every password-protected workbook
_SAVE_AS = "Save it from Excel as 'Excel Workbook (.xlsx)' or 'CSV UTF-8', then upload that."


def detect_kind(data: bytes) -> str:
    """ "xlsx", "csv", or a description of a file type Reach refuses."""
    if data.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        try:
            names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
        except (zipfile.BadZipFile, ValueError, OSError):
            return "a damaged zip archive"
        if any(name.lower().endswith("vbaproject.bin") for name in names):
            return "a workbook with macros"
        if "xl/workbook.xml" in names:
            return "xlsx"
        if "mimetype" in names:
            return "an OpenDocument file"
        return "a zip archive, not a spreadsheet"
    if data.startswith(_OLE):
        return "an Excel 97-2003 (.xls) or password-protected workbook"
    if data.startswith(b"%PDF"):
        return "a PDF"
    head = data[:65536]
    if b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "not a text file"
    return "csv"


def upload_limit() -> int:
    return settings.MAX_UPLOAD_BYTES


def limit_text(limit: int | None = None) -> str:
    """The size limit as a person reads it: "50 MB"."""
    megabytes = f"{(limit or upload_limit()) / 1024**2:.1f}".removesuffix(".0")
    return f"{megabytes} MB"


def upload_size_problem(size: int, limit: int | None = None) -> str | None:
    """The message for a file of `size` bytes over the limit, else None."""
    limit = limit or upload_limit()
    if size <= limit:
        return None
    return (
        f"The file is {size / 1024**2:.1f} MB; Reach accepts files up to {limit_text(limit)}. "
        "Remove columns Reach does not use, save it as XLSX (which is smaller), or split "
        "the period's referrals and send them through the API."
    )


def records_size_problem(size: int) -> str | None:
    """Records sent as JSON are read whole (settings.DATA_UPLOAD_MAX_MEMORY_SIZE), so their
    limit is lower than a file's: the message for `size` bytes over it, else None."""
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    if size <= limit:
        return None
    return (
        f"The records are {size / 1024**2:.1f} MB; Reach reads up to {limit_text(limit)} of "
        f"records at once. Send them as a CSV or XLSX file (up to {limit_text()}), or in "
        "several requests."
    )


@rule(
    "file_too_large",
    Severity.ERROR,
    Stage.FILE,
    "The file is larger than Reach accepts. Remove columns Reach does not use, or save it "
    "as XLSX, which is smaller.",
)
def file_too_large(check: FileCheck):
    message = upload_size_problem(len(check.data), check.max_bytes)
    if message is None:
        return []
    return [
        file_too_large.problem(
            value=f"{len(check.data) / 1024**2:.1f} MB",
            message=message,
            allowed=f"up to {limit_text(check.max_bytes)}",
        )
    ]


@rule(
    "file_type_refused",
    Severity.ERROR,
    Stage.FILE,
    "Reach reads CSV and Excel (.xlsx) files only. " + _SAVE_AS,
)
def file_type_refused(check: FileCheck):
    kind = detect_kind(check.data)
    if kind in ("csv", "xlsx"):
        return []
    return [
        file_type_refused.problem(
            value=check.file_name,
            message=f"'{check.file_name}' is {kind}. Reach reads CSV and Excel (.xlsx) files "
            "only, without macros or passwords. " + _SAVE_AS,
            allowed="CSV or .xlsx",
        )
    ]


@rule(
    "archive_unsafe",
    Severity.ERROR,
    Stage.FILE,
    "The workbook expands to far more data than a return holds, so Reach will not open it.",
)
def archive_unsafe(check: FileCheck):
    if detect_kind(check.data) != "xlsx":
        return []
    infos = zipfile.ZipFile(io.BytesIO(check.data)).infolist()
    expanded = sum(info.file_size for info in infos)
    limit = getattr(settings, "MAX_XLSX_UNCOMPRESSED_BYTES", MAX_UNCOMPRESSED_BYTES)
    why = ""
    if len(infos) > MAX_ARCHIVE_MEMBERS:
        why = f"it holds {len(infos):,} parts (an Excel workbook has a few dozen)"
    elif expanded > limit:
        why = f"it expands to {expanded / 1024**2:,.0f} MB (the limit is {limit / 1024**2:,.0f} MB)"
    elif expanded > MAX_COMPRESSION_RATIO * max(len(check.data), 1):
        why = f"it expands {expanded / max(len(check.data), 1):,.0f} times (a workbook expands about ten times)"
    if not why:
        return []
    return [
        archive_unsafe.problem(
            value=check.file_name,
            message=f"Reach will not open '{check.file_name}': {why}. Save the return again "
            "from Excel as a new workbook, or as CSV UTF-8.",
            allowed="an ordinary .xlsx workbook",
        )
    ]


FILE_UNREADABLE = declare(
    "file_unreadable",
    Severity.ERROR,
    Stage.FILE,
    "Reach could not read the file. " + _SAVE_AS,
)
RAGGED_ROW = declare(
    "row_too_many_values",
    Severity.ERROR,
    Stage.FILE,
    "A row has more values than the file has headings. Remove the extra values, or give "
    "their column a heading.",
)


# Rows and time: no file holds a worker for long. A sheet of Excel holds 1,048,576 rows,
# and so may a CSV file here. A workbook is read cell by cell (each cell is XML), about
# fifty times slower than CSV, so it is stopped sooner; rows that are empty but formatted
# count, because each still has to be read. Every check also has a time limit.
MAX_ROWS = 1_048_576
MAX_XLSX_ROWS = 200_000
CHECK_SECONDS = 120

TOO_MANY_ROWS = declare(
    "file_too_many_rows",
    Severity.ERROR,
    Stage.FILE,
    "The file has more rows than Reach reads. Delete empty rows below the records, or save "
    "the return as CSV UTF-8.",
)
CHECK_TOO_LONG = declare(
    "check_too_long",
    Severity.ERROR,
    Stage.FILE,
    "Checking the file took longer than Reach allows. Send the period's referrals as CSV, "
    "or in smaller files through the API.",
)


def rows_problem(rows: int, kind: str) -> str | None:
    """The message for a file read past its row limit (`kind` "xlsx" or "csv"), else None."""
    if kind == "xlsx":
        if rows <= MAX_XLSX_ROWS:
            return None
        return (
            f"The workbook's first sheet runs past row {MAX_XLSX_ROWS:,}, counting empty rows "
            f"that still hold formatting; Reach reads up to {MAX_XLSX_ROWS:,} rows from a "
            "workbook. If the records end sooner, select the empty rows below them, delete "
            "them (not just their contents) and save; otherwise save the sheet as 'CSV "
            f"UTF-8', which Reach reads up to {MAX_ROWS:,} rows."
        )
    if rows <= MAX_ROWS:
        return None
    return (
        f"The file has {rows:,} rows; Reach reads up to {MAX_ROWS:,} (as many as a sheet of "
        "Excel holds). Split the period's referrals into two files, or send them through "
        "the API."
    )


def refuse_rows(rows: int, kind: str) -> None:
    """Stop reading a file that has gone past its row limit."""
    if message := rows_problem(rows, kind):
        raise TOO_MANY_ROWS.refuse(value=f"{rows:,} rows", message=message)


_deadline: contextvars.ContextVar[tuple[float, float] | None] = contextvars.ContextVar(
    "check_deadline", default=None
)


@contextlib.contextmanager
def check_time_limit(seconds: float | None = None):
    """Within this block, `refuse_if_too_long` stops a check once it has run `seconds`."""
    seconds = seconds or CHECK_SECONDS
    token = _deadline.set((time.monotonic() + seconds, seconds))
    try:
        yield
    finally:
        _deadline.reset(token)


def refuse_if_too_long() -> None:
    """Called between stages and every few thousand rows read."""
    limit = _deadline.get()
    if limit is not None and time.monotonic() > limit[0]:
        took = f"{limit[1] / 60:g} minutes" if limit[1] >= 60 else f"{limit[1]:g} seconds"
        raise CHECK_TOO_LONG.refuse(
            message=f"Reach stopped checking the file after {took}, the longest a "
            "check may take. Save the return as 'CSV UTF-8', which is quicker to check, or "
            "send the period's referrals in smaller files."
        )

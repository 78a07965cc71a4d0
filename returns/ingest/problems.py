"""Problems found in a return, one per cell (or per file or column), in a data officer's terms.

A problem says where (the row number as the officer sees it in Excel: the heading is row
1, the first record row 2; and the column heading as written in their file), what was
found, and what is allowed. Problems are kept as a polars frame because a badly exported
file can have a million of them; `Problem` objects are built only for what is shown.
"""

from collections.abc import Iterable
from dataclasses import asdict, dataclass
from enum import StrEnum

import polars as pl


class Severity(StrEnum):
    """ERROR blocks the return; QUERY lets it through once the submitter explains it (and
    then the commissioner must accept it); NOTE needs nothing: it says how the file was read."""

    ERROR = "error"
    QUERY = "query"
    NOTE = "note"


@dataclass(frozen=True)
class SeverityTag:
    """How a severity is shown: its GOV.UK tag colour and what one and many are called."""

    colour: str
    one: str
    many: str

    def words(self, count: int) -> str:
        return f"{count} {self.one if count == 1 else self.many}"


#: Each severity's tag, shown by `{% severity_tag %}` (returns/templatetags/problem_tags.py).
SEVERITY_TAGS = {
    Severity.ERROR: SeverityTag("red", "problem", "problems"),
    Severity.QUERY: SeverityTag("yellow", "query", "queries"),
    Severity.NOTE: SeverityTag("grey", "note", "notes"),
}


@dataclass(frozen=True)
class Problem:
    code: str
    severity: str
    row: int | None  # None for problems with the whole file or a whole column
    column: str
    value: str
    message: str
    allowed: str = ""


PROBLEM_SCHEMA = {
    "code": pl.String,
    "severity": pl.String,
    "row": pl.Int64,
    "column": pl.String,
    "value": pl.String,
    "message": pl.String,
    "allowed": pl.String,
}
PROBLEM_COLUMNS = tuple(PROBLEM_SCHEMA)


def empty_frame() -> pl.DataFrame:
    return pl.DataFrame(schema=PROBLEM_SCHEMA)


def frame_of(problems: Iterable[Problem]) -> pl.DataFrame:
    rows = [asdict(p) for p in problems]
    if not rows:
        return empty_frame()
    return pl.DataFrame(rows, schema=PROBLEM_SCHEMA)


def concat(frames: Iterable[pl.DataFrame]) -> pl.DataFrame:
    frames = [f.select(PROBLEM_COLUMNS).cast(PROBLEM_SCHEMA) for f in frames if f.height]
    if not frames:
        return empty_frame()
    return pl.concat(frames, how="vertical")


def to_problems(frame: pl.DataFrame) -> list[Problem]:
    return [Problem(**row) for row in frame.select(PROBLEM_COLUMNS).iter_rows(named=True)]

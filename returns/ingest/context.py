"""What each stage's rules look at. Plain data, built by the reader, columns and validate."""

import datetime
from dataclasses import dataclass, field

import polars as pl

# Internal column names in the frames below. "__row" is the row number the officer sees.
ROW = "__row"
AGE = "__age"  # an exact age column, banded into age_band and never kept


@dataclass(frozen=True)
class FileCheck:
    data: bytes
    file_name: str
    max_bytes: int


@dataclass(frozen=True)
class ColumnMatch:
    """What one heading of the file was matched to."""

    position: int
    heading: str
    field: str | None  # a standard column name, AGE, or None (not used)
    how: str  # standard, synonym, measure, exact age, identifying, unknown, unnamed, not used
    reason: str = ""  # for identifying columns: what they hold ("postcodes"); else a note


@dataclass(frozen=True)
class ColumnCheck:
    matches: list[ColumnMatch]
    accepted: list[str]  # every column name the standard accepts, for messages
    required: list[str]  # standard columns a file must have


@dataclass
class Conversion:
    """How one column's text becomes its canonical value, and what did not convert.

    Built from the column's distinct values (a column of a million cells has a few dozen),
    so every lookup runs once per distinct value and the result is joined back vectorised.
    """

    field: str
    kind: str  # id, date, code, measure, flag, age
    expr: pl.Expr  # the canonical value
    required: bool
    allowed: str  # what is allowed, in words
    blank_mask: pl.Expr | None = None  # rows whose cell is blank (None: no blank cells)
    blank_hint: str = ""
    bad: dict[str, str] = field(default_factory=dict)  # raw value -> what is wrong with it
    out_of_period: dict[str, str] = field(default_factory=dict)  # dates only
    values: dict = field(default_factory=dict)  # raw value -> canonical value, where it converted


@dataclass
class ValueCheck:
    frame: pl.DataFrame  # the file's text, one column per standard field, plus ROW
    headings: dict[str, str]  # field -> heading as written in the file
    conversions: dict[str, Conversion]
    period_start: datetime.date
    period_end: datetime.date


@dataclass
class QueryCheck:
    records: pl.DataFrame  # the canonical record frame (returns/cube.py)
    headings: dict[str, str]
    previous_total: int | None
    not_stated: frozenset[str]
    high_level_ethnicity: frozenset[str]
    labels: dict[str, dict[str, str]]  # field -> code -> label

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
    how: str  # standard, synonym, measure, exact age, your mapping, identifying, unknown, ...
    reason: str = ""  # for identifying columns: what they hold ("postcodes"); else a note


@dataclass(frozen=True)
class ColumnCheck:
    matches: list[ColumnMatch]
    accepted: list[str]  # every column name the standard accepts, for messages
    required: list[str]  # standard columns a file must have
    samples: dict[int, list[str]] = field(default_factory=dict)  # position -> first values
    header_row: int = 1  # the row the headings were found on (rows above: a title)
    footer_rows: int = 0  # rows after the records left out as a report footer


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
    ambiguous: dict[str, str] = field(default_factory=dict)  # raw value -> what it could mean
    out_of_period: dict[str, str] = field(default_factory=dict)  # dates only
    values: dict = field(default_factory=dict)  # raw value -> canonical value, where it converted
    # raw value -> its number, when the column was read as categories (returns/ingest/reader.py)
    physical: dict[str, int] | None = None


@dataclass
class ValueCheck:
    frame: pl.DataFrame  # the file's text, one column per standard field, plus ROW
    headings: dict[str, str]  # field -> heading as written in the file
    conversions: dict[str, Conversion]
    period_start: datetime.date
    period_end: datetime.date
    worked_out: dict = field(default_factory=dict)  # what several rules need, found once


@dataclass
class QueryCheck:
    """A valid return's counts, by what the query rules look at (returns/ingest/queries.py)."""

    total: int
    stated: int  # referrals with a stated ethnicity
    counts: dict[str, dict[str, int]]  # dimension -> code -> referrals
    recorded: frozenset[str]  # the dimensions the return holds (the others: not recorded)
    headings: dict[str, str]  # dimension -> heading as written in the file
    previous_total: int | None  # the provider's total for the area in the previous period
    replaced_total: int | None  # the total of the version this one would replace
    not_stated: frozenset[str]
    high_level_ethnicity: frozenset[str]
    labels: dict[str, dict[str, str]]  # dimension -> code -> label
    # The return's area, and its referrals from local authorities outside it, by name.
    area_name: str = ""
    outside_area: dict[str, int] = field(default_factory=dict)

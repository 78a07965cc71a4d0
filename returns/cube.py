"""Counts, not people: collapse a record-level return into the count cube.

docs/adr/0001-counts-not-people.md: a record-level upload (one row a referral) is
collapsed at once into counts by characteristics, and only the counts are kept. This module is that
step, shared by uploads, the web form, the API and the demo generator:

- `collapse(records, codes)` turns the canonical record frame (one row a referral,
  columns named as in returns/standard.py, values the codes of the reference lists)
  into a `Cube`: referral counts by every dimension (`cells`) and outcome-measure answers
  by the main dimensions (`measures`);
- `cube_from_counts(rows, codes)` builds the same from counts typed into the web form.

Speed (a million-row upload must collapse in well under a second): each code becomes
its position in its code list by a vectorised Enum cast, the positions are packed into
one 64-bit key, and the group-by over every record runs on that single integer.
Reference-table ids are looked up only for the distinct combinations that remain.
"""

from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
import polars as pl

from returns import dimensions

# Record column → (CodeIds list, cube id column), in the cube's column order
# (returns/dimensions.py).
CELL_DIMENSIONS: dict[str, tuple[str, str]] = {
    d.column: (d.name, d.cube_column) for d in dimensions.DIMENSIONS
}
# Outcome measures are broken down by fewer dimensions: enough for "satisfaction by
# ethnic group" (the guidance, Quality Standard 2) without a second full cube.
MEASURE_DIMENSIONS = tuple(d.column for d in dimensions.MEASURED)

# Referrals by where the victim lives and ethnic group, for the referrals that record it.
LOCAL_AUTHORITY_CELL_COLUMNS = ("local_authority_id", dimensions.ETHNICITY.cube_column, "count")

CELL_COLUMNS = (*(column for _, column in CELL_DIMENSIONS.values()), "interpreter_needed", "count")
MEASURE_CELL_COLUMNS = (
    *(CELL_DIMENSIONS[d][1] for d in MEASURE_DIMENSIONS),
    "measure_id",
    "answer_id",
    "count",
)

# A dimension a return leaves out is "not recorded"; ethnicity has no such code (the
# GSS standard keeps only "prefer not to say" and "not known"), so it falls to NK.
DEFAULT_CODE = "NR"
DEFAULT_ETHNICITY = "NK"
NOT_ASKED = "NOT_ASKED"
UNASKED_ANSWERS = (NOT_ASKED, "NA")
ETHNICITY_NOT_STATED = ("PNS", "NK")

_ID = pl.Int64
_WEIGHT = "_weight"


class CodeIds:
    """code → database id for each reference list the cube uses.

    One attribute per dimension, by its name (returns/dimensions.py: `codes.ethnicity`,
    `codes.pathway`, …), plus the outcome measures and their answers.
    """

    def __init__(
        self,
        lists: dict[str, dict[str, int]],
        measure: dict,
        answer: dict,
        local_authority: dict[str, int] | None = None,
    ) -> None:
        missing = [d.name for d in dimensions.DIMENSIONS if d.name not in lists]
        if missing:
            raise ValueError(f"No codes given for {', '.join(missing)}.")
        self.lists = lists
        self.measure = measure
        self.answer = answer
        self.local_authority = local_authority or {}

    def __getattr__(self, name: str) -> dict[str, int]:
        lists = self.__dict__.get("lists", {})
        if name in lists:
            return lists[name]
        raise AttributeError(name)

    @property
    def measure_columns(self) -> list[str]:
        """The record columns of the outcome measures: each measure's code in lower case."""
        return [code.lower() for code in self.measure]


def load_code_ids() -> CodeIds:
    """Read the code lists from the reference tables (one small query each)."""
    from reference import models as ref

    def ids(model) -> dict[str, int]:
        return dict(model.objects.order_by("order", "code").values_list("code", "id"))

    return CodeIds(
        {d.name: ids(d.code_model()) for d in dimensions.DIMENSIONS},
        measure=ids(ref.OutcomeMeasure),
        answer=ids(ref.MeasureAnswer),
        local_authority=dict(ref.LocalAuthority.objects.order_by("code").values_list("code", "id")),
    )


@dataclass
class Cube:
    """A return's content: counts only.

    `cells`: ethnicity_id … sexual_orientation_id, interpreter_needed, count.
    `measures`: ethnicity_id, sex_id, age_band_id, crime_type_id, measure_id, answer_id,
    count; only answers of people asked (not NOT_ASKED or NA), so each measure's counts
    add up to the number asked and the unasked are `total` minus that.
    `local_authorities`: local_authority_id, ethnicity_id, count, for the referrals that
    say where the victim lives (empty when none does).
    """

    cells: pl.DataFrame
    measures: pl.DataFrame
    total: int
    stated_ethnicity: int
    local_authorities: pl.DataFrame = field(default_factory=lambda: _empty_local_authorities())


def _defaults(name: str) -> str:
    return DEFAULT_ETHNICITY if name == dimensions.ETHNICITY.column else DEFAULT_CODE


def record_enums(codes: CodeIds) -> dict[str, pl.Enum]:
    """Each code column's codes as a polars Enum, in this module's order: a record frame
    whose code columns have these types is collapsed without casting a value."""
    enums = {
        name: _enum(tuple(getattr(codes, attr))) for name, (attr, _) in CELL_DIMENSIONS.items()
    }
    answers = _enum(tuple(codes.answer))
    return enums | dict.fromkeys(codes.measure_columns, answers)


def _filled(records: pl.DataFrame, name: str, default: str) -> pl.Expr:
    """A code column with nulls as `default`; an Enum column keeps its type."""
    if name not in records.columns:
        return pl.lit(default, pl.Utf8).alias(name)
    dtype = records.schema[name]
    if isinstance(dtype, pl.Enum):
        return pl.col(name).fill_null(pl.lit(default).cast(dtype))
    return pl.col(name).cast(pl.Utf8).fill_null(default)


def _complete(records: pl.DataFrame, measure_columns: list[str]) -> pl.DataFrame:
    """The record frame with every column present and nulls replaced by their defaults."""
    exprs = []
    for name in CELL_DIMENSIONS:
        exprs.append(_filled(records, name, _defaults(name)).alias(name))
    if dimensions.LOCAL_AUTHORITY in records.columns:
        exprs.append(pl.col(dimensions.LOCAL_AUTHORITY).cast(pl.Utf8))
    else:
        exprs.append(pl.lit(None, pl.Utf8).alias(dimensions.LOCAL_AUTHORITY))
    if "interpreter_needed" in records.columns:
        exprs.append(pl.col("interpreter_needed").cast(pl.Boolean))
    else:
        exprs.append(pl.lit(None, pl.Boolean).alias("interpreter_needed"))
    for name in measure_columns:
        exprs.append(_filled(records, name, NOT_ASKED).alias(name))
    return records.select(exprs)


def collapse(records: pl.DataFrame, codes: CodeIds) -> Cube:
    """Collapse a canonical record frame (one row a referral) into a Cube.

    Missing dimension columns or nulls count as "not recorded" (NK for ethnicity) and
    blank measure answers as NOT_ASKED, as the data standard says. Raises ValueError
    naming any code that is not in its reference list (the validator should have
    caught it; this is the last line of defence before the database).
    """
    frame = _complete(records, codes.measure_columns)
    return _collapse_weighted(frame.with_columns(pl.lit(1, _ID).alias(_WEIGHT)), codes)


def cube_from_counts(rows: Iterable[dict], codes: CodeIds) -> Cube:
    """Build a Cube from counts entered directly (the web form for small providers).

    Each row holds the canonical code columns (any left out default to "not recorded")
    and "count"; measure columns are optional (blank is NOT_ASKED). Rows with a count
    of 0 are ignored; a negative count is refused.
    """
    measure_columns = codes.measure_columns
    columns = [*CELL_DIMENSIONS, dimensions.LOCAL_AUTHORITY, "interpreter_needed", *measure_columns]
    data: dict[str, list] = {name: [] for name in [*columns, _WEIGHT]}
    for row in rows:
        count = int(row.get("count") or 0)
        if count < 0:
            raise ValueError(f"A count cannot be negative: {row!r}")
        if count == 0:
            continue
        for name in columns:
            data[name].append(row.get(name))
        data[_WEIGHT].append(count)
    schema = {name: pl.Utf8 for name in columns}  # local authorities by their ONS codes
    schema["interpreter_needed"] = pl.Boolean
    schema[_WEIGHT] = _ID
    counted = pl.DataFrame(data, schema=schema)
    frame = _complete(counted, measure_columns).with_columns(counted.get_column(_WEIGHT))
    return _collapse_weighted(frame, codes)


@lru_cache(maxsize=64)
def _enum(codes: tuple[str, ...]) -> pl.Enum:
    return pl.Enum(list(codes))


@lru_cache(maxsize=64)
def _id_series(ids: tuple[int, ...]) -> pl.Series:
    return pl.Series(ids, dtype=_ID)


def _indexed(series: pl.Series, code_list: tuple[str, ...]) -> pl.Series:
    """The position of each code in its list (an unsigned integer), refusing codes not in
    the list.

    Casting to a polars Enum is a vectorised look-up (a column that already has the Enum
    type, as the upload check makes it, is not cast at all); an unknown code becomes null,
    and only then are the offending values collected for the message.
    """
    enum = _enum(code_list)
    indexed = series if series.dtype == enum else series.cast(enum, strict=False)
    if indexed.null_count():
        bad = series.filter(indexed.is_null()).unique().sort().to_list()
        raise ValueError(
            f"Codes not in the reference list for {series.name}: {', '.join(bad[:10])}"
        )
    return indexed.to_physical()


class _Key:
    """Small unsigned integers packed into one UInt64 key.

    Grouping by one integer is many times faster than by ten string columns: this is
    what keeps a million-row collapse well under a second. The key is an expression over
    a frame holding each part as a column, so polars builds it in one pass.
    """

    def __init__(self) -> None:
        self.parts: list[pl.Expr] = []
        self.fields: dict[str, tuple[int, int]] = {}  # name → (shift, bits)
        self.bits = 0

    def add(self, name: str, values: pl.Expr, size: int) -> None:
        bits = max(1, size.bit_length())
        self.parts.append(values.cast(pl.UInt64) * pl.lit(1 << self.bits, pl.UInt64))
        self.fields[name] = (self.bits, bits)
        self.bits += bits
        if self.bits > 64:
            raise ValueError("Too many codes to pack into one key.")

    @property
    def expr(self) -> pl.Expr:
        return pl.sum_horizontal(self.parts).alias("key")

    def get(self, key: pl.Series, name: str) -> pl.Series:
        shift, bits = self.fields[name]
        return (key // (1 << shift)) % (1 << bits)


def _ids(index: pl.Series, ids: dict[str, int]) -> pl.Series:
    """Positions in a code list → database ids."""
    return _id_series(tuple(ids.values())).gather(index.cast(pl.UInt32))


_BACKGROUND = ThreadPoolExecutor(max_workers=1, thread_name_prefix="collapse")

# A key of at most this many bits is counted in an array with a counter for every value
# it can take (2**22 counters, 32 MB), which is several times quicker than hashing.
DENSE_BITS = 22


def _counted(keys: pl.Series, weight: pl.Series, bits: int) -> pl.DataFrame:
    """The summed weight of each distinct key (of at most `bits` bits): columns key and
    _WEIGHT."""
    if bits > DENSE_BITS:
        frame = pl.DataFrame({"key": keys, _WEIGHT: weight})
        return frame.lazy().group_by("key").agg(pl.col(_WEIGHT).sum()).collect()
    unit = weight.min() == 1 and weight.max() == 1
    counts = np.bincount(keys.to_numpy(), None if unit else weight.to_numpy(), minlength=1 << bits)
    found = np.flatnonzero(counts)
    return pl.DataFrame(
        {
            "key": pl.Series(found, dtype=pl.UInt64),
            _WEIGHT: pl.Series(counts[found], dtype=_ID),
        }
    )


def _collapse_weighted(frame: pl.DataFrame, codes: CodeIds) -> Cube:
    """Sum the `_weight` of a completed frame into cells and measure cells."""
    lists = {name: getattr(codes, attr) for name, (attr, _) in CELL_DIMENSIONS.items()}
    measure_columns = codes.measure_columns
    answers = tuple(codes.answer)
    # Every part of every key as a column of small integers: dimensions by position in
    # their code list, interpreter_needed as null → 0, False → 1, True → 2.
    parts = pl.DataFrame(
        {name: _indexed(frame.get_column(name), tuple(ids)) for name, ids in lists.items()}
        | {column: _indexed(frame.get_column(column), answers) for column in measure_columns}
        | {
            "interpreter_needed": (
                frame.get_column("interpreter_needed").cast(pl.UInt8) + 1
            ).fill_null(0),
            _WEIGHT: frame.get_column(_WEIGHT),
        }
    )
    weight = parts.get_column(_WEIGHT)
    cell_key = _Key()
    for name in CELL_DIMENSIONS:
        cell_key.add(name, pl.col(name), len(lists[name]))
    cell_key.add("interpreter_needed", pl.col("interpreter_needed"), 2)
    # Outcome measures: for each measure, its answers by the measure dimensions.
    measure_key = _Key()
    for name in MEASURE_DIMENSIONS:
        measure_key.add(name, pl.col(name), len(lists[name]))
    measure_key.add("answer", pl.lit(0), len(answers))
    answer_shift = measure_key.fields["answer"][0]
    # The measure dimensions come first in the cube (returns/dimensions.py), so their part
    # of a measure's key is the low bits of the cell key.
    if any(cell_key.fields[n] != measure_key.fields[n] for n in MEASURE_DIMENSIONS):
        raise ValueError("The measure dimensions must come first among the cube's dimensions.")
    dims = pl.col("cells") % pl.lit(1 << answer_shift, pl.UInt64)
    keys = parts.select(cell_key.expr.alias("cells")).with_columns(
        (dims + parts.get_column(c).cast(pl.UInt64) * pl.lit(1 << answer_shift, pl.UInt64))
        .cast(pl.UInt32 if answer_shift < 29 else pl.UInt64)
        .alias(c)
        for c in measure_columns
    )
    # The cells are grouped on a second core while the measures are counted here.
    cells_counted = _BACKGROUND.submit(_counted, keys.get_column("cells"), weight, cell_key.bits)
    measure_ids = {column: codes.measure[column.upper()] for column in measure_columns}
    found = []
    for column in measure_columns:
        counted = _counted(keys.get_column(column), weight, measure_key.bits)
        key = counted.get_column("key")
        found.append(
            pl.DataFrame(
                {
                    **{
                        CELL_DIMENSIONS[n][1]: _ids(measure_key.get(key, n), lists[n])
                        for n in MEASURE_DIMENSIONS
                    },
                    "measure_id": pl.Series([measure_ids[column]] * key.len(), dtype=_ID),
                    "answer_id": _ids(measure_key.get(key, "answer"), codes.answer),
                    "count": counted.get_column(_WEIGHT).cast(_ID),
                }
            )
        )
    grouped = cells_counted.result()
    key = grouped.get_column("key")
    cells = pl.DataFrame(
        {
            column: _ids(cell_key.get(key, name), lists[name])
            for name, (_, column) in CELL_DIMENSIONS.items()
        }
    ).with_columns(
        interpreter_needed=pl.Series(cell_key.get(key, "interpreter_needed")).replace_strict(
            {0: None, 1: False, 2: True}, return_dtype=pl.Boolean
        ),
        count=grouped.get_column(_WEIGHT).cast(_ID),
    )
    ethnicity = parts.get_column(dimensions.ETHNICITY.column)
    local_authorities = _local_authorities(frame, ethnicity, codes)
    if not found:
        return Cube(cells, empty_cube().measures, *_totals(frame), local_authorities)
    # Only answers from people asked are kept: they are every rate's numerator and
    # denominator, and the unasked are the complement of the total (keeping them would
    # triple the table for nothing).
    unasked = [codes.answer[c] for c in UNASKED_ANSWERS if c in codes.answer]
    measures = pl.concat(found).filter(~pl.col("answer_id").is_in(unasked))
    return Cube(cells, measures, *_totals(frame), local_authorities)


def _local_authorities(frame: pl.DataFrame, ethnicity: pl.Series, codes: CodeIds) -> pl.DataFrame:
    """Referrals by local authority and ethnic group, for the rows that name an authority."""
    column = frame.get_column(dimensions.LOCAL_AUTHORITY)
    recorded = column.is_not_null()
    if not recorded.any():
        return _empty_local_authorities()
    authorities = tuple(codes.local_authority)
    key = _Key()
    key.add("la", pl.col("la"), len(authorities))
    key.add("eth", pl.col("eth"), len(codes.ethnicity))
    parts = pl.DataFrame(
        {
            "la": _indexed(column.filter(recorded), authorities),
            "eth": ethnicity.filter(recorded),
            _WEIGHT: frame.get_column(_WEIGHT).filter(recorded),
        }
    )
    grouped = _counted(parts.select(key.expr).to_series(), parts.get_column(_WEIGHT), key.bits)
    k = grouped.get_column("key")
    return pl.DataFrame(
        {
            "local_authority_id": _ids(key.get(k, "la"), codes.local_authority),
            dimensions.ETHNICITY.cube_column: _ids(key.get(k, "eth"), codes.ethnicity),
            "count": grouped.get_column(_WEIGHT).cast(_ID),
        }
    )


def _empty_local_authorities() -> pl.DataFrame:
    return pl.DataFrame(schema={c: _ID for c in LOCAL_AUTHORITY_CELL_COLUMNS})


def _totals(frame: pl.DataFrame) -> tuple[int, int]:
    """(referrals, referrals with a stated ethnicity)."""
    total, stated = frame.select(
        pl.col(_WEIGHT).sum(),
        pl.col(_WEIGHT).filter(~pl.col("ethnicity").is_in(ETHNICITY_NOT_STATED)).sum().alias("s"),
    ).row(0)
    return int(total or 0), int(stated or 0)


def empty_cube() -> Cube:
    """A cube with no referrals (a nil return)."""
    cells = pl.DataFrame(
        schema={c: (pl.Boolean if c == "interpreter_needed" else _ID) for c in CELL_COLUMNS}
    )
    measures = pl.DataFrame(schema={c: _ID for c in MEASURE_CELL_COLUMNS})
    return Cube(cells=cells, measures=measures, total=0, stated_ethnicity=0)

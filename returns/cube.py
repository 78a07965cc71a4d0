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
one integer key (a digit for each dimension), and the counting over every record runs on
that single integer: in a plain array of counters when the key takes few values (each
outcome measure), else by hashing (the cells). Reference-table ids are looked up only
for the distinct combinations that remain.
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
    """The code lists from the reference tables (one small query each), read once for as
    long as the reference data stays the same (monitoring.cache.kept). Shared: not to be
    changed."""
    from monitoring.cache import kept

    return kept("code ids", None, _code_ids)


def _code_ids() -> CodeIds:
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


def _indexed(series: pl.Series, code_list: tuple[str, ...]) -> np.ndarray:
    """The position of each code in its list (an array of unsigned integers), refusing
    codes not in the list.

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
    return indexed.to_physical().to_numpy()


class _Key:
    """Small unsigned integers packed into one integer key.

    Grouping by one integer is many times faster than by ten string columns: this is
    what keeps a million-row collapse well under a second. Each part is a numpy array of
    positions (a code's place in its list) and a digit of the key, in a base of its own:
    the number of codes in its list. The key then takes no more values than there are
    combinations of codes, so a small one is counted in a plain array.
    """

    def __init__(self) -> None:
        self.fields: dict[str, tuple[int, int]] = {}  # name → (stride, size)
        self.size = 1  # how many values the key can take

    def add(self, name: str, size: int) -> None:
        size = max(1, size)
        self.fields[name] = (self.size, size)
        self.size *= size
        if self.size > 1 << 63:
            raise ValueError("Too many codes to pack into one key.")

    @property
    def dtype(self) -> type:
        return np.uint32 if self.size <= 1 << 32 else np.uint64

    def pack(self, parts: dict[str, np.ndarray], rows: int) -> np.ndarray:
        key = np.zeros(rows, self.dtype)
        for name, (stride, _) in self.fields.items():
            key += np.multiply(parts[name], self.dtype(stride), dtype=self.dtype)
        return key

    def ids(self, name: str, ids: dict[str, int]) -> pl.Expr:
        """The database id of each key's code for `name` (keys in column "key")."""
        stride, size = self.fields[name]
        return _id_series(tuple(ids.values())).gather(pl.col("key") // stride % size)


@lru_cache(maxsize=64)
def _id_series(ids: tuple[int, ...]) -> pl.Expr:
    return pl.lit(pl.Series(ids, dtype=_ID))


_BACKGROUND = ThreadPoolExecutor(max_workers=1, thread_name_prefix="collapse")

# A key that takes at most this many values is counted in an array with a counter for
# each (32 MB at most), which is several times quicker than hashing.
DENSE_SIZE = 1 << 22


def _counted(
    keys: np.ndarray,
    weight: np.ndarray | None,
    size: int,
    within: list[tuple[int, int]] | None = None,
):
    """Each distinct key (below `size`) and its summed weight (every row 1 when `weight`
    is None), as two numpy arrays. `within`: only keys in these ranges (start, length)."""
    if size > DENSE_SIZE:
        frame = pl.DataFrame({"key": keys} | ({} if weight is None else {_WEIGHT: weight}))
        total = pl.len() if weight is None else pl.col(_WEIGHT).sum()
        grouped = frame.lazy().group_by("key").agg(total.alias("n"))
        if within is not None:
            grouped = grouped.filter(
                pl.any_horizontal(pl.col("key").is_between(a, a + n - 1) for a, n in within)
            ).sort("key")
        grouped = grouped.collect()
        return grouped.get_column("key").to_numpy(), grouped.get_column("n").to_numpy()
    counts = np.bincount(keys.astype(np.intp, copy=False), weight, minlength=size)
    if within is None:
        found = np.flatnonzero(counts)
    else:  # looking only where asked is much less to look through
        found = np.concatenate([np.flatnonzero(counts[a : a + n]) + a for a, n in within])
    return found, counts[found].astype(np.int64)


def _collapse_weighted(frame: pl.DataFrame, codes: CodeIds) -> Cube:
    """Sum the `_weight` of a completed frame into cells and measure cells."""
    lists = {name: getattr(codes, attr) for name, (attr, _) in CELL_DIMENSIONS.items()}
    rows = frame.height
    # Every part of every key as an array of small integers: dimensions by position in
    # their code list, interpreter_needed as null → 0, False → 1, True → 2.
    parts = {name: _indexed(frame.get_column(name), tuple(ids)) for name, ids in lists.items()}
    parts["interpreter_needed"] = (
        (frame.get_column("interpreter_needed").cast(pl.UInt8) + 1).fill_null(0).to_numpy()
    )
    weights = frame.get_column(_WEIGHT)
    weight = None if weights.min() == weights.max() == 1 else weights.to_numpy()
    cell_key = _Key()
    for name in CELL_DIMENSIONS:
        cell_key.add(name, len(lists[name]))
    cell_key.add("interpreter_needed", 3)
    cell_keys = cell_key.pack(parts, rows)
    # The cells are grouped on a second core while the measures are counted here.
    cells_counted = _BACKGROUND.submit(_counted, cell_keys, weight, cell_key.size)
    found = _measures(frame, cell_key, cell_keys, weight, codes)
    key, count = cells_counted.result()
    stride, _ = cell_key.fields["interpreter_needed"]
    cells = pl.DataFrame({"key": key, "n": count}).select(
        *(
            cell_key.ids(name, lists[name]).alias(column)
            for name, (_, column) in CELL_DIMENSIONS.items()
        ),
        interpreter_needed=(pl.col("key") // stride).replace_strict(
            {0: None, 1: False, 2: True}, return_dtype=pl.Boolean
        ),
        count=pl.col("n").cast(_ID),
    )
    local_authorities = _local_authorities(frame, parts[dimensions.ETHNICITY.column], codes)
    measures = pl.concat(found) if found else empty_cube().measures
    return Cube(cells, measures, *_totals(frame), local_authorities)


def _measures(
    frame: pl.DataFrame, cell_key: _Key, cell_keys: np.ndarray, weight, codes: CodeIds
) -> list[pl.DataFrame]:
    """For each outcome measure, its answers by the measure dimensions.

    Only answers from people asked are kept: they are every rate's numerator and
    denominator, and the unasked are the complement of the total (keeping them would
    triple the table for nothing). The measure dimensions come first in the cube
    (returns/dimensions.py), so their part of a measure's key is the cell key's lowest
    digits; the answer is the digit above them.
    """
    answers = tuple(codes.answer)
    key = _Key()
    for name in MEASURE_DIMENSIONS:
        key.add(name, len(getattr(codes, CELL_DIMENSIONS[name][0])))
    if any(cell_key.fields[n] != key.fields[n] for n in MEASURE_DIMENSIONS):
        raise ValueError("The measure dimensions must come first among the cube's dimensions.")
    each = key.size  # combinations of the measure dimensions
    key.add("answer", len(answers))
    dims = (cell_keys % cell_keys.dtype.type(each)).astype(np.intp)
    asked = [i for i, code in enumerate(answers) if code not in UNASKED_ANSWERS]
    found = []
    for column in codes.measure_columns:
        answer = _indexed(frame.get_column(column), answers)
        keys = dims + np.multiply(answer, each, dtype=np.intp)
        kept, count = _counted(keys, weight, key.size, [(i * each, each) for i in asked])
        found.append(
            pl.DataFrame({"key": kept, "n": count}).select(
                *(
                    key.ids(n, getattr(codes, CELL_DIMENSIONS[n][0])).alias(CELL_DIMENSIONS[n][1])
                    for n in MEASURE_DIMENSIONS
                ),
                measure_id=pl.lit(codes.measure[column.upper()], _ID),
                answer_id=key.ids("answer", codes.answer),
                count=pl.col("n").cast(_ID),
            )
        )
    return found


def _local_authorities(frame: pl.DataFrame, ethnicity: np.ndarray, codes: CodeIds) -> pl.DataFrame:
    """Referrals by local authority and ethnic group, for the rows that name an authority."""
    column = frame.get_column(dimensions.LOCAL_AUTHORITY)
    recorded = column.is_not_null()
    if not recorded.any():
        return _empty_local_authorities()
    authorities = tuple(codes.local_authority)
    where = recorded.to_numpy()
    key = _Key()
    key.add("la", len(authorities))
    key.add("eth", len(codes.ethnicity))
    parts = {"la": _indexed(column.filter(recorded), authorities), "eth": ethnicity[where]}
    weight = frame.get_column(_WEIGHT).to_numpy()[where]
    k, count = _counted(key.pack(parts, int(where.sum())), weight, key.size)
    return pl.DataFrame({"key": k, "n": count}).select(
        local_authority_id=key.ids("la", codes.local_authority),
        **{dimensions.ETHNICITY.cube_column: key.ids("eth", codes.ethnicity)},
        count=pl.col("n").cast(_ID),
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

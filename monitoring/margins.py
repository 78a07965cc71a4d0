"""Each return version's counts by ethnicity and each breakdown, summed once and kept.

The dashboards need sums of the cube (ethnicity × outcome, × pathway, × sex, …), never the
cells themselves. A version's cells never change after it is stored, so its sums are
made when it is stored (`store`, called by the one door, returns.services.return_submit,
in the same transaction as its cells): summed in polars from the cube in memory and kept
in monitoring.Margin with a VersionMargins marker. A version stored before margins were
kept gets them the first time a dashboard reads it (`ensure`), summed in the database
(GROUPING SETS on PostgreSQL, one GROUP BY per breakdown elsewhere); two readers racing
for the same version both wait on the marker's primary key, and the loser writes nothing.
Reads scoped to a user pick the versions first (monitoring/data.py); this module only
sums what it is given.
"""

from collections import Counter, defaultdict

import polars as pl
from django.db import IntegrityError, connection, transaction
from django.db.models import Sum

from monitoring.models import Margin, VersionMargins
from returns import dimensions
from returns.models import CubeCell, LocalAuthorityCell, MeasureCell
from returns.storage import write_frame

#: The breakdowns beside ethnicity, by name: the cube column each sums over
#: (returns/dimensions.py).
BREAKDOWNS = {d.name: d.cube_column for d in dimensions.BREAKDOWNS}
ETHNICITY = "ethnicity"  # margins by ethnicity alone (code_id 0)
#: Margins by ethnicity and local authority (code_id: the authority), from the local
#: authority cells: only the referrals that record where the victim lives.
LOCAL_AUTHORITY = dimensions.LOCAL_AUTHORITY
MEASURE = "measure"


def cells(model, versions, crime_type=None):
    qs = model.objects.filter(version_id__in=list(versions))
    if crime_type is not None:
        qs = qs.filter(crime_type_id=crime_type.pk)
    return qs


def _grouping_sets(versions, crime_type) -> dict[str, Counter]:
    """PostgreSQL: every (ethnicity, breakdown) total in one scan, by GROUPING SETS."""
    where, params = "version_id = ANY(%s)", [list(versions)]
    if crime_type is not None:
        where, params = where + " AND crime_type_id = %s", [*params, crime_type.pk]
    columns = list(BREAKDOWNS.values())
    sets = ", ".join(f"(ethnicity_id, {c})" for c in columns)
    flags = ", ".join(f"GROUPING({c})" for c in columns)
    query = (
        f"SELECT ethnicity_id, {', '.join(columns)}, {flags}, SUM(count) "
        f'FROM "{CubeCell._meta.db_table}" WHERE {where} GROUP BY GROUPING SETS ({sets})'
    )
    names, width = list(BREAKDOWNS), len(columns)
    out = {name: Counter() for name in BREAKDOWNS}
    with connection.cursor() as cursor:
        cursor.execute(query, params)
        for row in cursor.fetchall():
            index = row[1 + width : 1 + 2 * width].index(0)  # the breakdown grouped by
            out[names[index]][(row[0], row[1 + index])] += int(row[-1])
    return out


def sum_cells(versions, crime_type=None) -> tuple[dict[str, Counter], Counter]:
    """(breakdown → (ethnicity id, code id) → n, (ethnicity, measure, answer) → n), summed
    from the cells of `versions` in the database."""
    if connection.vendor == "postgresql":
        pairs = _grouping_sets(versions, crime_type)
    else:
        rows = cells(CubeCell, versions, crime_type)
        pairs = {
            name: Counter(
                {
                    (eth, code): n
                    for eth, code, n in rows.values_list("ethnicity_id", column)
                    .annotate(n=Sum("count"))
                    .order_by()
                }
            )
            for name, column in BREAKDOWNS.items()
        }
    pairs[LOCAL_AUTHORITY] = Counter()
    if crime_type is None:  # local authorities are counted by ethnic group alone
        pairs[LOCAL_AUTHORITY] = Counter(
            {
                (eth, la): n
                for eth, la, n in LocalAuthorityCell.objects.filter(version_id__in=list(versions))
                .values_list("ethnicity_id", "local_authority_id")
                .annotate(n=Sum("count"))
                .order_by()
            }
        )
    measures = Counter(
        {
            (eth, measure, answer): n
            for eth, measure, answer, n in cells(MeasureCell, versions, crime_type)
            .values_list("ethnicity_id", "measure_id", "answer_id")
            .annotate(n=Sum("count"))
            .order_by()
        }
    )
    return pairs, measures


def _frame(version_id: int, pairs: dict[str, Counter], measures: Counter) -> pl.DataFrame:
    """The Margin rows of one version from its sums, as a frame of its table's columns."""
    rows = [
        (name, eth, code, None, n)
        for name, counter in pairs.items()
        for (eth, code), n in counter.items()
    ]
    by_ethnicity = Counter()
    for (eth, _code), n in pairs["outcome"].items():
        by_ethnicity[eth] += n
    rows += [(ETHNICITY, eth, 0, None, n) for eth, n in by_ethnicity.items()]
    rows += [(MEASURE, eth, measure, answer, n) for (eth, measure, answer), n in measures.items()]
    frame = pl.DataFrame(
        rows,
        schema={
            "breakdown": pl.String,
            "ethnicity_id": pl.Int64,
            "code_id": pl.Int64,
            "answer_id": pl.Int64,
            "count": pl.Int64,
        },
        orient="row",
    )
    return frame.select(pl.lit(version_id, pl.Int64).alias("version_id"), pl.all())


def _summed(frame: pl.DataFrame, keys: list[str]) -> Counter:
    if frame.height == 0:
        return Counter()
    grouped = frame.group_by(keys).agg(pl.col("count").sum())
    width = len(keys)
    return Counter({row[:width]: int(row[width]) for row in grouped.iter_rows()})


def cube_sums(cube) -> tuple[dict[str, Counter], Counter]:
    """The same sums as ``sum_cells``, from a cube in memory (returns.cube.Cube)."""
    eth = dimensions.ETHNICITY.cube_column
    pairs = {name: _summed(cube.cells, [eth, column]) for name, column in BREAKDOWNS.items()}
    pairs[LOCAL_AUTHORITY] = _summed(cube.local_authorities, [eth, "local_authority_id"])
    measures = _summed(cube.measures, [eth, "measure_id", "answer_id"])
    return pairs, measures


def store(version_id: int, cube) -> None:
    """Keep the margins of a version being stored, from its cube: inside the caller's
    transaction (the one door's), so the version and its sums are stored together."""
    if not connection.in_atomic_block:
        raise RuntimeError("margins.store must run inside the caller's transaction.atomic().")
    VersionMargins.objects.create(version_id=version_id)
    write_frame(Margin, _frame(version_id, *cube_sums(cube)))


def _build(version_id: int) -> None:
    try:
        with transaction.atomic():
            _marker, created = VersionMargins.objects.get_or_create(version_id=version_id)
            if not created:
                return
            write_frame(Margin, _frame(version_id, *sum_cells([version_id])))
    except IntegrityError:
        return  # another reader made them first


def ensure(version_ids) -> None:
    """Make sure every version in `version_ids` has its margins stored."""
    wanted = set(version_ids)
    have = set(
        VersionMargins.objects.filter(version_id__in=list(wanted)).values_list(
            "version_id", flat=True
        )
    )
    for version_id in sorted(wanted - have):
        _build(version_id)


def totals(version_ids) -> tuple[dict[str, Counter], Counter]:
    """The margins of `version_ids` added together: the same shape as ``sum_cells``."""
    ensure(version_ids)
    pairs: dict[str, Counter] = {name: Counter() for name in [*BREAKDOWNS, LOCAL_AUTHORITY]}
    measures: Counter = Counter()
    for breakdown, eth, code, answer, n in (
        Margin.objects.filter(version_id__in=list(version_ids))
        .exclude(breakdown=ETHNICITY)
        .values_list("breakdown", "ethnicity_id", "code_id", "answer_id")
        .annotate(n=Sum("count"))
        .order_by()
    ):
        if breakdown == MEASURE:
            measures[(eth, code, answer)] += n
        else:
            pairs[breakdown][(eth, code)] += n
    return pairs, measures


def by_version(version_ids) -> dict[int, Counter]:
    """Version id → ethnicity id → referrals."""
    ensure(version_ids)
    out: dict[int, Counter] = defaultdict(Counter)
    for version, eth, n in Margin.objects.filter(
        version_id__in=list(version_ids), breakdown=ETHNICITY
    ).values_list("version_id", "ethnicity_id", "count"):
        out[version][eth] += n
    return out

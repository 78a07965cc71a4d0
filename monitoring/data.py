"""Reading the count cube for a dashboard: the scoped queries, and nothing else.

Every read goes through `Return.objects.visible_to(user)` (accounts/scope.py): a provider
gets its own returns only, a commissioner its own area, the assessor any area. Counts are
summed in the database, one GROUP BY per breakdown (a million referrals are about
290,000 cube cells: they are never fetched one by one). The rest of monitoring/ works on
the plain counts returned here, so a dashboard is a pure function of (area, periods,
filters) once these reads are done.
"""

from collections import Counter
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Sum

from reference import models as ref
from returns.models import CubeCell, MeasureCell, Period, Return

#: The breakdowns a dashboard shows beside ethnicity, by name: the cube column each reads.
BREAKDOWNS = {
    "outcome": "outcome_id",
    "pathway": "pathway_id",
    "sex": "sex_id",
    "age_band": "age_band_id",
    "crime_type": "crime_type_id",
    "disability": "disability_id",
}

#: How many months a dashboard may cover: one six-monthly period, or two pooled.
MONTHS = (6, 12)


@dataclass
class Lookups:
    """Reference rows by id, loaded once per request."""

    groups: dict[int, ref.EthnicGroup]
    sexes: dict[int, ref.Sex]
    age_bands: dict[int, ref.AgeBand]
    crime_types: dict[int, ref.CrimeType]
    pathways: dict[int, ref.ReferralPathway]
    outcomes: dict[int, ref.Outcome]
    disabilities: dict[int, ref.Disability]
    measures: dict[int, ref.OutcomeMeasure]
    answers: dict[int, ref.MeasureAnswer]

    @classmethod
    def load(cls) -> "Lookups":
        def by_id(model):
            return {row.pk: row for row in model.objects.all()}

        return cls(
            groups={g.pk: g for g in ref.EthnicGroup.objects.select_related("parent")},
            sexes=by_id(ref.Sex),
            age_bands=by_id(ref.AgeBand),
            crime_types=by_id(ref.CrimeType),
            pathways=by_id(ref.ReferralPathway),
            outcomes=by_id(ref.Outcome),
            disabilities=by_id(ref.Disability),
            measures=by_id(ref.OutcomeMeasure),
            answers=by_id(ref.MeasureAnswer),
        )


def previous_period(period: Period) -> Period | None:
    return Period.objects.filter(start__lt=period.start).order_by("-start").first()


def period_words(periods: list[Period]) -> str:
    """The months covered, in words: "April 2025 to March 2026" (never a code)."""
    first, last = periods[0], periods[-1]
    return f"{first.start:%B %Y} to {last.end:%B %Y}"


@dataclass
class Selection:
    """What the dashboard shows: an area and period (with the one before it when 12 months
    are pooled), optionally one provider or crime type."""

    area: ref.Area
    period: Period
    provider: object | None = None
    crime_type: ref.CrimeType | None = None
    months: int = 6
    earlier: Period | None = None  # the period pooled with `period` in a 12-month view

    def __post_init__(self):
        if self.months not in MONTHS:
            raise ValueError(f"months must be one of {MONTHS}, got {self.months!r}")
        if self.months == 12 and self.earlier is None:
            self.earlier = previous_period(self.period)

    @property
    def periods(self) -> list[Period]:
        """The periods whose returns are added together, oldest first."""
        if self.months == 12 and self.earlier is not None:
            return [self.earlier, self.period]
        return [self.period]

    @property
    def pooled(self) -> bool:
        return len(self.periods) > 1

    @property
    def label(self) -> str:
        return period_words(self.periods)


@dataclass
class AreaCounts:
    """Summed cube counts for a selection, by ethnicity and by ethnicity and each breakdown."""

    by_ethnicity: Counter = field(default_factory=Counter)  # ethnicity id → n
    pairs: dict[str, Counter] = field(default_factory=dict)  # breakdown → (eth id, id) → n
    measures: Counter = field(default_factory=Counter)  # (ethnicity, measure, answer) → n
    returns_included: int = 0

    @property
    def total(self) -> int:
        return sum(self.by_ethnicity.values())

    def by(self, breakdown: str) -> Counter:
        """(ethnicity id, breakdown id) → n for one of ``BREAKDOWNS``."""
        return self.pairs.get(breakdown, Counter())


def visible_returns(user, selection: Selection, periods=None):
    qs = Return.objects.visible_to(user).filter(area=selection.area, current_version__isnull=False)
    qs = qs.filter(period__in=periods or selection.periods)
    if selection.provider is not None:
        qs = qs.filter(provider=selection.provider)
    return qs


def _cells(model, versions, crime_type):
    cells = model.objects.filter(version_id__in=versions)
    if crime_type is not None:
        cells = cells.filter(crime_type_id=crime_type.pk)
    return cells


def _pairs_grouping_sets(versions, crime_type) -> dict[str, Counter]:
    """PostgreSQL: every (ethnicity, breakdown) total in one scan, by GROUPING SETS."""
    table = CubeCell._meta.db_table
    where, params = "version_id = ANY(%s)", [list(versions)]
    if crime_type is not None:
        where, params = where + " AND crime_type_id = %s", [*params, crime_type.pk]
    columns = list(BREAKDOWNS.values())
    sets = ", ".join(f"(ethnicity_id, {c})" for c in columns)
    flags = ", ".join(f"GROUPING({c})" for c in columns)
    query = (
        f"SELECT ethnicity_id, {', '.join(columns)}, {flags}, SUM(count) "
        f'FROM "{table}" WHERE {where} GROUP BY GROUPING SETS ({sets})'
    )
    out = {name: Counter() for name in BREAKDOWNS}
    names = list(BREAKDOWNS)
    width = len(columns)
    with connection.cursor() as cursor:
        cursor.execute(query, params)
        for row in cursor.fetchall():
            grouped = row[1 + width : 1 + 2 * width]
            index = grouped.index(0)  # the one breakdown this row is grouped by
            out[names[index]][(row[0], row[1 + index])] += int(row[-1])
    return out


def _pairs_per_breakdown(versions, crime_type) -> dict[str, Counter]:
    cells = _cells(CubeCell, versions, crime_type)
    out = {}
    for name, column in BREAKDOWNS.items():
        rows = cells.values_list("ethnicity_id", column).annotate(n=Sum("count")).order_by()
        out[name] = Counter({(eth, code): n for eth, code, n in rows})
    return out


def area_counts(user, selection: Selection) -> AreaCounts:
    versions = list(visible_returns(user, selection).values_list("current_version_id", flat=True))
    counts = AreaCounts(returns_included=len(versions))
    if not versions:
        return counts
    if connection.vendor == "postgresql":
        counts.pairs = _pairs_grouping_sets(versions, selection.crime_type)
    else:
        counts.pairs = _pairs_per_breakdown(versions, selection.crime_type)
    for (eth, _outcome), n in counts.pairs["outcome"].items():
        counts.by_ethnicity[eth] += n
    measures = _cells(MeasureCell, versions, selection.crime_type)
    for eth, measure, answer, n in (
        measures.values_list("ethnicity_id", "measure_id", "answer_id")
        .annotate(n=Sum("count"))
        .order_by()
    ):
        counts.measures[(eth, measure, answer)] = n
    return counts


def ethnicity_by_period(user, selection: Selection, periods: list[Period]) -> dict[int, Counter]:
    """Per period id: ethnicity id → referrals, for the change-over-time section."""
    out: dict[int, Counter] = {p.pk: Counter() for p in periods}
    version_period = dict(
        visible_returns(user, selection, periods).values_list("current_version_id", "period_id")
    )
    if not version_period:
        return out
    cells = _cells(CubeCell, list(version_period), selection.crime_type)
    for version, eth, n in (
        cells.values_list("version_id", "ethnicity_id").annotate(n=Sum("count")).order_by()
    ):
        out[version_period[version]][eth] += n
    return out

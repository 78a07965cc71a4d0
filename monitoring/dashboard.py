"""Assemble an area dashboard: the database reads in one place, then pure computation.

`build(user, selection, level)` = `read(user, selection)` (every query, scoped to the
user) followed by `assemble(...)`, which touches no database: a dashboard is a function
of (area, periods, filters) and the counts read for them.
"""

from collections import Counter
from dataclasses import dataclass, field

from monitoring import (
    breakdowns,
    groups,
    local_authorities,
    margins,
    outcomes,
    representation,
    trends,
)
from monitoring.benchmarks import CRIME_TYPE_NOTE, NEED, POPULATION, Benchmark, benchmarks_for
from monitoring.data import (
    AreaCounts,
    Lookups,
    Selection,
    area_counts,
    ethnicity_by_period,
    previous_period,
)
from returns import dimensions
from returns.ingest.rules.queries import COVERAGE_THRESHOLD
from returns.models import Period

# Below this share of referrals with a stated ethnicity, shares are shown with a warning:
# the same threshold at which an upload raises a query.
COVERAGE_WARNING = COVERAGE_THRESHOLD

#: The intersectional cross-tabulations, one per dimension (returns/dimensions.py); outcome
#: and pathway have sections of their own.
INTERSECTIONS = tuple(
    dimensions.BY_NAME[name] for name in ("sex", "age_band", "crime_type", "disability")
)
TREND_PERIODS = 6


@dataclass
class Dashboard:
    selection: Selection
    level: str
    counts: AreaCounts
    benchmarks: dict[str, Benchmark]
    representation: dict[str, representation.RepresentationView]
    outcomes: list[outcomes.GroupOutcomes]
    pathways: breakdowns.CrossTab
    pathway_comparisons: list[breakdowns.PathwayComparison]
    intersections: list[breakdowns.CrossTab]
    trends: list[trends.TrendSeries]
    coverage_trend: list[trends.CoveragePoint]
    periods: list[Period]
    # The latest six-monthly period and the one before it, 19 groups: what changed.
    change: tuple[representation.RepresentationView, representation.RepresentationView] | None = (
        None
    )
    notes: list[str] = field(default_factory=list)
    # By local authority, at 6 and at 19 groups (empty when no referral records it).
    places: dict[str, local_authorities.Places] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return self.counts.total

    @property
    def stated(self) -> int:
        return self.representation[groups.FIVE].stated + self.representation[groups.FIVE].unplaced

    @property
    def not_stated(self) -> int:
        return self.total - self.stated

    @property
    def coverage(self) -> float | None:
        return self.stated / self.total if self.total else None

    @property
    def low_coverage(self) -> bool:
        return self.coverage is not None and self.coverage < COVERAGE_WARNING

    @property
    def trend_benchmark(self) -> str:
        return NEED if NEED in self.benchmarks else POPULATION


def trend_periods(selection: Selection, count: int = TREND_PERIODS) -> list[Period]:
    return list(
        Period.objects.filter(start__lte=selection.period.start).order_by("-start")[:count]
    )[::-1]


@dataclass
class Reads:
    """Everything a dashboard reads from the database for one selection."""

    lookups: Lookups
    counts: AreaCounts
    benchmarks: dict[str, Benchmark]
    periods: list[Period]
    per_period: dict[int, Counter]  # period id → ethnicity id → referrals
    previous: Period | None  # the six-monthly period before the selected one
    places: local_authorities.PlaceReads | None = None


def read(user, selection: Selection) -> Reads:
    """The dashboard's database reads, all scoped to `user` (monitoring/data.py)."""
    periods = trend_periods(selection)
    previous = previous_period(selection.period)
    wanted = periods + [p for p in [previous] if p is not None and p not in periods]
    counts = area_counts(user, selection)
    return Reads(
        lookups=Lookups.load(),
        counts=counts,
        benchmarks=benchmarks_for(selection.area, selection.crime_type),
        periods=periods,
        per_period=ethnicity_by_period(user, selection, wanted),
        previous=previous,
        places=local_authorities.read(counts.by(margins.LOCAL_AUTHORITY)),
    )


def build(user, selection: Selection, level: str = groups.FIVE) -> Dashboard:
    return assemble(selection, level, read(user, selection))


def assemble(selection: Selection, level: str, reads: Reads) -> Dashboard:
    """The dashboard from its reads: no database access."""
    look, counts, benchmarks = reads.lookups, reads.counts, reads.benchmarks
    views = {
        lvl: representation.representation_view(counts.by_ethnicity, look.groups, lvl, benchmarks)
        for lvl in (groups.DETAILED, groups.SIX, groups.FIVE)
    }
    outcome_table = outcomes.outcomes_table(
        counts.by("outcome"),
        counts.measures,
        look.groups,
        look.of("outcome"),
        look.measures,
        look.answers,
        level,
    )
    pathways = breakdowns.cross_tab(
        counts.by("pathway"),
        look.groups,
        look.of("pathway"),
        level,
        title="Referral pathway by ethnic group",
        column_title="Pathway",
    )
    intersections = [
        breakdowns.cross_tab(
            counts.by(d.name),
            look.groups,
            look.of(d.name),
            level,
            title=f"Ethnic group by {d.label.lower()}",
            column_title=d.label,
        )
        for d in INTERSECTIONS
    ]
    trend_benchmark = benchmarks[NEED] if NEED in benchmarks else benchmarks[POPULATION]
    series, coverage = trends.trend_series(
        reads.per_period, reads.periods, look.groups, groups.FIVE, trend_benchmark
    )
    change = None
    if reads.previous is not None and reads.per_period.get(reads.previous.pk):
        latest = views[groups.DETAILED]
        if selection.pooled:
            latest = representation.representation_view(
                reads.per_period[selection.period.pk], look.groups, groups.DETAILED, benchmarks
            )
        before = representation.representation_view(
            reads.per_period[reads.previous.pk], look.groups, groups.DETAILED, benchmarks
        )
        change = (latest, before)
    notes = [CRIME_TYPE_NOTE] if selection.crime_type is not None else []
    places = {}
    if reads.places is not None and reads.places.counts:
        places = {
            lvl: local_authorities.places(reads.places, look.groups, lvl)
            for lvl in (groups.SIX, groups.DETAILED)
        }
    return Dashboard(
        selection=selection,
        level=level,
        counts=counts,
        benchmarks=benchmarks,
        representation=views,
        outcomes=outcome_table,
        pathways=pathways,
        pathway_comparisons=breakdowns.pathway_comparisons(pathways),
        intersections=intersections,
        trends=series,
        coverage_trend=coverage,
        periods=reads.periods,
        change=change,
        notes=notes,
        places=places,
    )

"""Assemble an area dashboard from the scoped counts: every section, computed once."""

from dataclasses import dataclass, field

from monitoring import breakdowns, groups, outcomes, representation, trends
from monitoring.benchmarks import Benchmark, benchmarks_for
from monitoring.data import AreaCounts, Lookups, Selection, area_counts, trend_counts
from returns.ingest.rules.queries import COVERAGE_THRESHOLD
from returns.models import Period

# Below this share of referrals with a stated ethnicity, shares are shown with a warning:
# the same threshold at which an upload raises a query.
COVERAGE_WARNING = COVERAGE_THRESHOLD

# Positions of the dimensions in AreaCounts.rows keys (monitoring/data.py ROW_DIMENSIONS).
ETH, SEX, AGE, CRIME, PATHWAY, OUTCOME, DISABILITY = range(7)


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
    notes: list[str] = field(default_factory=list)

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


def trend_periods(selection: Selection, count: int = 6) -> list[Period]:
    return list(
        Period.objects.filter(start__lte=selection.period.start).order_by("-start")[:count]
    )[::-1]


def build(user, selection: Selection, level: str = groups.FIVE) -> Dashboard:
    look = Lookups.load()
    counts = area_counts(user, selection)
    benchmarks = benchmarks_for(selection.area)
    by_group = counts.by(ETH)
    views = {
        lvl: representation.representation_view(by_group, look.groups, lvl, benchmarks)
        for lvl in (groups.DETAILED, groups.SIX, groups.FIVE)
    }
    outcome_table = outcomes.outcomes_table(
        counts.by(ETH, OUTCOME),
        counts.measures,
        look.groups,
        look.outcomes,
        look.measures,
        look.answers,
        level,
    )
    pathways = breakdowns.cross_tab(
        counts.by(ETH, PATHWAY),
        look.groups,
        look.pathways,
        level,
        title="Referral pathway by ethnic group",
        column_title="Pathway",
    )
    intersections = [
        breakdowns.cross_tab(
            counts.by(ETH, pos), look.groups, table, level, title=title, column_title=col
        )
        for pos, table, title, col in (
            (SEX, look.sexes, "Ethnic group by sex", "Sex"),
            (AGE, look.age_bands, "Ethnic group by age band", "Age band"),
            (CRIME, look.crime_types, "Ethnic group by crime type", "Crime type"),
            (DISABILITY, look.disabilities, "Ethnic group by disability", "Disability"),
        )
    ]
    periods = trend_periods(selection)
    per_period = trend_counts(user, selection, periods)
    series, coverage = trends.trend_series(per_period, periods, look.groups, groups.FIVE)
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
        periods=periods,
    )

"""Reading the count cube for a dashboard: the scoped queries, and nothing else.

Every read goes through `Return.objects.visible_to(user)` (accounts/scope.py): a provider
gets its own returns only, a commissioner its own area, the assessor any area. Counts are
summed in the database: each version's sums by ethnicity and each breakdown are kept
(monitoring/margins.py), so a million referrals (about 290,000 cube cells) are read as
about 1,500 sums, and never fetched cell by cell. The rest of monitoring/ works on
the plain counts returned here, so a dashboard is a pure function of (area, periods,
filters) once these reads are done.
"""

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Sum

from monitoring import margins
from reference import models as ref
from returns import dimensions
from returns.models import CubeCell, Period, Return

#: How many months a dashboard may cover: one six-monthly period, or two pooled.
MONTHS = (6, 12)


@dataclass
class Lookups:
    """Reference rows by id, loaded once per request: the ethnic groups, each breakdown's
    codes by its dimension's name (returns/dimensions.py), the measures and answers."""

    groups: dict[int, ref.EthnicGroup]
    codes: dict[str, dict[int, ref.ReferenceCode]]
    measures: dict[int, ref.OutcomeMeasure]
    answers: dict[int, ref.MeasureAnswer]

    @classmethod
    def load(cls) -> "Lookups":
        def by_id(model):
            return {row.pk: row for row in model.objects.all()}

        return cls(
            groups={g.pk: g for g in ref.EthnicGroup.objects.select_related("parent")},
            codes={d.name: by_id(d.code_model()) for d in dimensions.BREAKDOWNS},
            measures=by_id(ref.OutcomeMeasure),
            answers=by_id(ref.MeasureAnswer),
        )

    def of(self, dimension: str) -> dict[int, ref.ReferenceCode]:
        """The codes of one breakdown ("pathway", "sex", …) by id."""
        return self.codes[dimension]


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


def area_counts(user, selection: Selection) -> AreaCounts:
    versions = list(visible_returns(user, selection).values_list("current_version_id", flat=True))
    counts = AreaCounts(returns_included=len(versions))
    if not versions:
        return counts
    if selection.crime_type is None:
        counts.pairs, counts.measures = margins.totals(versions)
    else:
        # One crime type: summed from the cells of that crime type (not kept as margins).
        counts.pairs, counts.measures = margins.sum_cells(versions, selection.crime_type)
    for (eth, _outcome), n in counts.pairs["outcome"].items():
        counts.by_ethnicity[eth] += n
    return counts


def ethnicity_by_period(user, selection: Selection, periods: list[Period]) -> dict[int, Counter]:
    """Per period id: ethnicity id → referrals, for the change-over-time section."""
    out: dict[int, Counter] = {p.pk: Counter() for p in periods}
    version_period = dict(
        visible_returns(user, selection, periods).values_list("current_version_id", "period_id")
    )
    if not version_period:
        return out
    if selection.crime_type is None:
        for version, by_group in margins.by_version(version_period).items():
            out[version_period[version]].update(by_group)
        return out
    cells = margins.cells(CubeCell, version_period, selection.crime_type)
    for version, eth, n in (
        cells.values_list("version_id", "ethnicity_id").annotate(n=Sum("count")).order_by()
    ):
        out[version_period[version]][eth] += n
    return out

"""Reading the count cube for a dashboard: the scoped queries, and nothing else.

Every read goes through `Return.objects.visible_to(user)` (accounts/scope.py): a provider
gets its own returns only, a commissioner its own area, the assessor any area. The rest
of monitoring/ works on the plain counts returned here.
"""

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Sum

from reference import models as ref
from returns.models import CubeCell, MeasureCell, Period, Return

# Fine-grained dimensions fetched once per dashboard and aggregated in Python.
ROW_DIMENSIONS = (
    "ethnicity_id",
    "sex_id",
    "age_band_id",
    "crime_type_id",
    "pathway_id",
    "outcome_id",
    "disability_id",
)


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


@dataclass
class Selection:
    """What the dashboard shows: an area and period, optionally one provider or crime type."""

    area: ref.Area
    period: Period
    provider: object | None = None
    crime_type: ref.CrimeType | None = None


@dataclass
class AreaCounts:
    """Summed cube rows for a selection: (ethnicity, sex, age, crime, pathway, outcome, disability) → n."""

    rows: Counter = field(default_factory=Counter)
    measures: Counter = field(default_factory=Counter)  # (ethnicity, measure, answer) → n
    returns_included: int = 0

    @property
    def total(self) -> int:
        return sum(self.rows.values())

    def by(self, *positions: int) -> Counter:
        """Sum the rows over every dimension except those at `positions`."""
        out: Counter = Counter()
        for key, n in self.rows.items():
            out[tuple(key[p] for p in positions) if len(positions) > 1 else key[positions[0]]] += n
        return out


def visible_returns(user, selection: Selection, period=None):
    qs = Return.objects.visible_to(user).filter(area=selection.area, current_version__isnull=False)
    qs = qs.filter(period=period or selection.period)
    if selection.provider is not None:
        qs = qs.filter(provider=selection.provider)
    return qs


def _version_ids(returns_qs) -> list[int]:
    return list(returns_qs.values_list("current_version_id", flat=True))


def area_counts(user, selection: Selection) -> AreaCounts:
    versions = _version_ids(visible_returns(user, selection))
    counts = AreaCounts(returns_included=len(versions))
    if not versions:
        return counts
    cells = CubeCell.objects.filter(version_id__in=versions)
    if selection.crime_type is not None:
        cells = cells.filter(crime_type_id=selection.crime_type.pk)
    for row in cells.values_list(*ROW_DIMENSIONS).annotate(n=Sum("count")).order_by():
        counts.rows[row[:-1]] += row[-1]
    measures = MeasureCell.objects.filter(version_id__in=versions)
    if selection.crime_type is not None:
        measures = measures.filter(crime_type_id=selection.crime_type.pk)
    for eth, measure, answer, n in (
        measures.values_list("ethnicity_id", "measure_id", "answer_id")
        .annotate(n=Sum("count"))
        .order_by()
    ):
        counts.measures[(eth, measure, answer)] += n
    return counts


def trend_counts(user, selection: Selection, periods: list[Period]) -> dict[int, Counter]:
    """Per period: (ethnicity, outcome) → n, for the change-over-time section."""
    out: dict[int, Counter] = {p.pk: Counter() for p in periods}
    returns = Return.objects.visible_to(user).filter(
        area=selection.area, period__in=periods, current_version__isnull=False
    )
    if selection.provider is not None:
        returns = returns.filter(provider=selection.provider)
    version_period = dict(returns.values_list("current_version_id", "period_id"))
    if not version_period:
        return out
    cells = CubeCell.objects.filter(version_id__in=list(version_period))
    if selection.crime_type is not None:
        cells = cells.filter(crime_type_id=selection.crime_type.pk)
    for version, eth, outcome, n in (
        cells.values_list("version_id", "ethnicity_id", "outcome_id")
        .annotate(n=Sum("count"))
        .order_by()
    ):
        out[version_period[version]][(eth, outcome)] += n
    return out

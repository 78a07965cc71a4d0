"""Every area side by side: a funnel plot of representation against need, and return status.

Areas are compared on a funnel plot, never a league table (DESIGN.md): for each area,
O = referrals from the chosen groups and E = the referrals with a stated ethnicity times
those groups' need-adjusted share of the area. O/E is plotted against E with exact
Poisson control limits at 95% ("alert") and 99.8% ("alarm"); with 20 or more areas an
over-dispersion factor is estimated and, where above 1, widens the limits (Spiegelhalter
2005). Outlying areas are named.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass

from django.db.models import Sum

import stats
from monitoring.benchmarks import victimisation_rates
from reference.models import Area, AreaPopulation, EthnicGroup
from returns.models import CubeCell, Return

# The groups a funnel can be drawn for. Binary views always carry their definition.
DEFINITIONS = {
    "minority": (
        "Ethnic minority groups (Asian, Black, Mixed, Other)",
        "All referrals in the Asian, Black, Mixed and Other ethnic groups; White minorities are not included.",
    ),
    "not_white_british": (
        "All groups other than White British",
        "Every group except White: English, Welsh, Scottish, Northern Irish or British, so White minorities (Irish, Gypsy or Irish Traveller, Roma, Other White) are included.",
    ),
    "ASIAN": (
        "Asian",
        "Asian, Asian British or Asian Welsh (Bangladeshi, Chinese, Indian, Pakistani, Other Asian).",
    ),
    "BLACK": ("Black", "Black, Black British, Black Welsh, Caribbean or African."),
    "MIXED": ("Mixed", "Mixed or Multiple ethnic groups."),
    "WHITE": ("White", "All White groups."),
    "OTHER": ("Other", "Arab and any other ethnic group."),
}

POSITIONS = {
    "within": "Within the limits",
    "above_95": "Above the 95% limit",
    "below_95": "Below the 95% limit",
    "above_998": "Above the 99.8% limit",
    "below_998": "Below the 99.8% limit",
}


def in_definition(group: EthnicGroup, definition: str) -> bool | None:
    """Is a stated group in the definition? None when it cannot be placed (a bare "White")."""
    top = group if group.level == EthnicGroup.Level.HIGH_LEVEL else group.parent
    if definition == "minority":
        return top.code != "WHITE"
    if definition == "not_white_british":
        if group.level == EthnicGroup.Level.HIGH_LEVEL:
            return None if group.code == "WHITE" else True
        return group.code != "13"
    return top.code == definition


@dataclass
class AreaPoint:
    area: Area
    observed: int
    stated: int
    expected: float
    position: str | None
    ratio: stats.StandardisedRatio | None

    @property
    def outlying(self) -> bool:
        return self.position not in (None, "within")


@dataclass
class Funnel:
    definition: str
    title: str
    explanation: str
    points: list[AreaPoint]
    phi: float

    @property
    def outliers(self) -> list[AreaPoint]:
        return [p for p in self.points if p.outlying]


def need_shares(definition: str, groups: list[EthnicGroup]) -> dict[int, float]:
    """Per area: the need-adjusted share of the defined groups (population × victimisation)."""
    rates, _notes = victimisation_rates()
    by_code = {g.code: g for g in groups}
    weighted: dict[int, Counter] = defaultdict(Counter)
    for area_id, code, count in AreaPopulation.objects.values_list(
        "area_id", "group__code", "count"
    ):
        weighted[area_id][code] = count * rates[code]
    shares = {}
    for area_id, parts in weighted.items():
        total = sum(parts.values())
        inside = sum(v for code, v in parts.items() if in_definition(by_code[code], definition))
        shares[area_id] = inside / total if total else 0.0
    return shares


def funnel(period, definition: str = "minority") -> Funnel:
    groups = list(EthnicGroup.objects.select_related("parent"))
    by_id = {g.pk: g for g in groups}
    versions = dict(
        Return.objects.filter(period=period, current_version__isnull=False).values_list(
            "current_version_id", "area_id"
        )
    )
    observed: Counter = Counter()
    stated: Counter = Counter()
    for version_id, ethnicity_id, n in (
        CubeCell.objects.filter(version_id__in=list(versions))
        .values_list("version_id", "ethnicity_id")
        .annotate(n=Sum("count"))
        .order_by()
    ):
        group = by_id[ethnicity_id]
        if not group.is_stated:
            continue
        inside = in_definition(group, definition)
        if inside is None:
            continue
        area_id = versions[version_id]
        stated[area_id] += n
        if inside:
            observed[area_id] += n
    shares = need_shares(definition, groups)
    points = []
    for area in Area.objects.order_by("name"):
        e = stated[area.pk] * shares.get(area.pk, 0.0)
        points.append(
            AreaPoint(
                area,
                observed[area.pk],
                stated[area.pk],
                e,
                None,
                stats.standardised_ratio(observed[area.pk], e) if e > 0 else None,
            )
        )
    z_scores = [(p.observed - p.expected) / p.expected**0.5 for p in points if p.expected > 0]
    phi = stats.overdispersion_factor(z_scores) if len(z_scores) >= 20 else 1.0
    for point in points:
        point.position = (
            stats.funnel_position(point.observed, point.expected, phi)
            if point.expected > 0
            else None
        )
    title, explanation = DEFINITIONS[definition]
    return Funnel(definition, title, explanation, points, phi)

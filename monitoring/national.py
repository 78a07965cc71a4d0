"""Every area side by side: a funnel plot of representation against need, and return status.

Areas are compared on a funnel plot, never a league table (DESIGN.md): for each area,
O = referrals from the chosen groups among the N with a stated ethnicity, and
E = N × those groups' need-adjusted share p of the area. O is a binomial count out of N,
so the control limits are exact binomial limits at 95% ("alert") and 99.8% ("alarm"),
drawn on the O/E scale (Spiegelhalter 2005; PHE funnel-plot guidance). With 20 or more
areas an over-dispersion factor φ is estimated from z = (O − E)/√(E(1 − p)) and, where
above 1, widens the limits to 1 ± z_α·√(φ(1 − p)/E). Outlying areas are named.
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
    share: float  # the need-adjusted share p of the defined groups
    expected: float
    position: str | None = None
    ratio: stats.StandardisedRatio | None = None

    @property
    def z(self) -> float | None:
        variance = self.expected * (1 - self.share)
        return (self.observed - self.expected) / variance**0.5 if variance > 0 else None

    @property
    def outlying(self) -> bool:
        return self.position not in (None, "within")

    def limits(self, level: float, phi: float) -> tuple[float, float] | None:
        """Control limits on O/E for this area's N and p (see the module docstring)."""
        return funnel_limits(self.stated, self.share, level, phi)


def funnel_limits(
    n: int, share: float, level: float, phi: float = 1.0
) -> tuple[float, float] | None:
    """Limits on O/E for a unit of size n whose expected share is `share`."""
    if n <= 0 or not 0 < share < 1:
        return None
    if phi > 1:
        half = stats.z_for_confidence(level) * (phi * (1 - share) / (n * share)) ** 0.5
        return 1 - half, 1 + half
    bounds = stats.binomial_funnel_limits(share, n, level)
    return bounds.low / share, bounds.high / share


def position(point: AreaPoint, phi: float) -> str | None:
    """ "within", or beyond the 95% ("_95") or 99.8% ("_998") limits, above or below."""
    if point.expected <= 0 or point.share >= 1:
        return None
    ratio = point.observed / point.expected
    for level, label in ((stats.ALARM, "998"), (stats.ALERT, "95")):
        low, high = point.limits(level, phi)
        if ratio > high:
            return f"above_{label}"
        if ratio < low:
            return f"below_{label}"
    return "within"


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


def funnel(user, period, definition: str = "minority") -> Funnel:
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
    for area in Area.objects.visible_to(user).order_by("name"):
        p, n, o = shares.get(area.pk, 0.0), stated[area.pk], observed[area.pk]
        e = n * p
        points.append(
            AreaPoint(area, o, n, p, e, ratio=stats.standardised_ratio(o, e) if e > 0 else None)
        )
    z_scores = [p.z for p in points if p.z is not None]
    phi = stats.overdispersion_factor(z_scores) if len(z_scores) >= 20 else 1.0
    for point in points:
        point.position = position(point, phi)
    title, explanation = DEFINITIONS[definition]
    return Funnel(definition, title, explanation, points, phi)

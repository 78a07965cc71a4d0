"""Every area side by side: a funnel plot against need, and the national family of flags.

Areas are compared on a funnel plot, never a league table (docs/statistical-methods.md,
"Funnel plots"): for each area, O = referrals from the chosen groups among the N with a
stated ethnicity, E = N × those groups' need-adjusted share of the area, and the point
is O/E against E. One method for the whole plot: the limits are exact Poisson limits
around the national ratio R = ΣO/ΣE at each expected count E, at 95% ("alert") and
99.8% ("alarm") (Spiegelhalter 2005), so the drawn lines are the lines each area is
judged by, and an area is outside them exactly when its exact interval for O/E excludes
R. With 20 or more areas an over-dispersion factor φ from z = (O − RE)/√(RE)
(winsorised) widens the limits to R ± z_α·√(φR/E) when above 1, and the interval shown
widens the same way. Outlying areas are named.

The national family: every area's 19 groups against need, in one period, controlled
together for the false discovery rate (`national_family`).

Both are pure functions of the current versions the user may see (and the reference
data), so each is kept, per process, under the exact list of those versions and areas
(`memoised`): a new current version anywhere changes the list and so the key, and
nothing stale is ever shown for a submission. Kept results also expire after
`MEMO_SECONDS`, so reloaded reference data is read again within minutes.
"""

import threading
import time
from collections import Counter, OrderedDict, defaultdict
from dataclasses import dataclass

import stats
from monitoring import margins
from monitoring.benchmarks import victimisation_rates
from reference.models import Area, AreaPopulation, EthnicGroup
from returns.models import Return, ReturnVersion

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
    interval: tuple[float, float] | None = None  # on O/E, the method the limits use

    @property
    def ratio(self) -> float | None:
        return self.observed / self.expected if self.expected > 0 else None

    @property
    def outlying(self) -> bool:
        return self.position not in (None, "within")


def funnel_limits(
    expected: float, target: float, level: float, phi: float = 1.0
) -> tuple[float, float] | None:
    """Limits on O/E at expected count E around the national ratio R (module docstring)."""
    if expected <= 0 or target <= 0:
        return None
    if phi > 1:
        half = stats.z_for_confidence(level) * (phi * target / expected) ** 0.5
        return target - half, target + half
    bounds = stats.poisson_funnel_limits(target * expected, level)
    return bounds.low * target, bounds.high * target


def ratio_interval(
    observed: int, expected: float, target: float, phi: float, level: float = stats.ALERT
) -> tuple[float, float] | None:
    """The interval on O/E that excludes R exactly when the point is outside the limits."""
    if expected <= 0:
        return None
    if phi > 1:
        half = stats.z_for_confidence(level) * (phi * target / expected) ** 0.5
        # A ratio of counts is never negative: the lower end stops at 0, which does not
        # change whether the interval includes R (R > 0).
        return max(observed / expected - half, 0.0), observed / expected + half
    low, high = stats.exact_poisson_limits(observed, level)
    return low / expected, high / expected


def position(point: AreaPoint, target: float, phi: float) -> str | None:
    """ "within", or beyond the 95% ("_95") or 99.8% ("_998") limits, above or below.

    Compared on the count scale for the exact limits (O against the Poisson quantiles of
    R·E), which is the same as comparing O/E with the drawn lines.
    """
    if point.expected <= 0:
        return None
    for level, label in ((stats.ALARM, "998"), (stats.ALERT, "95")):
        if phi > 1:
            low, high = funnel_limits(point.expected, target, level, phi)
            above, below = point.ratio > high, point.ratio < low
        else:
            mean = target * point.expected
            alpha_half = (1 - level) / 2
            above = point.observed > stats.poisson_ppf(1 - alpha_half, mean)
            below = point.observed < stats.poisson_ppf(alpha_half, mean)
        if above:
            return f"above_{label}"
        if below:
            return f"below_{label}"
    return "within"


@dataclass
class Funnel:
    definition: str
    title: str
    explanation: str
    points: list[AreaPoint]
    phi: float
    target: float  # the national ratio ΣO/ΣE

    @property
    def outliers(self) -> list[AreaPoint]:
        return [p for p in self.points if p.outlying]

    def limits(self, expected: float, level: float):
        return funnel_limits(expected, self.target, level, self.phi)


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


MEMO_SIZE = 16
MEMO_SECONDS = 300
_memo: OrderedDict = OrderedDict()
_memo_lock = threading.Lock()


def current_versions(user, periods) -> dict[int, tuple[int, int]]:
    """Current version id → (area id, period id), for the returns the user may see."""
    return {
        version: (area, period)
        for version, area, period in Return.objects.visible_to(user)
        .filter(period__in=periods, current_version__isnull=False)
        .values_list("current_version_id", "area_id", "period_id")
    }


def memoised(name: str, user, periods, args: tuple, compute):
    """`compute()`, or its result kept from an earlier call with the same arguments over
    the same current versions and visible areas (module docstring)."""
    versions = current_versions(user, periods)
    areas = tuple(Area.objects.visible_to(user).order_by("pk").values_list("pk", flat=True))
    # A version's id and the moment it was stored name its counts for good, even where a
    # database hands out a deleted row's id again.
    stored = tuple(
        ReturnVersion.objects.filter(pk__in=list(versions))
        .order_by("pk")
        .values_list("pk", "submitted_at")
    )
    key = (name, args, areas, tuple(sorted(versions.items())), stored)
    now = time.monotonic()
    with _memo_lock:
        kept = _memo.get(key)
        if kept is not None and now - kept[0] < MEMO_SECONDS:
            _memo.move_to_end(key)
            return kept[1]
    result = compute(versions)
    with _memo_lock:
        _memo[key] = (now, result)
        while len(_memo) > MEMO_SIZE:
            _memo.popitem(last=False)
    return result


def counts_by_area(user, periods, versions=None) -> dict[tuple[int, int], Counter]:
    """(area id, period id) → ethnicity id → referrals, for every area the user may see,
    from each version's kept sums (monitoring/margins.py); `versions` when already read
    (``current_versions``)."""
    if versions is None:
        versions = current_versions(user, periods)
    out: dict[tuple[int, int], Counter] = defaultdict(Counter)
    for version_id, by_group in margins.by_version(versions).items():
        out[versions[version_id]].update(by_group)
    return out


def funnel(user, period, definition: str = "minority") -> Funnel:
    """The funnel plot of `definition`'s referrals against need, in one period."""
    return memoised(
        "funnel", user, [period], (period.pk, definition),
        lambda versions: _funnel(user, period, definition, versions),
    )  # fmt: skip


def _funnel(user, period, definition: str, versions) -> Funnel:
    groups = list(EthnicGroup.objects.select_related("parent"))
    by_id = {g.pk: g for g in groups}
    observed: Counter = Counter()
    stated: Counter = Counter()
    for (area_id, _period), by_group in counts_by_area(user, [period], versions).items():
        for ethnicity_id, n in by_group.items():
            group = by_id[ethnicity_id]
            if not group.is_stated:
                continue
            inside = in_definition(group, definition)
            if inside is None:
                continue
            stated[area_id] += n
            if inside:
                observed[area_id] += n
    shares = need_shares(definition, groups)
    points = []
    for area in Area.objects.visible_to(user).order_by("name"):
        p, n, o = shares.get(area.pk, 0.0), stated[area.pk], observed[area.pk]
        points.append(AreaPoint(area, o, n, p, n * p))
    usable = [p for p in points if p.expected > 0]
    total_expected = sum(p.expected for p in usable)
    target = sum(p.observed for p in usable) / total_expected if total_expected else 1.0
    target = target or 1.0
    z_scores = [(p.observed - target * p.expected) / (target * p.expected) ** 0.5 for p in usable]
    phi = stats.overdispersion_factor(z_scores) if len(z_scores) >= 20 else 1.0
    for point in points:
        point.position = position(point, target, phi)
        point.interval = ratio_interval(point.observed, point.expected, target, phi)
    title, explanation = DEFINITIONS[definition]
    return Funnel(definition, title, explanation, points, phi, target)

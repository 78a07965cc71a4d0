"""The demo plan: sizes, periods, areas, need, uptake, providers and late returns.

Everything the generator needs, decided before a single referral is drawn and without
writing to the database, so `load_demo` and `write_demo_records` agree for a seed.
"""

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from demo import distributions as dist
from demo.need import AreaNeed, load_areas, victimisation_rates
from demo.providers import ProviderSpec, plan_providers
from returns.models import Period

DEFAULT_SEED = 2026
NATIONAL_REFERRALS = 1_000_000  # over six periods and all 43 areas, before planted effects
HALF_YEAR = 0.5  # victimisation rates are annual; each period is six months
PERIODS = 6


@dataclass(frozen=True)
class Size:
    name: str
    fraction: float  # of the national volume in each area generated
    areas: tuple[str, ...] | None  # None: all 43 areas
    description: str


# "small" keeps the areas the tests need: two large English areas with several planted
# disparities, one Welsh area, and Leicestershire (fewer self-referrals among Indian victims).
SMALL_AREAS = ("E23000001", "E23000014", "E23000021", "W15000003")

SIZES = {
    "small": Size("small", 0.02, SMALL_AREAS, "4 areas, about 4,700 referrals: for tests"),
    # Large enough that the planted disparities show on a single period's dashboard.
    "default": Size("default", 0.3, None, "43 areas, about 300,000 referrals: `make run`"),
    "national": Size("national", 1.0, None, "43 areas, about 1,000,000 referrals"),
}


@dataclass(frozen=True)
class PeriodSpan:
    financial_year: int
    half: str
    code: str
    start: date
    end: date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


def demo_periods(today: date) -> list[PeriodSpan]:
    """The six complete periods up to the latest one that ended before `today`."""
    spans = []
    day = Period.bounds(*Period.containing(today))[0] - timedelta(days=1)
    for _ in range(PERIODS):
        year, half = Period.containing(day)
        start, end = Period.bounds(year, half)
        spans.append(PeriodSpan(year, str(half), Period.code_for(year, half), start, end))
        day = start - timedelta(days=1)
    return spans[::-1]


@dataclass
class DemoPlan:
    size: Size
    seed: int
    today: date
    periods: list[PeriodSpan]
    areas: list[AreaNeed]
    rates: dict[str, float]  # detailed group → annual victimisation rate
    uptake: float  # share of victims referred to a service in a year
    providers: list[ProviderSpec]
    late: set[tuple[str, str]] = field(default_factory=set)  # (provider slug, area code)

    def providers_in(self, area_code: str) -> list[ProviderSpec]:
        return [p for p in self.providers if area_code in p.areas]

    def need(self, area: AreaNeed) -> dict[str, float]:
        """Group → need weight (population × victimisation): the need-adjusted benchmark."""
        return area.victims(self.rates)

    def expected(self, area: AreaNeed, group: str, period_index: int, effect: float = 1.0) -> float:
        """Expected referrals of a group in an area and period: population × victimisation
        rate (the need benchmark, docs/statistical-methods.md) × uptake over half a year,
        scaled by the period's trend, the data set's size and any planted effect."""
        return (
            area.population[group]
            * self.rates[group]
            * self.uptake
            * HALF_YEAR
            * dist.PERIOD_TREND[period_index]
            * self.size.fraction
            * effect
        )


def demo_plan(
    *, size: str = "default", seed: int = DEFAULT_SEED, today: date | None = None
) -> DemoPlan:
    """Plan the demo data set from the reference data (reads the database, writes nothing)."""
    if size not in SIZES:
        raise ValueError(f"Unknown size {size!r}: one of {', '.join(SIZES)}.")
    spec = SIZES[size]
    today = today or date.today()
    rates = victimisation_rates()
    every_area = load_areas()
    # Uptake is fixed by the national volume, so every size has the same per-area rates.
    national_need = sum(sum(a.victims(rates).values()) for a in every_area)
    uptake = NATIONAL_REFERRALS / (national_need * HALF_YEAR * sum(dist.PERIOD_TREND))
    areas = every_area if spec.areas is None else [a for a in every_area if a.code in spec.areas]
    providers = plan_providers(areas, seed)
    plan = DemoPlan(
        size=spec,
        seed=seed,
        today=today,
        periods=demo_periods(today),
        areas=areas,
        rates=rates,
        uptake=uptake,
        providers=providers,
    )
    plan.late = _late_returns(plan)
    return plan


def _late_returns(plan: DemoPlan) -> set[tuple[str, str]]:
    """About one in twenty local returns of the latest period not yet submitted.

    Only smaller mainstream services are late (never the core service or a by-and-for
    service), so "not submitted" shows without removing a whole community's referrals.
    """
    rng = random.Random(f"{plan.seed}:late")
    eligible = [
        (p.slug, code)
        for p in plan.providers
        for code in p.areas
        if p.role not in ("core", "by_and_for", "domestic_abuse", "national_general")
    ]
    late = {pair for pair in eligible if rng.random() < 0.05}
    if not late and eligible:
        late.add(rng.choice(eligible))
    return late

"""Generate demo referrals: canonical record frames, one row a referral.

Expected referrals of group g in area a and a period = population(a, g) ×
victimisation(g) × uptake × ½ (six months) × size fraction × planted effect
(demo/plan.py, demo/planted.py). Counts are Poisson around that; each referral's
characteristics come from demo/distributions.py, and it is then allocated to one of the
area's providers (by-and-for services draw more of their communities' referrals, the
police-run service more police referrals). The area's mix by group is fixed before
allocation, so how referrals are split between providers never moves the area's figures.

Pure Python with `random.Random` (no numpy at runtime): the same seed gives the same
records on any machine. About 5 µs a referral, so the national million in seconds.
"""

import math
import random
from bisect import bisect
from collections import Counter
from dataclasses import dataclass
from datetime import date

import polars as pl

from demo import distributions as dist
from demo import planted
from demo.plan import DemoPlan, PeriodSpan
from demo.providers import ProviderSpec
from returns import dimensions

MEASURES = tuple(dist.MEASURE_ASKED)
NOT_APPLICABLE = ("NA",) * len(MEASURES)
DIMENSIONS = dimensions.COLUMNS  # the record columns of the cube (returns/dimensions.py)
LOCAL_AUTHORITY = dimensions.LOCAL_AUTHORITY

_CRIME = {}
_AGE = {}
_OUTCOME = {}


def _crime_table(group: str) -> dist.Table:
    if group not in _CRIME:
        _CRIME[group] = dist.crime_table(group)
    return _CRIME[group]


def _age_table(group: str) -> dist.Table:
    if group not in _AGE:
        _AGE[group] = dist.age_table(group)
    return _AGE[group]


def _outcome_table(dropout: float) -> dist.Table:
    if dropout not in _OUTCOME:
        _OUTCOME[dropout] = dist.outcome_table(dropout)
    return _OUTCOME[dropout]


def poisson(rng: random.Random, lam: float) -> int:
    """A Poisson draw: exact (Knuth) for small means, normal approximation above 30."""
    if lam <= 0:
        return 0
    if lam > 30:
        return max(0, round(rng.gauss(lam, math.sqrt(lam))))
    limit, k, product = math.exp(-lam), 0, rng.random()
    while product > limit:
        k += 1
        product *= rng.random()
    return k


def allocation_weight(spec: ProviderSpec, group: str, crime: str, pathway: str, age: str) -> float:
    """How strongly a provider draws a referral with these characteristics (0: never)."""
    if spec.crime_types is not None and crime not in spec.crime_types:
        return 0.0
    if spec.age_bands is not None and age not in spec.age_bands:
        return 0.0
    if pathway == "SELF" and not spec.accepts_self_referral:
        return 0.0
    weight = spec.weight
    if spec.is_by_and_for:
        # By-and-for services draw their own communities and non-police routes.
        if group in spec.communities:
            weight *= 8.0
        elif group in dist.MINORITY:
            weight *= 0.8
        else:
            weight *= 0.05
        if pathway in ("SELF", "COMMUNITY", "FAMILY_FRIEND"):
            weight *= 3.0
    if spec.police_relationship == "in_sourced":
        # The guidance: services run by the police are a barrier for many ethnic
        # minority victims, and take most of their referrals from the police.
        if group in dist.MINORITY:
            weight *= 0.6
        weight *= 1.5 if pathway == "POLICE" else 0.5
    return weight


@dataclass
class _Target:
    """Where generated records go and how each provider records them."""

    providers: list[ProviderSpec]
    area: str
    recorded: list[float]
    interpreter: list[bool]
    orientation: list[bool]
    places: list[bool]

    @classmethod
    def of(cls, providers: list[ProviderSpec], area: str) -> "_Target":
        return cls(
            providers=providers,
            area=area,
            recorded=[p.ethnicity_recorded.get(area, dist.ETHNICITY_RECORDED) for p in providers],
            interpreter=[p.records_interpreter for p in providers],
            orientation=[p.records_orientation for p in providers],
            places=[p.records_local_authority for p in providers],
        )


def _columns() -> dict[str, list]:
    return {
        name: []
        for name in (
            "provider",
            "day",
            *DIMENSIONS,
            LOCAL_AUTHORITY,
            "interpreter_needed",
            *MEASURES,
        )
    }


def _draw_group(
    rng: random.Random,
    n: int,
    group: str,
    target: _Target,
    days: int,
    *,
    self_effect: float,
    dropout_effect: float,
    out: dict[str, list],
) -> None:
    """Append n referrals of one ethnic group to the column lists in `out`."""
    if n <= 0:
        return
    rand = rng.random
    crimes = _crime_table(group).sample(rng, n)
    ages = _age_table(group).sample(rng, n)
    disability = dist.DISABILITY.sample(rng, n)
    orientation = dist.ORIENTATION.sample(rng, n)
    outcomes = _outcome_table(dropout_effect).sample(rng, n)
    police, self_share = dist.pathway_shares(self_effect)
    police_or_self = police + self_share
    interpreter_share = dist.INTERPRETER.get(group, 0.01)
    asked = list(dist.MEASURE_ASKED.values())
    providers = target.providers
    cache: dict[tuple[str, str, str], tuple[list[float], float]] = {}

    a_provider, a_day = out["provider"].append, out["day"].append
    a_eth, a_sex, a_age = out["ethnicity"].append, out["sex"].append, out["age_band"].append
    a_dis, a_so = out["disability"].append, out["sexual_orientation"].append
    a_crime, a_path = out["crime_type"].append, out["referral_pathway"].append
    a_out, a_int = out["outcome"].append, out["interpreter_needed"].append
    a_measures = [out[m].append for m in MEASURES]
    out[LOCAL_AUTHORITY].extend([None] * n)  # where they live: `_place` fills it in

    for i in range(n):
        crime, age, outcome = crimes[i], ages[i], outcomes[i]
        u = rand()
        if u < police:
            pathway = "POLICE"
        elif u < police_or_self:
            pathway = "SELF"
        else:
            pathway = dist.OTHER_ROUTE_TABLES[crime].draw(rand())

        key = (crime, pathway, age)
        found = cache.get(key)
        if found is None:
            weights = [allocation_weight(p, group, crime, pathway, age) for p in providers]
            if not any(weights):  # nobody takes it: the core service (first) does
                weights = [1.0] + [0.0] * (len(providers) - 1)
            cum = [sum(weights[: j + 1]) for j in range(len(weights))]
            found = cache[key] = (cum, cum[-1])
        cum, total = found
        p = bisect(cum, rand() * total)
        if p >= len(cum):
            p = len(cum) - 1

        a_provider(p)
        a_day(int(rand() * days))
        a_eth(group if rand() < target.recorded[p] else dist.NOT_STATED.draw(rand()))
        a_sex(dist.SEX_TABLES[crime].draw(rand()))
        a_age(age)
        a_dis(disability[i])
        if age in dist.CHILD_AGES:
            a_so("NA")
        else:
            a_so(orientation[i] if target.orientation[p] else "NR")
        a_crime(crime)
        a_path(pathway)
        a_out(outcome)
        a_int((rand() < interpreter_share) if target.interpreter[p] else None)
        ask = dist.ASKED_BY_OUTCOME.get(outcome)
        if ask is None:
            for append in a_measures:
                append("NA")
        else:
            for append, share in zip(a_measures, asked, strict=True):
                append(dist.ANSWERS.draw(rand()) if rand() < share * ask else "NOT_ASKED")


def _frame(out: dict[str, list], start: date) -> pl.DataFrame:
    """Column lists → the canonical record frame (plus the provider index)."""
    schema = {name: pl.Utf8 for name in out}
    schema |= {"provider": pl.UInt8, "day": pl.Int32, "interpreter_needed": pl.Boolean}
    frame = pl.DataFrame(out, schema=schema)
    return frame.with_columns(
        referral_date=(pl.lit(start, pl.Date) + pl.duration(days=pl.col("day"))).cast(pl.Date)
    ).drop("day")


def generate_area_period(plan: DemoPlan, area, period_index: int) -> pl.DataFrame:
    """Every referral in one area and period, with `provider` (index into the area's
    providers in plan order) beside the canonical columns. Deterministic per
    (seed, area, period), whatever else is generated."""
    period = plan.periods[period_index]
    rng = random.Random(f"{plan.seed}:{area.code}:{period.code}")
    target = _Target.of(plan.providers_in(area.code), area.code)
    out = _columns()
    # Where victims live is drawn from a generator of its own, so recording it leaves every
    # other draw (and the planted disparities) as they were.
    place_rng = random.Random(f"{plan.seed}:{area.code}:{period.code}:places")
    for group in area.population:
        under = planted.effect_for(area.code, group, planted.UNDER_REPRESENTATION, period_index)
        n = poisson(rng, plan.expected(area, group, period_index, under))
        first = len(out["ethnicity"])
        _draw_group(
            rng,
            n,
            group,
            target,
            period.days,
            self_effect=planted.effect_for(
                area.code, group, planted.FEWER_SELF_REFERRALS, period_index
            ),
            dropout_effect=planted.effect_for(
                area.code, group, planted.HIGHER_DROPOUT, period_index
            ),
            out=out,
        )
        _place(place_rng, out, first, area.places.get(group, ()), target.places)
    return _frame(out, period.start)


def _place(rng: random.Random, out: dict[str, list], first: int, places, records: list[bool]):
    """Fill in the local authority of the rows from `first` on, for the providers that
    record it, in proportion to the group's residents in each of the area's authorities."""
    weights = [count for _code, count in places]
    if not any(weights):
        return
    codes = [code for code, _count in places]
    column, providers = out[LOCAL_AUTHORITY], out["provider"]
    rows = [i for i in range(first, len(column)) if records[providers[i]]]
    for i, code in zip(rows, rng.choices(codes, weights=weights, k=len(rows)), strict=True):
        column[i] = code


def with_referral_ids(frame: pl.DataFrame, prefix: str) -> pl.DataFrame:
    """Give each record a pseudonymous referral_id, in referral-date order."""
    frame = frame.sort("referral_date", maintain_order=True)
    return frame.with_columns(
        referral_id=pl.format(
            "{}-{}", pl.lit(prefix), pl.int_range(1, pl.len() + 1).cast(pl.Utf8).str.zfill(6)
        )
    )


def canonical(frame: pl.DataFrame, measure_columns: tuple[str, ...] = MEASURES) -> pl.DataFrame:
    """The columns of the data standard in their order (returns/standard.py, then measures)."""
    from returns.standard import COLUMNS

    return frame.select(*(c.name for c in COLUMNS), *measure_columns)


def records_for_return(
    plan: DemoPlan, *, provider_slug: str, area_code: str, period_code: str
) -> pl.DataFrame:
    """The canonical records of one demo return, as the demo data set stores them."""
    area = next(a for a in plan.areas if a.code == area_code)
    index = next(i for i, p in enumerate(plan.periods) if p.code == period_code)
    providers = plan.providers_in(area_code)
    position = next(i for i, p in enumerate(providers) if p.slug == provider_slug)
    frame = generate_area_period(plan, area, index).filter(pl.col("provider") == position)
    return canonical(with_referral_ids(frame, f"R{index + 1}"))


def generate_records(
    n: int,
    *,
    seed: int = 0,
    period: PeriodSpan | tuple[date, date] = (date(2026, 4, 1), date(2026, 9, 30)),
    ethnicity_weights: dict[str, float] | None = None,
) -> pl.DataFrame:
    """Exactly n canonical records dated within `period`, every dimension varying.

    For tests and the ingest benchmark (a million-row upload). Ethnic groups are drawn
    in proportion to `ethnicity_weights` (group code → weight); by default in proportion
    to national need (Census 2021 England and Wales × Crime Survey rates, from the
    database). About 8% of records have no stated ethnicity.
    """
    start, end = (period.start, period.end) if isinstance(period, PeriodSpan) else period
    if ethnicity_weights is None:
        ethnicity_weights = national_need()
    rng = random.Random(f"records:{seed}")
    groups = list(ethnicity_weights)
    counts = Counter(rng.choices(groups, weights=list(ethnicity_weights.values()), k=n))
    generic = ProviderSpec(
        slug="generic", name="", role="core", kind="mainstream", police_relationship="independent",
        areas=[], description="", languages=(), crime_types=None, age_bands=None,
    )  # fmt: skip
    target = _Target.of([generic], "")
    out = _columns()
    days = (end - start).days + 1
    for group in groups:
        _draw_group(
            rng, counts[group], group, target, days, self_effect=1.0, dropout_effect=1.0, out=out
        )
    frame = _frame(out, start)
    shuffled = frame.sample(fraction=1.0, shuffle=True, seed=seed) if frame.height else frame
    return canonical(with_referral_ids(shuffled, "R"))


def national_need() -> dict[str, float]:
    """Detailed group → England and Wales population × victimisation rate."""
    from demo.need import victimisation_rates
    from reference.models import CountryPopulation

    rates = victimisation_rates()
    need: dict[str, float] = {}
    for code, count in CountryPopulation.objects.filter(group__level="detailed").values_list(
        "group__code", "count"
    ):
        need[code] = need.get(code, 0.0) + count * rates[code]
    return need

"""The benchmarks a service's ethnic mix is compared with.

- Population: the area's Census 2021 usual residents by ethnic group (TS021). All ages:
  no ethnicity-by-age table is shipped yet (reference/data/SOURCES.md, "Not found"), so an
  adults-only benchmark cannot be computed honestly; the page says so.
- Need: population × the group's Crime Survey victimisation rate, normalised
  (docs/statistical-methods.md, "Need benchmark"). Groups are more or less likely to be
  victims, so a service in proportion to need differs from one in proportion to
  population. Only some rates are published:
  each detailed group takes its high-level group's rate for the year ending March 2020
  (the figures the guidance quotes); the Other group has none published for that year, so
  the all-adults rate stands in. The page lists every stand-in.
"""

from dataclasses import dataclass, field

from reference.models import AreaPopulation, EthnicGroup, VictimisationRate

NEED_SURVEY_YEAR = "Year ending March 2020"
IN_WORDS = "year ending March 2020"  # as it reads mid-sentence
ALL_ADULTS = "All adults aged 16 and over"

POPULATION = "population"
NEED = "need"


@dataclass
class Benchmark:
    key: str
    title: str
    explanation: str
    shares: dict[str, float]  # detailed group code → share of the area
    notes: list[str] = field(default_factory=list)

    def share_of(self, codes) -> float:
        return sum(self.shares.get(code, 0.0) for code in codes)


def population_benchmark(area, counts: dict[str, int] | None = None) -> Benchmark:
    """The area's population benchmark; ``counts`` (group code → residents) when already read."""
    if counts is None:
        counts = dict(AreaPopulation.objects.filter(area=area).values_list("group__code", "count"))
    total = sum(counts.values())
    return Benchmark(
        key=POPULATION,
        title="Population (Census 2021)",
        explanation=(
            f"The share of {area.name}'s usual residents in each group at the Census 2021 "
            "(all ages: an ethnic group by age table is not yet loaded, so an adults-only "
            "benchmark cannot be shown)."
        ),
        shares={code: n / total for code, n in counts.items()},
    )


def victimisation_rates() -> tuple[dict[str, float], list[str]]:
    """Crime Survey rate (%) for each detailed group, and notes on the stand-ins used."""
    published = {
        rate.group.code if rate.group else ALL_ADULTS: float(rate.percent)
        for rate in VictimisationRate.objects.filter(survey_year=NEED_SURVEY_YEAR).select_related(
            "group"
        )
    }
    rates, notes = {}, []
    for group in EthnicGroup.objects.filter(level=EthnicGroup.Level.DETAILED).select_related(
        "parent"
    ):
        if group.code in published:
            rates[group.code] = published[group.code]
        elif group.parent.code in published:
            rates[group.code] = published[group.parent.code]
        else:
            rates[group.code] = published[ALL_ADULTS]
            note = (
                f"{group.parent.short_label}: no Crime Survey rate is published for the "
                f"{IN_WORDS}; the rate for all adults "
                f"({published[ALL_ADULTS]:g}%) stands in."
            )
            if note not in notes:
                notes.append(note)
    high_level = ", ".join(
        f"{g.display_name} {published[g.code]:g}%"
        for g in EthnicGroup.objects.filter(level=EthnicGroup.Level.HIGH_LEVEL).order_by("order")
        if g.code in published
    )
    notes.insert(
        0,
        f"Each detailed group takes its high-level group's rate ({high_level}), because "
        "detailed rates for the same year are not published.",
    )
    return rates, notes


def need_benchmark(area, population: Benchmark | None = None, rates=None) -> Benchmark:
    """``rates``: (rates, notes) from ``victimisation_rates`` when already read."""
    population = population or population_benchmark(area)
    rates, notes = rates or victimisation_rates()
    weighted = {code: share * rates[code] for code, share in population.shares.items()}
    total = sum(weighted.values())
    return Benchmark(
        key=NEED,
        title="Need (population × Crime Survey victimisation)",
        explanation=(
            "Each group's population share weighted by the share of adults in that group who "
            "said they were victims of crime (Crime Survey for England and Wales, "
            f"{IN_WORDS}, excluding fraud and computer misuse), then rescaled "
            "to add up to 100%. It differs from the population benchmark because some groups "
            "are more likely to be victims."
        ),
        shares={code: w / total for code, w in weighted.items()},
        notes=notes,
    )


#: Why a crime-type view has no need benchmark, as the page says it.
CRIME_TYPE_NOTE = (
    "Only the population benchmark is shown for one crime type. The need benchmark uses "
    "Crime Survey victimisation for all crime (excluding fraud and computer misuse), and no "
    "victimisation rates by ethnic group are loaded for single crime types, so it would "
    "measure who suffers that crime rather than whether services reach them."
)


def benchmarks_for(area, crime_type=None) -> dict[str, Benchmark]:
    """The benchmarks for an area: population and need; population only for one crime type
    (``CRIME_TYPE_NOTE``)."""
    population = population_benchmark(area)
    if crime_type is not None:
        return {POPULATION: population}
    return {POPULATION: population, NEED: need_benchmark(area, population)}


def all_area_benchmarks(areas) -> dict[int, dict[str, Benchmark]]:
    """Area id → {population, need} for many areas, from two reads (the national view)."""
    counts: dict[int, dict[str, int]] = {a.pk: {} for a in areas}
    for area_id, code, n in AreaPopulation.objects.filter(area__in=areas).values_list(
        "area_id", "group__code", "count"
    ):
        counts[area_id][code] = n
    rates = victimisation_rates()
    out = {}
    for area in areas:
        population = population_benchmark(area, counts[area.pk])
        out[area.pk] = {
            POPULATION: population,
            NEED: need_benchmark(area, population, rates),
        }
    return out

"""Need: how many victims of each ethnic group each area has, from the reference data.

The need-adjusted benchmark (docs/statistical-methods.md, "Need benchmark") is
population × Crime Survey victimisation. The demo's expected referrals are that need × an
uptake rate, so the groups with nothing planted follow the benchmark exactly in
expectation.

Victimisation rates: the Crime Survey year ending March 2020 (the same survey year for
every group), by high-level group (Mixed 19.5%, Black 14.3%, Asian 14.9%, White 12.9%);
the Other group has no published value, so the all-adults rate stands in, as
reference/data/SOURCES.md says. Read from reference.VictimisationRate, never hard-coded.
"""

from dataclasses import dataclass, field

from reference.models import (
    Area,
    AreaPopulation,
    EthnicGroup,
    LocalAuthorityPopulation,
    VictimisationRate,
)

SURVEY_YEAR = "Year ending March 2020"


@dataclass(frozen=True)
class AreaNeed:
    code: str
    name: str
    slug: str
    country: str
    population: dict[str, int]  # detailed group code → usual residents (Census 2021)
    local_authorities: tuple[str, ...]
    # Detailed group code → ((local authority code, usual residents), …), Census 2021.
    places: dict[str, tuple[tuple[str, int], ...]] = field(default_factory=dict, compare=False)

    @property
    def residents(self) -> int:
        return sum(self.population.values())

    def victims(self, rates: dict[str, float]) -> dict[str, float]:
        """Expected adult victims a year by group: population × victimisation rate."""
        return {g: n * rates[g] for g, n in self.population.items()}


def victimisation_rates() -> dict[str, float]:
    """Detailed group code → share victimised a year, from its high-level group's rate."""
    rows = VictimisationRate.objects.filter(survey_year=SURVEY_YEAR).select_related("group")
    by_group = {row.group.code if row.group else None: float(row.percent) / 100 for row in rows}
    if None not in by_group:
        raise ValueError(f"No all-adults Crime Survey rate for {SURVEY_YEAR}: load reference data.")
    rates = {}
    for group in EthnicGroup.objects.filter(level=EthnicGroup.Level.DETAILED).select_related(
        "parent"
    ):
        rates[group.code] = by_group.get(group.parent.code, by_group[None])
    return rates


def load_areas(codes: tuple[str, ...] | None = None) -> list[AreaNeed]:
    """The areas (all 43 when `codes` is None), each with its population by group."""
    areas = Area.objects.order_by("code").prefetch_related("local_authorities")
    if codes is not None:
        areas = areas.filter(code__in=codes)
    population: dict[int, dict[str, int]] = {}
    for area_id, group_code, count in AreaPopulation.objects.values_list(
        "area_id", "group__code", "count"
    ):
        population.setdefault(area_id, {})[group_code] = count
    places: dict[int, dict[str, list[tuple[str, int]]]] = {}
    for area_id, la_code, group_code, count in LocalAuthorityPopulation.objects.order_by(
        "local_authority__code"
    ).values_list("local_authority__area_id", "local_authority__code", "group__code", "count"):
        places.setdefault(area_id, {}).setdefault(group_code, []).append((la_code, count))
    result = [
        AreaNeed(
            code=area.code,
            name=area.name,
            slug=area.slug,
            country=area.country,
            population=dict(sorted(population.get(area.id, {}).items(), key=lambda kv: int(kv[0]))),
            local_authorities=tuple(sorted(la.name for la in area.local_authorities.all())),
            places={g: tuple(rows) for g, rows in places.get(area.id, {}).items()},
        )
        for area in areas
    ]
    if codes is not None and len(result) != len(codes):
        raise ValueError(f"Unknown areas: {sorted(set(codes) - {a.code for a in result})}")
    if not result or not all(a.population for a in result):
        raise ValueError("No population figures: run `manage.py load_reference` first.")
    return result

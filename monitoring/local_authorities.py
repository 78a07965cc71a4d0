"""Below the area: referrals by local authority against each authority's own population.

Only referrals that record where the victim lives (the data standard's optional
local_authority column) are counted, by ethnic group (returns.models.LocalAuthorityCell,
summed per version in monitoring/margins.py). Each authority's referrals are compared
with its Census 2021 usual residents by ethnic group (TS021 for local authority districts,
reference.LocalAuthorityPopulation), with the area dashboard's rules
(monitoring/representation.py): exact intervals, "too few to tell" by the expected count,
[z] for a group with no residents. Every authority's groups in one view are judged as one
family, so the false discovery rate is controlled over the whole table.

There is no need benchmark here: Crime Survey rates are not published by local authority.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass

from monitoring import representation
from monitoring.benchmarks import POPULATION, Benchmark
from reference.models import LocalAuthority, LocalAuthorityPopulation


@dataclass
class Place:
    """One local authority's referrals, and its view of them against its population."""

    authority: LocalAuthority
    view: representation.RepresentationView


@dataclass
class Places:
    """Every local authority the selection's referrals name, at one level of groups."""

    level: str
    places: list[Place]
    family: object  # stats.Family over every authority's comparisons together
    recorded: int  # referrals that say where the victim lives

    @property
    def family_words(self) -> str:
        if self.family is None or not self.family.size:
            return "No comparisons could be made."
        return (
            f"The false discovery rate is controlled at {self.family.q:.0%} over the "
            f"{self.family.size} comparisons in this table ({len(self.places)} local "
            f"authorities' groups against their population); adjusted intervals are at "
            f"{100 * self.family.confidence:.2f}%."
        )


@dataclass
class PlaceReads:
    """The database reads for the table: the authorities named and their populations."""

    counts: dict[int, Counter]  # authority id → ethnicity id → referrals
    authorities: dict[int, LocalAuthority]
    population: dict[int, dict[str, int]]  # authority id → group code → residents


def by_authority(pairs: Counter) -> dict[int, Counter]:
    """(ethnicity id, authority id) → n  ⇒  authority id → ethnicity id → n."""
    out: dict[int, Counter] = defaultdict(Counter)
    for (eth, authority), n in pairs.items():
        out[authority][eth] += n
    return dict(out)


def read(pairs: Counter) -> PlaceReads:
    """Two small queries, for the authorities that `pairs` name (none when it is empty)."""
    counts = by_authority(pairs)
    if not counts:
        return PlaceReads({}, {}, {})
    authorities = LocalAuthority.objects.in_bulk(list(counts))
    population: dict[int, dict[str, int]] = defaultdict(dict)
    for authority, code, n in LocalAuthorityPopulation.objects.filter(
        local_authority_id__in=list(counts)
    ).values_list("local_authority_id", "group__code", "count"):
        population[authority][code] = n
    return PlaceReads(counts, authorities, dict(population))


def population_benchmark(authority: LocalAuthority, counts: dict[str, int]) -> Benchmark:
    total = sum(counts.values())
    return Benchmark(
        key=POPULATION,
        title="Population (Census 2021)",
        explanation=f"The share of {authority.name}'s usual residents in each group at the "
        "Census 2021 (all ages).",
        shares={code: n / total for code, n in counts.items()} if total else {},
    )


def places(reads: PlaceReads, groups: dict, level: str, q: float = 0.05) -> Places:
    """Each authority's view against its own population, judged as one family."""
    out, comparisons = [], []
    for authority_id in sorted(reads.counts, key=lambda a: reads.authorities[a].name):
        authority = reads.authorities[authority_id]
        benchmark = population_benchmark(authority, reads.population.get(authority_id, {}))
        view = representation.representation_view(
            reads.counts[authority_id], groups, level, {POPULATION: benchmark}, judge=False
        )
        out.append(Place(authority, view))
        comparisons += [c for row in view.rows for c in row.comparisons.values()]
    family = representation.assess(comparisons, q) if comparisons else None
    recorded = sum(sum(c.values()) for c in reads.counts.values())
    return Places(level=level, places=out, family=family, recorded=recorded)

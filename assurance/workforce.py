"""Workforce diversity against the area's population, with the dashboard's statistics.

Quality Standard 2, key message 4: "Ethnic diversity should extend to staffing in
commissioners' offices, particularly at senior/managerial levels where decisions are
made ... workforces should strive to reflect the local mix of the community". Each
organisation's staff mix is compared with the area's population exactly as the
dashboard compares referrals (monitoring/representation.py: Wilson interval on the
ratio, Benjamini–Hochberg over the view, "too few to tell" for small numbers), in the 5
groups and the 6 groups that split White British from White other, for all staff and
for senior or managerial staff separately.
"""

from collections import Counter
from dataclasses import dataclass, field

import stats
from assurance.models import Seniority, WorkforceReturn
from monitoring import groups
from monitoring.benchmarks import POPULATION, population_benchmark
from monitoring.representation import RepresentationView, representation_view
from organisations.models import Provider
from reference.models import EthnicGroup

LEVELS = (groups.FIVE, groups.SIX)
STAFF = (("all", "All staff"), (Seniority.SENIOR.value, "Senior or managerial staff"))

BENCHMARK_NOTE = (
    "Staff are compared with the area's whole population at the Census 2021 (all ages). "
    "A workforce is better compared with the working-age population (16 to 64), but the "
    "Census table of ethnic group by age is not loaded in Reach (reference/data/SOURCES.md, "
    "“Not found”), so the all-ages shares are used. They include children, so a group "
    "with a younger age profile has a higher benchmark here than it would against the "
    "working-age population."
)


@dataclass
class StaffView:
    staff_key: str
    staff_label: str
    level: str
    view: RepresentationView

    @property
    def level_title(self) -> str:
        return groups.LEVELS[self.level]["title"]

    @property
    def under(self) -> list[str]:
        return [
            r.group.label
            for r in self.view.rows
            if r.comparisons[POPULATION].verdict == stats.UNDER
        ]


@dataclass
class OrganisationWorkforce:
    name: str
    record: WorkforceReturn | None
    provider: Provider | None
    total: int = 0
    senior: int = 0
    not_stated: int = 0
    views: list[StaffView] = field(default_factory=list)

    @property
    def slug(self) -> str:
        return self.provider.slug if self.provider else "office"

    def view(self, staff_key: str, level: str) -> StaffView | None:
        return next((v for v in self.views if v.staff_key == staff_key and v.level == level), None)


@dataclass
class AreaWorkforce:
    organisations: list[OrganisationWorkforce]
    missing: list[str]  # organisations in scope with nothing recorded for the period
    benchmark_note: str = BENCHMARK_NOTE


def group_lookup() -> dict[int, EthnicGroup]:
    return {g.pk: g for g in EthnicGroup.objects.select_related("parent")}


def organisation_workforce(
    name, record, provider, by_seniority: dict[str, Counter], lookup, benchmark
) -> OrganisationWorkforce:
    everyone: Counter = Counter()
    for counter in by_seniority.values():
        everyone.update(counter)
    org = OrganisationWorkforce(name=name, record=record, provider=provider)
    org.total = sum(everyone.values())
    org.senior = sum(by_seniority.get(Seniority.SENIOR, Counter()).values())
    org.not_stated = sum(n for g, n in everyone.items() if not lookup[g].is_stated)
    for staff_key, label in STAFF:
        counts = everyone if staff_key == "all" else by_seniority.get(staff_key, Counter())
        for level in LEVELS:
            view = representation_view(counts, lookup, level, {POPULATION: benchmark})
            org.views.append(StaffView(staff_key, label, level, view))
    return org


def area_workforce(user, area, period) -> AreaWorkforce:
    """Every workforce return the user may see for the area and period, with statistics."""
    lookup = group_lookup()
    benchmark = population_benchmark(area)
    records = list(
        WorkforceReturn.objects.visible_to(user)
        .filter(area=area, period=period)
        .select_related("provider")
        .prefetch_related("counts")
        .order_by("provider__name")
    )
    organisations = []
    together: dict[str, Counter] = {}
    for record in sorted(records, key=lambda r: (r.provider_id is not None, str(r.provider or ""))):
        by_seniority: dict[str, Counter] = {}
        for c in record.counts.all():
            by_seniority.setdefault(c.seniority, Counter())[c.group_id] += c.count
            if record.provider_id:
                together.setdefault(c.seniority, Counter())[c.group_id] += c.count
        organisations.append(
            organisation_workforce(
                record.organisation_name, record, record.provider, by_seniority, lookup, benchmark
            )
        )
    provider_records = [r for r in records if r.provider_id]
    if len(provider_records) > 1:
        organisations.append(
            organisation_workforce(
                "All commissioned providers together", None, None, together, lookup, benchmark
            )
        )
    return AreaWorkforce(organisations=organisations, missing=_missing(user, area, records))


def _missing(user, area, records) -> list[str]:
    from accounts.scope import scope_for

    scope = scope_for(user)
    recorded = {r.provider_id for r in records}
    missing = []
    if (scope.everything or area.pk in scope.area_ids) and None not in recorded:
        missing.append("Commissioner's office")
    providers = Provider.objects.visible_to(user).filter(areas=area, is_active=True)
    missing += [p.name for p in providers.order_by("name") if p.pk not in recorded]
    return missing

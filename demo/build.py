"""Build the demo data set in the database: providers, users, periods and returns.

The whole build is one transaction: a failed or interrupted build leaves no demo data,
so `load_demo --if-empty` (run by every `make run`) simply builds it again, and a
completed build is never half-replaced. Returns go through the same door as real
submissions (returns.services.return_submit), so the demo exercises that code: each is
checked by the same query rules, explained where it raises a query, and then accepted by
the area's demo commissioner, as a settled history would be. One return of the latest
period also has a second version waiting for acceptance, so the commissioner's pages
show one.
"""

import random
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from datetime import time as clock
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from demo import planted
from demo.generator import generate_area_period
from demo.plan import DEFAULT_SEED, DemoPlan, demo_plan
from demo.records import write_area_period
from demo.users import commissioner_email, create_demo_users
from organisations.models import Provider
from reference.models import AgeBand, Area, CrimeType, Language
from returns.cube import collapse, empty_cube, load_code_ids
from returns.ingest.queries import cube_queries
from returns.ingest.validate import DIMENSIONS
from returns.models import ReturnVersion
from returns.periods import period_ensure, periods_ensure_until
from returns.services import (
    return_ensure,
    return_submit,
    return_version_accept,
    submission_of_counts,
)

# What a demo provider writes when its figures raise a query (by the query's code).
EXPLANATIONS = {
    "ethnicity_coverage_low": "Most of these referrals came from the police without an ethnic "
    "group. We now ask at first contact and expect recording to improve next period.",
    "total_changed": "The number of referrals changed with our contract: a new referral route "
    "opened (or closed) this period.",
    "total_changed_since_last_version": "The earlier version missed part of the period.",
    "all_not_known": "Our case system did not record this in the period.",
    "ethnicity_high_level_only": "Our old intake form asked only for the broad group.",
}
PENDING_AREA = "E23000014"  # West Midlands: a second version waits for acceptance here


@dataclass
class BuildReport:
    size: str
    seed: int
    areas: int = 0
    providers: int = 0
    returns: int = 0
    late: int = 0
    referrals: int = 0
    seconds: float = 0.0
    manifest: Path | None = None
    files: int = 0
    manifest_data: dict = field(default_factory=dict, repr=False)

    def __str__(self) -> str:
        return (
            f"Demo data ({self.size}, seed {self.seed}): {self.areas} areas, "
            f"{self.providers} providers, {self.returns} returns submitted, {self.late} late, "
            f"{self.referrals:,} referrals in {self.seconds:.1f} s"
        )


def demo_build(
    *,
    size: str = "default",
    seed: int = DEFAULT_SEED,
    today=None,
    manifest_path: Path | None = None,
    records_dir: Path | None = None,
    progress=None,
) -> BuildReport:
    """Build the demo data set (see demo/plan.py for sizes); write its manifest."""
    started = time.perf_counter()
    plan = demo_plan(size=size, seed=seed, today=today)
    report = BuildReport(size=size, seed=seed, areas=len(plan.areas))
    with transaction.atomic():
        periods = [period_ensure(span.financial_year, span.half) for span in plan.periods]
        periods_ensure_until(plan.today)  # the current period too, for the upload pages
        providers = create_providers(plan)
        areas = Area.objects.in_bulk([a.code for a in plan.areas], field_name="code")
        users = create_demo_users(areas=list(areas.values()), providers=list(providers.values()))
        commissioners = {
            code: User.objects.get(username=commissioner_email(area.slug))
            for code, area in areas.items()
        }
        codes = load_code_ids()
        submitted: list[tuple[int, datetime]] = []
        totals: dict[tuple[str, str], int] = {}  # the last total each provider sent an area
        rng = random.Random(f"{seed}:submitted")
        last = len(plan.periods) - 1
        for area in plan.areas:
            specs = plan.providers_in(area.code)
            for index, period in enumerate(periods):
                frame = generate_area_period(plan, area, index)
                if records_dir is not None:
                    report.files += write_area_period(plan, area, index, frame, records_dir)
                parts = frame.partition_by("provider", as_dict=True, include_key=False)
                for position, spec in enumerate(specs):
                    provider = providers[spec.slug]
                    if index == last and (spec.slug, area.code) in plan.late:
                        return_ensure(provider=provider, area=areas[area.code], period=period)
                        report.late += 1
                        continue
                    part = parts.get((position,))
                    cube = empty_cube() if part is None else collapse(part, codes)
                    before = totals.get((spec.slug, area.code))
                    version = _send(
                        provider, areas[area.code], period, cube, users[spec.slug],
                        commissioners[area.code], codes, before=before,
                    )  # fmt: skip
                    totals[(spec.slug, area.code)] = cube.total
                    submitted.append((version.pk, _submitted_at(rng, period.end)))
                    report.returns += 1
                    report.referrals += cube.total
                    if (
                        index == last
                        and area.code == PENDING_AREA
                        and position == 0
                        and part is not None
                    ):
                        # A correction that halves the return: it waits for acceptance.
                        half = collapse(part.head(part.height // 2), codes)
                        pending = _send(
                            provider, areas[area.code], period, half, users[spec.slug], None,
                            codes, before=before, replaced=cube.total,
                        )  # fmt: skip
                        submitted.append(
                            (pending.pk, _submitted_at(rng, period.end) + timedelta(days=3))
                        )
            if progress:
                progress(f"{area.name}: done")
        _backdate(submitted)
    report.providers = len(providers)
    report.manifest_data = manifest(plan, report.referrals)
    if manifest_path is not None:
        manifest_path.parent.mkdir(parents=True, exist_ok=True)
        planted.write_manifest(report.manifest_data, manifest_path)
        report.manifest = manifest_path
    report.seconds = time.perf_counter() - started
    return report


def _send(
    provider, area, period, cube, by, commissioner, codes, before=None, replaced=None
) -> ReturnVersion:
    """A demo return through the one door; accepted by `commissioner` if it waits. The demo
    knows the totals it compares with (`before`: the previous period's; `replaced`: the
    version it replaces), so it works out the queries for its explanation without asking."""
    queries = cube_queries(
        cube,
        recorded=list(DIMENSIONS),
        headings={},
        previous_total=before,
        replaced_total=replaced,
        codes=codes,
        area=area,
    )
    submission = submission_of_counts(
        provider=provider,
        area=area,
        period=period,
        channel=ReturnVersion.Channel.DEMO,
        submitted_by=by,
        cube=cube,
        recorded=list(DIMENSIONS),
        keep_cube=False,
        row_count=cube.total,
        codes=codes,
        queries=queries,
    )
    explanation = " ".join(EXPLANATIONS.get(q["code"], "") for q in submission.queries).strip()
    version = return_submit(
        submission=submission, by=by, cube=cube, explanation=explanation, codes=codes
    )
    if version.status == ReturnVersion.Status.AWAITING and commissioner is not None:
        version = return_version_accept(
            version=version, by=commissioner, reason="The provider's explanation is enough."
        )
    return version


def _submitted_at(rng: random.Random, period_end) -> datetime:
    """Returns arrive two to six weeks after the period ends."""
    day = period_end + timedelta(days=rng.randint(14, 42))
    return timezone.make_aware(
        datetime.combine(day, clock(9 + rng.randint(0, 8), rng.randint(0, 59)))
    )


def _backdate(submitted: list[tuple[int, datetime]]) -> None:
    """Versions, and the submissions they came from, dated as the demo's history has them."""
    from returns.models import Submission

    versions = [ReturnVersion(pk=pk, submitted_at=at) for pk, at in submitted]
    ReturnVersion.objects.bulk_update(versions, ["submitted_at"], batch_size=500)
    when = dict(submitted)
    submissions = list(Submission.objects.filter(version_id__in=when).only("pk", "version_id"))
    for submission in submissions:
        submission.created_at = submission.finished_at = when[submission.version_id]
    Submission.objects.bulk_update(submissions, ["created_at", "finished_at"], batch_size=500)


def create_providers(plan: DemoPlan) -> dict[str, Provider]:
    """Create the plan's providers and their offer (areas, languages, crime types, ages)."""
    rows = Provider.objects.bulk_create(
        [
            Provider(
                name=spec.name,
                slug=spec.slug,
                description=spec.description,
                kind=spec.kind,
                police_relationship=spec.police_relationship,
                accepts_self_referral=spec.accepts_self_referral,
                anonymous_contact=spec.anonymous_contact,
                gender_specific_spaces=spec.gender_specific_spaces,
                interpreters=spec.interpreters,
                phone=spec.phone,
                email=spec.email,
                website=spec.website,
                address=spec.address,
                opening_hours=spec.opening_hours,
            )
            for spec in plan.providers
        ]
    )
    if any(row.pk is None for row in rows):
        rows = list(Provider.objects.filter(slug__in=[s.slug for s in plan.providers]))
    by_slug = {row.slug: row for row in rows}
    areas = dict(Area.objects.values_list("code", "id"))
    languages = dict(Language.objects.values_list("code", "id"))
    crimes = dict(CrimeType.objects.exclude(code__in=("NK", "NR")).values_list("code", "id"))
    ages = dict(AgeBand.objects.exclude(code__in=("NK", "NR")).values_list("code", "id"))
    links = {
        Provider.areas.through: [],
        Provider.languages.through: [],
        Provider.crime_types.through: [],
        Provider.age_bands.through: [],
    }
    for spec in plan.providers:
        pid = by_slug[spec.slug].pk
        links[Provider.areas.through] += [
            Provider.areas.through(provider_id=pid, area_id=areas[c]) for c in spec.areas
        ]
        links[Provider.languages.through] += [
            Provider.languages.through(provider_id=pid, language_id=languages[c])
            for c in spec.languages
        ]
        links[Provider.crime_types.through] += [
            Provider.crime_types.through(provider_id=pid, crimetype_id=crimes[c])
            for c in (spec.crime_types or crimes)
        ]
        links[Provider.age_bands.through] += [
            Provider.age_bands.through(provider_id=pid, ageband_id=ages[c])
            for c in (spec.age_bands or ages)
        ]
    for through, objects in links.items():
        through.objects.bulk_create(objects)
    return by_slug


def manifest(plan: DemoPlan, referrals: int) -> dict:
    """The machine-readable truth about the data set (demo/planted.py explains each kind)."""
    period_codes = [p.code for p in plan.periods]
    need = {area.code: plan.need(area) for area in plan.areas}
    expected = {}
    for area in plan.areas:
        by_group = {}
        for group in area.population:
            by_group[group] = round(
                sum(
                    plan.expected(
                        area,
                        group,
                        i,
                        planted.effect_for(area.code, group, planted.UNDER_REPRESENTATION, i),
                    )
                    for i in range(len(period_codes))
                ),
                2,
            )
        expected[area.code] = by_group
    return {
        "seed": plan.seed,
        "size": plan.size.name,
        "periods": period_codes,
        "uptake": round(plan.uptake, 6),
        "referrals": referrals,
        "expected_referrals": round(sum(sum(v.values()) for v in expected.values()), 1),
        "victimisation_rates": {g: round(r, 4) for g, r in plan.rates.items()},
        "planted": planted.planted_entries(plan.areas, plan.providers, period_codes, need),
        "late_returns": [
            {"provider": slug, "area": code, "period": period_codes[-1]}
            for slug, code in sorted(plan.late)
        ],
        "expected_referrals_by_area_and_group": expected,
        "notes": planted.MANIFEST_NOTES,
    }

"""Small builders for test data, one per model; multi-model set-ups go through services."""

import itertools

from django.utils.text import slugify

_counter = itertools.count(1)


def make_user(email: str, *, password: str = "correct horse battery staple", **extra):
    from accounts.models import User

    return User.objects.create_user(username=email, email=email, password=password, **extra)


def make_membership(user, role: str, *, provider=None, area=None):
    from accounts.models import Membership

    return Membership.objects.create(user=user, role=role, provider=provider, area=area)


def make_provider(*, name: str | None = None, areas=(), **fields):
    from organisations.models import Provider

    name = name or f"Provider {next(_counter)}"
    provider = Provider.objects.create(
        name=name, slug=slugify(name)[:200] + f"-{next(_counter)}", **fields
    )
    provider.areas.set(areas)
    return provider


def make_period(financial_year: int = 2026, half: str = "H1"):
    from returns.models import Period

    start, end = Period.bounds(financial_year, half)
    period, _ = Period.objects.get_or_create(
        code=Period.code_for(financial_year, half),
        defaults={"financial_year": financial_year, "half": half, "start": start, "end": end},
    )
    return period


def make_return(*, provider, area, period, cells, measures=()):
    """A submitted return whose cube holds `cells`: dicts of codes plus "count".

    Missing dimensions are "NR" (not recorded). Built directly, for tests of readers;
    tests of writing use returns.services.
    """
    from django.utils import timezone

    from reference import models as ref
    from returns.models import CubeCell, MeasureCell, Return, ReturnVersion

    def ids(model):
        return dict(model.objects.values_list("code", "id"))

    lookup = {
        "ethnicity": ids(ref.EthnicGroup),
        "sex": ids(ref.Sex),
        "age_band": ids(ref.AgeBand),
        "crime_type": ids(ref.CrimeType),
        "pathway": ids(ref.ReferralPathway),
        "outcome": ids(ref.Outcome),
        "disability": ids(ref.Disability),
        "sexual_orientation": ids(ref.SexualOrientation),
        "measure": ids(ref.OutcomeMeasure),
        "answer": ids(ref.MeasureAnswer),
    }
    record, _ = Return.objects.get_or_create(provider=provider, area=area, period=period)
    number = record.versions.count() + 1
    total = sum(c["count"] for c in cells)
    stated = sum(c["count"] for c in cells if c.get("ethnicity", "NK") not in ("PNS", "NK"))
    version = ReturnVersion.objects.create(
        return_record=record,
        number=number,
        channel="demo",
        submitted_at=timezone.now(),
        total_referrals=total,
        stated_ethnicity=stated,
    )
    CubeCell.objects.bulk_create(
        [
            CubeCell(
                version=version,
                count=c["count"],
                interpreter_needed=c.get("interpreter_needed"),
                **{
                    f"{dim}_id": lookup[dim][c.get(dim, "NK" if dim == "ethnicity" else "NR")]
                    for dim in (
                        "ethnicity",
                        "sex",
                        "age_band",
                        "crime_type",
                        "pathway",
                        "outcome",
                        "disability",
                        "sexual_orientation",
                    )
                },
            )
            for c in cells
        ]
    )
    MeasureCell.objects.bulk_create(
        [
            MeasureCell(
                version=version,
                count=m["count"],
                **{
                    f"{dim}_id": lookup[dim][m.get(dim, "NK" if dim == "ethnicity" else "NR")]
                    for dim in ("ethnicity", "sex", "age_band", "crime_type", "measure", "answer")
                },
            )
            for m in measures
        ]
    )
    record.versions.exclude(pk=version.pk).update(status="superseded")
    record.current_version = version
    record.save(update_fields=["current_version"])
    return record

"""Writes to returns: keyword-only `<entity>_<verb>` functions, one transaction each.

DESIGN.md "The assurance cycle", step 2: each submission is a new version,
all-or-nothing, with the previous one kept until replaced. `return_version_store` is the
single place that happens, whatever the channel (upload, web form, API, demo data).
"""

from collections.abc import Sequence

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from returns.cube import Cube
from returns.models import Period, Return, ReturnVersion
from returns.storage import write_cube


def _check_serves(provider, area) -> None:
    if not provider.areas.filter(pk=area.pk).exists():
        raise ValueError(
            f"{provider} does not serve {area}: a return can only be made for an area the "
            "provider is registered in. Add the area to the provider first."
        )


def return_ensure(*, provider, area, period: Period) -> Return:
    """The provider's return for the area and period, created empty (not submitted) if new.

    An empty return is how "not submitted" shows: it exists, with no current version.
    """
    _check_serves(provider, area)
    with transaction.atomic():
        return Return.objects.get_or_create(provider=provider, area=area, period=period)[0]


def return_version_store(
    *,
    provider,
    area,
    period: Period,
    cube: Cube,
    channel: str,
    submitted_by=None,
    file_name: str = "",
    file_sha256: str = "",
    file_bytes: int | None = None,
    row_count: int | None = None,
    queries: Sequence = (),
    explanation: str = "",
) -> ReturnVersion:
    """Store `cube` as the new current version of the provider's return for area × period.

    In one transaction: get or create the Return, lock it (so two submissions for the
    same return queue rather than both becoming version n+1), create version max+1 as
    CURRENT with the cube's totals, write the cells, mark the previous version SUPERSEDED
    and point the return at the new one. Any failure rolls all of it back and leaves the
    previous version current and untouched. Earlier versions keep their cells (history).

    Raises ValueError if the provider does not serve the area or the channel is unknown.
    """
    _check_serves(provider, area)
    if channel not in ReturnVersion.Channel.values:
        raise ValueError(f"Unknown channel {channel!r}: one of {ReturnVersion.Channel.values}.")
    with transaction.atomic():
        record, _ = Return.objects.get_or_create(provider=provider, area=area, period=period)
        record = Return.objects.select_for_update().get(pk=record.pk)
        latest = record.versions.aggregate(n=Max("number"))["n"] or 0
        version = ReturnVersion.objects.create(
            return_record=record,
            number=latest + 1,
            status=ReturnVersion.Status.CURRENT,
            channel=channel,
            submitted_by=submitted_by,
            submitted_at=timezone.now(),
            file_name=file_name,
            file_sha256=file_sha256,
            file_bytes=file_bytes,
            row_count=row_count,
            total_referrals=cube.total,
            stated_ethnicity=cube.stated_ethnicity,
            queries=list(queries),
            explanation=explanation,
        )
        write_cube(version.pk, cube)
        record.versions.exclude(pk=version.pk).filter(status=ReturnVersion.Status.CURRENT).update(
            status=ReturnVersion.Status.SUPERSEDED
        )
        record.current_version = version
        record.save(update_fields=["current_version"])
    return version

"""Writes of the evidence behind the standards: workforce, engagement, outreach, awareness.

Providers may record their own workforce and outreach (the role table gives them
WORKFORCE_RECORD and OUTREACH_RECORD); the commissioner's office records its own
workforce, its engagement and the area's awareness indicators.
"""

from django.db import transaction
from django.utils import timezone

from accounts.authorization import Permission
from accounts.scope import scope_for
from assurance.models import (
    AwarenessIndicator,
    EngagementActivity,
    OutreachActivity,
    WorkforceCount,
    WorkforceReturn,
)
from assurance.services._common import NotPermitted, Refused, require
from core.audit import audit
from returns.models import Period
from returns.periods import period_ensure


def _period_of(day) -> Period:
    return period_ensure(*Period.containing(day))


def _check_provider_in_area(provider, area) -> None:
    if provider is not None and not provider.areas.filter(pk=area.pk).exists():
        raise Refused(f"{provider} does not serve {area.name}.")


def require_office(by, area) -> None:
    """Only the area's commissioner's office records the office's own figures."""
    require(by, Permission.WORKFORCE_RECORD, area=area)
    scope = scope_for(by)
    if area.pk not in scope.area_ids:
        raise NotPermitted("Only the commissioner's office records its own workforce.")


def workforce_record(
    *, area, period, provider=None, counts: dict[tuple[int, str], int], notes: str = "", by
) -> WorkforceReturn:
    """Replace the staff counts of the office (no provider) or a provider for the period.

    `counts` maps (ethnic group id, seniority) → number of staff; zeros are not stored.
    """
    if provider is None:
        require_office(by, area)
    else:
        require(by, Permission.WORKFORCE_RECORD, area=area, provider=provider)
        _check_provider_in_area(provider, area)
    if any(n < 0 for n in counts.values()):
        raise Refused("Staff counts cannot be negative.")
    with transaction.atomic():
        record, created = WorkforceReturn.objects.select_for_update().get_or_create(
            area=area,
            period=period,
            provider=provider,
            defaults={"recorded_by": by, "recorded_at": timezone.now(), "notes": notes},
        )
        if not created:
            record.recorded_by, record.recorded_at, record.notes = by, timezone.now(), notes
            record.save()
            record.counts.all().delete()
        WorkforceCount.objects.bulk_create(
            WorkforceCount(workforce_return=record, group_id=group, seniority=seniority, count=n)
            for (group, seniority), n in counts.items()
            if n
        )
        audit(
            by=by,
            area=area,
            verb="workforce_record",
            target=record,
            summary=f"{sum(counts.values())} staff recorded",
        )
    return record


ENGAGEMENT_FIELDS = set(EngagementActivity.RECORDED_FIELDS)


def _only(fields: dict, allowed: set[str]) -> dict:
    unknown = set(fields) - allowed
    if unknown:
        raise TypeError(f"Unknown fields: {sorted(unknown)}")
    return fields


def engagement_record(*, area, by, **fields) -> EngagementActivity:
    require(by, Permission.ENGAGEMENT_RECORD, area=area)
    fields = _only(fields, ENGAGEMENT_FIELDS)
    with transaction.atomic():
        activity = EngagementActivity.objects.create(
            area=area,
            period=_period_of(fields["held_on"]),
            recorded_by=by,
            recorded_at=timezone.now(),
            **fields,
        )
        audit(by=by, area=area, verb="engagement_record", target=activity)
    return activity


def engagement_update(*, activity: EngagementActivity, by, **fields) -> EngagementActivity:
    require(by, Permission.ENGAGEMENT_RECORD, area=activity.area)
    fields = _only(fields, ENGAGEMENT_FIELDS)
    with transaction.atomic():
        for name, value in fields.items():
            setattr(activity, name, value)
        activity.period = _period_of(activity.held_on)
        activity.recorded_by, activity.recorded_at = by, timezone.now()
        activity.save()
        audit(by=by, area=activity.area, verb="engagement_update", target=activity)
    return activity


OUTREACH_FIELDS = {
    "held_on",
    "channel",
    "description",
    "communities",
    "people_reached",
    "message_independent",
    "message_free",
    "message_no_report_needed",
}


def outreach_record(
    *, area, by, provider=None, languages_reached=(), materials_languages=(), **fields
) -> OutreachActivity:
    """Log an outreach activity run by the commissioner's office or a provider."""
    _require_outreach(by, area, provider)
    fields = _only(fields, OUTREACH_FIELDS)
    with transaction.atomic():
        activity = OutreachActivity.objects.create(
            area=area,
            provider=provider,
            period=_period_of(fields["held_on"]),
            recorded_by=by,
            recorded_at=timezone.now(),
            **fields,
        )
        activity.languages_reached.set(languages_reached)
        activity.materials_languages.set(materials_languages)
        audit(by=by, area=area, verb="outreach_record", target=activity)
    return activity


def outreach_update(
    *,
    activity: OutreachActivity,
    by,
    provider=None,
    languages_reached=(),
    materials_languages=(),
    **fields,
) -> OutreachActivity:
    _require_outreach(by, activity.area, activity.provider)
    _require_outreach(by, activity.area, provider)
    fields = _only(fields, OUTREACH_FIELDS)
    with transaction.atomic():
        for name, value in fields.items():
            setattr(activity, name, value)
        activity.provider = provider
        activity.period = _period_of(activity.held_on)
        activity.recorded_by, activity.recorded_at = by, timezone.now()
        activity.save()
        activity.languages_reached.set(languages_reached)
        activity.materials_languages.set(materials_languages)
        audit(by=by, area=activity.area, verb="outreach_update", target=activity)
    return activity


def _require_outreach(by, area, provider) -> None:
    if provider is None:
        # The office's own outreach: its commissioner only.
        require(by, Permission.OUTREACH_RECORD, area=area)
        if area.pk not in scope_for(by).area_ids:
            raise NotPermitted("Only the commissioner's office records its own outreach.")
    else:
        require(by, Permission.OUTREACH_RECORD, area=area, provider=provider)
        _check_provider_in_area(provider, area)


AWARENESS_FIELDS = {"group", "measure", "value_percent", "base", "source"}


def awareness_record(*, area, period, by, **fields) -> AwarenessIndicator:
    """An awareness indicator for the area (the commissioner's self-assessment evidence)."""
    require(by, Permission.ASSESSMENT_EDIT, area=area)
    fields = _only(fields, AWARENESS_FIELDS)
    if not 0 <= fields["value_percent"] <= 100:
        raise Refused("A percentage is between 0 and 100.")
    with transaction.atomic():
        indicator = AwarenessIndicator.objects.create(
            area=area, period=period, recorded_by=by, recorded_at=timezone.now(), **fields
        )
        audit(by=by, area=area, verb="awareness_record", target=indicator)
    return indicator


def awareness_remove(*, indicator: AwarenessIndicator, by) -> None:
    require(by, Permission.ASSESSMENT_EDIT, area=indicator.area)
    with transaction.atomic():
        audit(by=by, area=indicator.area, verb="awareness_remove", target=indicator)
        indicator.delete()

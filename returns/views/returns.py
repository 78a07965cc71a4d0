"""A provider's returns, a return's history, and an area's returns for its commissioner."""

from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from accounts.authorization import Permission, has_permission
from core.access import check, requires
from organisations.models import Provider
from reference.models import Area
from returns import selectors
from returns.models import Return, ReturnVersion
from returns.periods import recent_complete_periods
from returns.views.lookups import provider_area_period, return_for

PERIODS_SHOWN = selectors.PERIODS_SHOWN


def recent_periods():
    return recent_complete_periods(PERIODS_SHOWN)


def _state(record: Return | None, period, owed: set, key) -> dict:
    """One return's state for a table cell: what counts, what waits, what is owed."""
    versions = list(record.versions.all()) if record else []
    awaiting = next((v for v in versions if v.status == ReturnVersion.Status.AWAITING), None)
    returned = next(
        (v for v in sorted(versions, key=lambda v: -v.number) if v.status == "returned"), None
    )
    current = record.current_version if record else None
    today = timezone.localdate()
    return {
        "period": period,
        "record": record,
        "current": current,
        "awaiting": awaiting,
        "returned": returned if returned and not current else None,
        "owed": key in owed,
        "overdue": key in owed and today > period.due_date,
    }


@requires(Permission.RETURN_SUBMIT)
def return_list(request):
    """Every area and recent period a provider user sends returns for, with its state."""
    providers = (
        Provider.objects.visible_to(request.user)
        .filter(memberships__user=request.user)
        .distinct()
        .prefetch_related("areas")
    )
    periods = recent_periods()
    owed_list = selectors.owed_returns(providers)
    owed = {(o.provider.pk, o.area.pk, o.period.pk) for o in owed_list}
    returns = {
        (r.provider_id, r.area_id, r.period_id): r
        for r in Return.objects.visible_to(request.user)
        .filter(period__in=periods)
        .select_related("current_version")
        .prefetch_related("versions")
    }
    blocks = [
        {
            "provider": provider,
            "areas": [
                {
                    "area": area,
                    "periods": [
                        _state(returns.get(k), p, owed, k)
                        for p in periods
                        for k in [(provider.pk, area.pk, p.pk)]
                    ],
                }
                for area in provider.areas.all()
            ],
        }
        for provider in providers
    ]
    return render(
        request,
        "returns/list.html",
        {
            "page_title": "Returns",
            "blocks": blocks,
            "overdue": [o for o in owed_list if o.overdue],
            "due": [o for o in owed_list if not o.overdue],
            "panel": selectors.provider_panel(request.user),
        },
    )


@requires(Permission.RETURN_VIEW)
def history(request, provider, area, period):
    provider, area, period = provider_area_period(request.user, provider, area, period)
    check(request.user, Permission.RETURN_VIEW, provider=provider, area=area)
    record = return_for(request.user, provider, area, period)
    versions = (
        list(record.versions.select_related("submitted_by", "decided_by").order_by("number"))
        if record
        else []
    )
    rows, previous = [], None
    for version in versions:
        change = None if previous is None else version.total_referrals - previous.total_referrals
        rows.append({"version": version, "change": change})
        previous = version
    return render(
        request,
        "returns/history.html",
        {
            "page_title": f"{provider}: {area}, {period}",
            "provider": provider,
            "area": area,
            "period": period,
            "record": record,
            "rows": list(reversed(rows)),
            "can_submit": has_permission(
                request.user, Permission.RETURN_SUBMIT, provider=provider, area=area
            ),
            "submissions": record.submissions.order_by("-created_at")[:10] if record else [],
        },
    )


@requires(Permission.RETURN_STATUS_VIEW)
def area_status_home(request):
    areas = Area.objects.visible_to(request.user)
    if len(areas) == 1:
        return redirect("returns:area-status", area=areas[0].slug)
    return render(
        request, "returns/status_home.html", {"page_title": "Who has submitted", "areas": areas}
    )


@requires(Permission.RETURN_STATUS_VIEW)
def area_status(request, area):
    """Each provider's return in the area, period by period: what counts, what waits for
    acceptance, what was returned, what is late; and what needs the commissioner."""
    area = get_object_or_404(Area.objects.visible_to(request.user), slug=area)
    check(request.user, Permission.RETURN_STATUS_VIEW, area=area)
    periods = recent_periods()[::-1]
    providers = list(
        Provider.objects.visible_to(request.user)
        .filter(areas=area, is_active=True)
        .order_by("name")
    )
    owed = {
        (o.provider.pk, o.area.pk, o.period.pk)
        for o in selectors.owed_returns(
            Provider.objects.filter(pk__in=[p.pk for p in providers]), periods=periods
        )
        if o.area == area
    }
    returns = {
        (r.provider_id, r.period_id): r
        for r in Return.objects.visible_to(request.user)
        .filter(area=area, period__in=periods)
        .select_related("current_version")
        .prefetch_related("versions")
    }
    rows = [
        {
            "provider": p,
            "cells": [
                _state(returns.get((p.pk, per.pk)), per, owed, (p.pk, area.pk, per.pk))
                for per in periods
            ],
        }
        for p in providers
    ]
    missing = {
        per.code: sum(1 for p in providers if (p.pk, area.pk, per.pk) in owed) for per in periods
    }
    return render(
        request,
        "returns/area_status.html",
        {
            "page_title": f"{area}: who has submitted",
            "area": area,
            "periods": periods,
            "rows": rows,
            "missing": missing,
            "panel": selectors.commissioner_panel(request.user, area)
            if has_permission(request.user, Permission.RETURN_ACCEPT, area=area)
            else None,
        },
    )

"""A provider's returns, a return's history, and an area's submission status."""

from django.shortcuts import get_object_or_404, redirect, render

from accounts.authorization import Permission, has_permission
from core.access import check, requires
from organisations.models import Provider
from reference.models import Area
from returns.models import Return, ReturnVersion
from returns.periods import recent_complete_periods
from returns.views.lookups import provider_area_period, return_for

PERIODS_SHOWN = 6


def recent_periods():
    return recent_complete_periods(PERIODS_SHOWN)


@requires(Permission.RETURN_SUBMIT)
def return_list(request):
    """Every area and recent period a provider user can submit for, with its state."""
    providers = Provider.objects.visible_to(request.user).prefetch_related("areas")
    periods = recent_periods()
    returns = {
        (r.provider_id, r.area_id, r.period_id): r
        for r in Return.objects.visible_to(request.user)
        .filter(period__in=periods)
        .select_related("current_version")
    }
    blocks = [
        {
            "provider": provider,
            "areas": [
                {
                    "area": area,
                    "periods": [
                        {"period": p, "return": returns.get((provider.pk, area.pk, p.pk))}
                        for p in periods
                    ],
                }
                for area in provider.areas.all()
            ],
        }
        for provider in providers
    ]
    return render(request, "returns/list.html", {"page_title": "Returns", "blocks": blocks})


@requires(Permission.RETURN_VIEW)
def history(request, provider, area, period):
    provider, area, period = provider_area_period(request.user, provider, area, period)
    check(request.user, Permission.RETURN_VIEW, provider=provider, area=area)
    record = return_for(request.user, provider, area, period)
    versions = (
        list(record.versions.select_related("submitted_by").order_by("number")) if record else []
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
            "submissions": record.provider.submissions.filter(area=area, period=period)[:10]
            if record
            else [],
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
    """Which providers in the area have and have not submitted, period by period."""
    area = get_object_or_404(Area.objects.visible_to(request.user), slug=area)
    check(request.user, Permission.RETURN_STATUS_VIEW, area=area)
    periods = recent_periods()[::-1]
    providers = list(
        Provider.objects.visible_to(request.user)
        .filter(areas=area, is_active=True)
        .order_by("name")
    )
    submitted = {
        (r.provider_id, r.period_id): r.current_version
        for r in Return.objects.visible_to(request.user)
        .filter(area=area, period__in=periods, current_version__isnull=False)
        .select_related("current_version")
    }
    rows = [
        {
            "provider": p,
            "cells": [{"period": per, "version": submitted.get((p.pk, per.pk))} for per in periods],
        }
        for p in providers
    ]
    missing = {
        per.code: sum(1 for p in providers if (p.pk, per.pk) not in submitted) for per in periods
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
            "channels": dict(ReturnVersion.Channel.choices),
        },
    )

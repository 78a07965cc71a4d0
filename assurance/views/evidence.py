"""Evidence pages: workforce diversity (QS2), engagement (QS1), outreach and awareness (QS3)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from accounts.authorization import Permission, has_permission
from accounts.scope import scope_for
from assurance import services
from assurance.forms import AwarenessForm, EngagementForm, OutreachForm, WorkforceForm
from assurance.models import (
    AwarenessIndicator,
    EngagementActivity,
    OutreachActivity,
    WorkforceReturn,
)
from assurance.views._common import (
    check_any,
    error_prefix,
    get_area,
    get_period,
    period_from_query,
    recent_periods,
    refused,
    requires_any,
)
from assurance.workforce import area_workforce
from core.access import check, requires
from organisations.models import Provider

VIEW_WORKFORCE = (Permission.ASSESSMENT_VIEW, Permission.WORKFORCE_RECORD)
VIEW_OUTREACH = (Permission.ASSESSMENT_VIEW, Permission.OUTREACH_RECORD)


def _is_office(user, area) -> bool:
    return area.pk in scope_for(user).area_ids


def _period_context(request, area, url_name):
    period = period_from_query(request)
    return period, {
        "area": area,
        "period": period,
        "periods": recent_periods(),
        "period_url": reverse(url_name, args=[area.slug]),
        # The way back to the self-assessment the evidence is for, for those who see it.
        "assessment_url": reverse("assurance:assessment", args=[area.slug, period.code])
        if period
        and "period" in request.GET
        and has_permission(request.user, Permission.ASSESSMENT_VIEW, area=area)
        else None,
    }


# Workforce ---------------------------------------------------------------------------


@requires_any(*VIEW_WORKFORCE)
def workforce(request, slug):
    area = get_area(request, slug)
    check_any(request.user, *VIEW_WORKFORCE, area=area)
    period, context = _period_context(request, area, "assurance:workforce")
    recorders = []
    if period is not None:
        if _is_office(request.user, area) and has_permission(
            request.user, Permission.WORKFORCE_RECORD, area=area
        ):
            recorders.append(("Commissioner's office", "office"))
        for provider in (
            Provider.objects.visible_to(request.user).filter(areas=area).order_by("name")
        ):
            if has_permission(
                request.user, Permission.WORKFORCE_RECORD, area=area, provider=provider
            ):
                recorders.append((provider.name, provider.slug))
    context |= {
        "page_title": f"{area.name}: workforce diversity",
        "workforce": area_workforce(request.user, area, period) if period else None,
        "recorders": recorders,
    }
    return render(request, "assurance/workforce.html", context)


@requires(Permission.WORKFORCE_RECORD)
def workforce_edit(request, slug, period, org):
    area = get_area(request, slug)
    period = get_period(period)
    if org == "office":
        provider = None
        check(request.user, Permission.WORKFORCE_RECORD, area=area)
        if not _is_office(request.user, area):
            raise PermissionDenied
    else:
        provider = get_object_or_404(
            Provider.objects.visible_to(request.user), slug=org, areas=area
        )
        check(request.user, Permission.WORKFORCE_RECORD, area=area, provider=provider)
    record = (
        WorkforceReturn.objects.visible_to(request.user)
        .filter(area=area, period=period, provider=provider)
        .first()
    )
    initial = {(c.group_id, c.seniority): c.count for c in record.counts.all()} if record else {}
    back = reverse("assurance:workforce", args=[area.slug]) + f"?period={period.code}"
    status = 200
    if request.method == "POST":
        form = WorkforceForm(request.POST, initial_counts=initial)
        if form.is_valid():
            try:
                services.workforce_record(
                    area=area,
                    period=period,
                    provider=provider,
                    counts=form.counts(),
                    notes=form.cleaned_data["notes"],
                    by=request.user,
                )
            except services.Refused as error:
                return refused(request, error, back)
            messages.success(request, "Workforce figures saved.")
            return redirect(back)
        status = 400
    else:
        form = WorkforceForm(
            initial_counts=initial, initial={"notes": record.notes if record else ""}
        )
    name = provider.name if provider else "Commissioner's office"
    context = {
        "page_title": error_prefix(status) + f"{name}: workforce, {period.label}",
        "area": area,
        "period": period,
        "organisation": name,
        "form": form,
        "back": back,
    }
    return render(request, "assurance/workforce_edit.html", context, status=status)


# Engagement --------------------------------------------------------------------------


@requires(Permission.ASSESSMENT_VIEW)
def engagement(request, slug):
    area = get_area(request, slug)
    check(request.user, Permission.ASSESSMENT_VIEW, area=area)
    period, context = _period_context(request, area, "assurance:engagement")
    context |= {
        "page_title": f"{area.name}: engagement record",
        "activities": EngagementActivity.objects.visible_to(request.user).filter(
            area=area, period=period
        ),
        "can_record": has_permission(request.user, Permission.ENGAGEMENT_RECORD, area=area),
    }
    return render(request, "assurance/engagement.html", context)


@requires(Permission.ENGAGEMENT_RECORD)
def engagement_edit(request, slug, pk=None):
    area = get_area(request, slug)
    check(request.user, Permission.ENGAGEMENT_RECORD, area=area)
    activity = (
        get_object_or_404(EngagementActivity.objects.visible_to(request.user), area=area, pk=pk)
        if pk
        else None
    )
    form = EngagementForm(request.POST if request.method == "POST" else None, instance=activity)
    if request.method == "POST" and form.is_valid():
        data = {k: form.cleaned_data[k] for k in EngagementForm.Meta.fields}
        if activity is None:
            activity = services.engagement_record(area=area, by=request.user, **data)
        else:
            # The form has already written into `activity`: the service gets the stored row.
            stored = EngagementActivity.objects.get(pk=activity.pk)
            activity = services.engagement_update(activity=stored, by=request.user, **data)
        messages.success(request, "Engagement activity saved.")
        return redirect(
            reverse("assurance:engagement", args=[area.slug]) + f"?period={activity.period.code}"
        )
    heading = "Edit engagement activity" if pk else "Record engagement"
    return _form_page(request, area, form, heading, back="assurance:engagement")


# Outreach and awareness --------------------------------------------------------------


@requires_any(*VIEW_OUTREACH)
def outreach(request, slug):
    area = get_area(request, slug)
    check_any(request.user, *VIEW_OUTREACH, area=area)
    period, context = _period_context(request, area, "assurance:outreach")
    activities = (
        OutreachActivity.objects.visible_to(request.user)
        .filter(area=area, period=period)
        .select_related("provider")
        .prefetch_related("languages_reached", "materials_languages")
    )
    context |= {
        "page_title": f"{area.name}: outreach log",
        "activities": activities,
        "can_record": has_permission(request.user, Permission.OUTREACH_RECORD, area=area),
    }
    return render(request, "assurance/outreach.html", context)


@requires(Permission.OUTREACH_RECORD)
def outreach_edit(request, slug, pk=None):
    area = get_area(request, slug)
    check(request.user, Permission.OUTREACH_RECORD, area=area)
    activity = (
        get_object_or_404(OutreachActivity.objects.visible_to(request.user), area=area, pk=pk)
        if pk
        else None
    )
    providers = Provider.objects.visible_to(request.user).filter(areas=area).order_by("name")
    form = OutreachForm(
        request.POST if request.method == "POST" else None,
        instance=activity,
        providers=providers,
        office_allowed=_is_office(request.user, area),
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        kwargs = {
            "provider": data.pop("provider"),
            "languages_reached": data.pop("languages_reached"),
            "materials_languages": data.pop("materials_languages"),
        }
        if activity is None:
            activity = services.outreach_record(area=area, by=request.user, **kwargs, **data)
        else:
            # The form has already written into `activity`: the service checks the stored row.
            stored = OutreachActivity.objects.get(pk=activity.pk)
            activity = services.outreach_update(activity=stored, by=request.user, **kwargs, **data)
        messages.success(request, "Outreach activity saved.")
        return redirect(
            reverse("assurance:outreach", args=[area.slug]) + f"?period={activity.period.code}"
        )
    heading = "Edit outreach activity" if pk else "Log outreach"
    return _form_page(request, area, form, heading, back="assurance:outreach")


@requires(Permission.ASSESSMENT_VIEW)
def awareness(request, slug):
    area = get_area(request, slug)
    check(request.user, Permission.ASSESSMENT_VIEW, area=area)
    period, context = _period_context(request, area, "assurance:awareness")
    context |= {
        "page_title": f"{area.name}: awareness indicators",
        "indicators": AwarenessIndicator.objects.visible_to(request.user)
        .filter(area=area, period=period)
        .select_related("group"),
        "can_record": has_permission(request.user, Permission.ASSESSMENT_EDIT, area=area),
    }
    return render(request, "assurance/awareness.html", context)


@requires(Permission.ASSESSMENT_EDIT)
def awareness_add(request, slug):
    area = get_area(request, slug)
    check(request.user, Permission.ASSESSMENT_EDIT, area=area)
    form = AwarenessForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        period = data.pop("period")
        services.awareness_record(area=area, period=period, by=request.user, **data)
        messages.success(request, "Awareness indicator saved.")
        return redirect(reverse("assurance:awareness", args=[area.slug]) + f"?period={period.code}")
    heading = "Record an awareness indicator"
    return _form_page(request, area, form, heading, back="assurance:awareness")


@require_POST
@requires(Permission.ASSESSMENT_EDIT)
def awareness_remove(request, slug, pk):
    area = get_area(request, slug)
    indicator = get_object_or_404(
        AwarenessIndicator.objects.visible_to(request.user), area=area, pk=pk
    )
    check(request.user, Permission.ASSESSMENT_EDIT, area=area)
    services.awareness_remove(indicator=indicator, by=request.user)
    messages.success(request, "Awareness indicator removed.")
    return redirect(
        reverse("assurance:awareness", args=[area.slug]) + f"?period={indicator.period.code}"
    )


def _form_page(request, area, form, heading: str, *, back: str):
    """An evidence form page, shown again with its errors (400) when they need fixing."""
    status = 400 if form.errors else 200
    context = {
        "page_title": error_prefix(status) + heading,
        "heading": heading,
        "area": area,
        "form": form,
        "back": reverse(back, args=[area.slug]),
    }
    return render(request, "assurance/evidence_form.html", context, status=status)

"""Commissioners write, publish and withdraw their area's transparency reports; the
assessor reads every area's. Providers and the public never reach these pages.

Every area is looked up within the person's scope (accounts/scope.py), so another
area's report is not found (404); the step itself is checked in publication/services.py.
"""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from accounts.authorization import Permission, has_permission
from accounts.scope import scope_for
from assurance.workflow import Refused
from core.access import check, requires
from publication.forms import StartForm, SummaryForm, WithdrawForm
from publication.models import PublishedReport
from publication.selectors import report_state, staff_home_rows, staff_reports
from publication.services import (
    default_address,
    missing_summaries,
    report_draft,
    report_publish,
    report_summaries_save,
    report_withdraw,
    submitted_assessment,
)
from reference.models import Area
from returns.models import Period

S = PublishedReport.Status


def _areas(user):
    scope = scope_for(user)
    areas = Area.objects.order_by("name")
    return areas if scope.everything else areas.filter(pk__in=scope.area_ids)


def _area_period(user, area_slug, period_code):
    area = get_object_or_404(_areas(user), slug=area_slug)
    period = get_object_or_404(Period, code=period_code)
    check(user, Permission.REPORT_VIEW, area=area)
    return area, period


def _state(user, area, period) -> dict:
    return report_state(staff_reports(user, area, period))


@requires(Permission.REPORT_VIEW)
def home(request):
    user = request.user
    rows = staff_home_rows(user, _areas(user))
    return render(
        request,
        "publication/staff/home.html",
        {
            "page_title": "Transparency reports",
            "rows": rows,
            "can_publish": has_permission(user, Permission.REPORT_PUBLISH),
        },
    )


@requires(Permission.REPORT_VIEW)
def manage(request, area, period, start_form=None):
    user = request.user
    area, period = _area_period(user, area, period)
    state = _state(user, area, period)
    draft = state["draft"]
    assessment = submitted_assessment(area, period)
    if start_form is None and not state["revisions"]:
        start_form = StartForm(
            initial={"address": default_address(area, period)}, area=area, period=period
        )
    return render(
        request,
        "publication/staff/manage.html",
        {
            "page_title": f"Transparency report: {area.name}, {period.label}",
            "area": area,
            "period": period,
            "assessment": assessment,
            "summaries": (
                list(draft.summaries.select_related("standard").order_by("standard__number"))
                if draft
                else []
            ),
            "missing": missing_summaries(draft) if draft else [],
            "can_publish": has_permission(user, Permission.REPORT_PUBLISH, area=area),
            "start_form": start_form,
            **state,
        },
        status=400 if start_form is not None and start_form.errors else 200,
    )


@require_POST
@requires(Permission.REPORT_PUBLISH)
def start(request, area, period):
    area_slug, period_code = area, period
    area, period = _area_period(request.user, area, period)
    check(request.user, Permission.REPORT_PUBLISH, area=area)
    address = None
    if not PublishedReport.objects.filter(area=area, period=period).exists():
        form = StartForm(request.POST, area=area, period=period)
        if not form.is_valid():
            return manage(request, area_slug, period_code, start_form=form)
        address = form.cleaned_data["address"]
    try:
        report = report_draft(area=area, period=period, by=request.user, address=address)
    except Refused as refusal:
        form = StartForm(request.POST, area=area, period=period)
        form.is_valid()
        form.add_error("address", str(refusal))
        return manage(request, area_slug, period_code, start_form=form)
    first = report.summaries.select_related("standard").order_by("standard__number").first()
    if first is None:
        messages.error(request, "There are no Quality Standards loaded to write about.")
        return redirect("publishing:manage", area=area.slug, period=period.code)
    return redirect(
        "publishing:write", area=area.slug, period=period.code, number=first.standard.number
    )


@requires(Permission.REPORT_PUBLISH)
def write(request, area, period, number):
    user = request.user
    area, period = _area_period(user, area, period)
    check(user, Permission.REPORT_PUBLISH, area=area)
    draft = _state(user, area, period)["draft"]
    if draft is None:
        return redirect("publishing:manage", area=area.slug, period=period.code)
    summaries = list(draft.summaries.select_related("standard").order_by("standard__number"))
    summary = next((s for s in summaries if s.standard.number == number), None)
    if summary is None:
        raise Http404
    standard = summary.standard
    form = SummaryForm(request.POST or None, initial={"text": summary.text}, standard=standard)
    refused = None
    if request.method == "POST" and form.is_valid():
        try:
            report_summaries_save(report=draft, texts={number: form.cleaned_data["text"]}, by=user)
        except Refused as refusal:
            refused = str(refusal)
        else:
            later = [s for s in summaries if s.standard.number > number]
            if later and "check" not in request.GET:
                return redirect(
                    "publishing:write",
                    area=area.slug,
                    period=period.code,
                    number=later[0].standard.number,
                )
            messages.success(request, f"The summary of Quality Standard {number} is saved.")
            return redirect("publishing:manage", area=area.slug, period=period.code)
    prompts = [p.text for p in standard.prompts.filter(parent=None).order_by("order")]
    return render(
        request,
        "publication/staff/write.html",
        {
            "page_title": f"Quality Standard {standard.number}: {standard.title}",
            "area": area,
            "period": period,
            "standard": standard,
            "prompts": prompts,
            "form": form,
            "refused": refused,
            "position": summaries.index(summary) + 1,
            "count": len(summaries),
        },
        status=400 if (form.errors or refused) else 200,
    )


@require_POST
@requires(Permission.REPORT_PUBLISH)
def publish(request, area, period):
    user = request.user
    area, period = _area_period(user, area, period)
    check(user, Permission.REPORT_PUBLISH, area=area)
    draft = _state(user, area, period)["draft"]
    if draft is None:
        messages.error(request, "There is no draft to publish: start one first.")
        return redirect("publishing:manage", area=area.slug, period=period.code)
    try:
        report = report_publish(report=draft, by=user)
    except Refused as refusal:
        messages.error(request, str(refusal))
        return redirect("publishing:manage", area=area.slug, period=period.code)
    what = "published" if report.revision == 1 else f"published as revision {report.revision}"
    messages.success(request, f"The transparency report for {area.name} is {what}.")
    return redirect("publishing:manage", area=area.slug, period=period.code)


@requires(Permission.REPORT_PUBLISH)
def withdraw(request, area, period):
    user = request.user
    area, period = _area_period(user, area, period)
    check(user, Permission.REPORT_PUBLISH, area=area)
    live = _state(user, area, period)["live"]
    if live is None:
        messages.error(request, "There is no published report to withdraw.")
        return redirect("publishing:manage", area=area.slug, period=period.code)
    form = WithdrawForm(request.POST or None)
    refused = None
    if request.method == "POST" and form.is_valid():
        try:
            report_withdraw(report=live, by=user, reason=form.cleaned_data["reason"])
        except Refused as refusal:
            refused = str(refusal)
        else:
            messages.success(
                request,
                f"The transparency report for {area.name} is withdrawn. Its public page now "
                "says so.",
            )
            return redirect("publishing:manage", area=area.slug, period=period.code)
    return render(
        request,
        "publication/staff/withdraw.html",
        {
            "page_title": f"Withdraw the transparency report for {area.name}",
            "area": area,
            "period": period,
            "report": live,
            "form": form,
            "refused": refused,
        },
        status=400 if (form.errors or refused) else 200,
    )

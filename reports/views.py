"""The bi-annual return pages: ask for the document, watch it being made, download it.

Who may: Permission.ASSESSMENT_VIEW (the area's commissioner and the assessor). Areas and
requests are fetched through `visible_to(user)`, so another area's are 404; a role
without the permission is 403 before anything is looked up (docs/architecture.md).
"""

from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from accounts.authorization import Permission
from accounts.scope import scope_for
from core.access import check, requires
from reference.models import Area
from reports.forms import ReportRequestForm
from reports.models import ReportRequest
from reports.selectors import default_version, visible_versions
from reports.services import report_request
from returns.models import Period
from returns.periods import recent_complete_periods

# While a document is being made the page reloads itself: progress shows without
# JavaScript (static/reach/progress.js polls instead when scripts run).
REFRESH_SECONDS = 2
# A request still unfinished after this long has most likely been lost (the in-process
# task runner stops with the web process): the page offers to ask again.
STALE_MINUTES = 15
PERIODS_SHOWN = 6
REQUESTS_SHOWN = 10


@requires(Permission.ASSESSMENT_VIEW)
def home(request):
    """The areas and recent periods this person may ask for a return of."""
    user = request.user
    scope = scope_for(user)
    areas = [
        a
        for a in Area.objects.visible_to(user).order_by("name")
        if scope.everything or a.pk in scope.area_ids
    ]
    periods = list(recent_complete_periods(PERIODS_SHOWN))
    return render(
        request,
        "reports/home.html",
        {"page_title": "Bi-annual returns", "areas": areas, "periods": periods},
    )


@requires(Permission.ASSESSMENT_VIEW)
def area(request, area, period):
    area = get_object_or_404(Area.objects.visible_to(request.user), slug=area)
    check(request.user, Permission.ASSESSMENT_VIEW, area=area)
    period = get_object_or_404(Period, code=period)
    versions = visible_versions(request.user, area, period)
    default = default_version(versions)
    form = ReportRequestForm(request.POST or None, versions=versions, default=default)
    if request.method == "POST" and form.is_valid():
        made = report_request(
            area=area,
            period=period,
            fmt=form.cleaned_data["format"],
            user=request.user,
            assessment=form.assessment(),
        )
        return redirect("reports:request", pk=made.pk)
    requests = (
        ReportRequest.objects.visible_to(request.user)
        .filter(area=area, period=period)
        .select_related("requested_by", "assessment")
        .defer("content")[:REQUESTS_SHOWN]
    )
    return render(
        request,
        "reports/area.html",
        {
            "page_title": f"Bi-annual return: {area.name}, {period.label}",
            "area": area,
            "period": period,
            "form": form,
            "default": default,
            "requests": requests,
        },
        status=400 if form.errors else 200,
    )


def _request(request, pk) -> ReportRequest:
    made = get_object_or_404(
        ReportRequest.objects.visible_to(request.user)
        .select_related("area", "period", "assessment", "requested_by")
        .defer("content"),
        pk=pk,
    )
    check(request.user, Permission.ASSESSMENT_VIEW, area=made.area)
    return made


@requires(Permission.ASSESSMENT_VIEW)
def request_status(request, pk):
    made = _request(request, pk)
    stale = (
        not made.is_finished
        and (timezone.now() - made.created_at).total_seconds() > STALE_MINUTES * 60
    )
    return render(
        request,
        "reports/request.html",
        {
            "page_title": f"Bi-annual return: {made.area.name}, {made.period.label}",
            "made": made,
            "refresh": REFRESH_SECONDS if not made.is_finished and not stale else None,
            "stale": stale,
        },
    )


@requires(Permission.ASSESSMENT_VIEW)
def request_progress(request, pk):
    """Progress as JSON, for the page's optional live progress bar."""
    made = _request(request, pk)
    return JsonResponse(
        {
            "status": made.status,
            "progress": made.progress,
            "stage": made.stage,
            "finished": made.is_finished,
        }
    )


@requires(Permission.ASSESSMENT_VIEW)
def download(request, pk):
    made = _request(request, pk)
    if made.status != ReportRequest.Status.READY:
        return redirect("reports:request", pk=made.pk)
    content = ReportRequest.objects.values_list("content", flat=True).get(pk=made.pk)
    response = HttpResponse(bytes(content), content_type=made.content_type)
    response["Content-Disposition"] = f'attachment; filename="{made.file_name}"'
    # Exact counts: no shared cache may keep a copy.
    response["Cache-Control"] = "private, no-store"
    return response

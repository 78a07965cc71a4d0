"""Uploading a return, following its check, fixing problems and explaining queries."""

import gzip

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from accounts.authorization import Permission
from core.access import check, requires
from returns.forms import ExplanationForm, UploadForm
from returns.models import Submission
from returns.submissions import SubmissionRefused, submission_explain, submission_start
from returns.views.lookups import provider_area_period, return_for

# While a file is checked, the page reloads itself: progress shows without JavaScript.
REFRESH_SECONDS = 2


@requires(Permission.RETURN_SUBMIT)
def upload(request, provider, area, period):
    provider, area, period = provider_area_period(request.user, provider, area, period)
    check(request.user, Permission.RETURN_SUBMIT, provider=provider, area=area)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            submission = submission_start(
                provider=provider,
                area=area,
                period=period,
                submitted_by=request.user,
                channel="upload",
                data=upload.read(),
                file_name=upload.name,
            )
        except SubmissionRefused as refused:
            form.add_error("file", str(refused))
        else:
            return redirect("returns:submission", pk=submission.pk)
    return render(
        request,
        "returns/upload.html",
        {
            "page_title": f"Upload a return: {area}, {period}",
            "form": form,
            "provider": provider,
            "area": area,
            "period": period,
            "record": return_for(request.user, provider, area, period),
        },
        status=400 if form.errors else 200,
    )


def _submission(request, pk) -> Submission:
    submission = get_object_or_404(
        Submission.objects.visible_to(request.user).select_related(
            "provider", "area", "period", "version"
        ),
        pk=pk,
    )
    check(request.user, Permission.RETURN_VIEW, provider=submission.provider, area=submission.area)
    return submission


@requires(Permission.RETURN_VIEW)
def submission(request, pk):
    submission = _submission(request, pk)
    form = ExplanationForm(request.POST or None)
    if request.method == "POST":
        check(
            request.user,
            Permission.RETURN_SUBMIT,
            provider=submission.provider,
            area=submission.area,
        )
        if form.is_valid():
            try:
                submission = submission_explain(
                    submission=submission, explanation=form.cleaned_data["explanation"]
                )
            except SubmissionRefused as refused:
                form.add_error("explanation", str(refused))
            else:
                messages.success(
                    request, f"Version {submission.version.number} of the return is stored."
                )
                return redirect("returns:submission", pk=submission.pk)
    history_url = reverse(
        "returns:history",
        kwargs={
            "provider": submission.provider.slug,
            "area": submission.area.slug,
            "period": submission.period.code,
        },
    )
    return render(
        request,
        "returns/submission.html",
        {
            "page_title": f"Return for {submission.area}, {submission.period}",
            "submission": submission,
            "form": form,
            "refresh": REFRESH_SECONDS if not submission.is_finished else None,
            "history_url": history_url,
            "errors": [g for g in submission.summary if g["severity"] == "error"],
            "queries": [g for g in submission.summary if g["severity"] == "query"],
        },
        status=400 if form.errors else 200,
    )


@requires(Permission.RETURN_VIEW)
def submission_progress(request, pk):
    """Progress as JSON, for the page's optional live progress bar."""
    from django.http import JsonResponse

    s = _submission(request, pk)
    return JsonResponse(
        {"status": s.status, "progress": s.progress, "stage": s.stage, "finished": s.is_finished}
    )


@requires(Permission.RETURN_VIEW)
def submission_problems(request, pk):
    submission = _submission(request, pk)
    if not submission.problems_csv:
        return HttpResponse(
            "This submission has no problems to list.", status=404, content_type="text/plain"
        )
    response = HttpResponse(
        gzip.decompress(bytes(submission.problems_csv)), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="problems-{submission.area.slug}-{submission.period.code}.csv"'
    )
    return response

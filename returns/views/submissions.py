"""Uploading a return, following its check, and the "check your answers" step."""

import gzip

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from accounts.authorization import Permission, has_permission
from core.access import check, requires
from returns import compare
from returns.forms import ConfirmForm, UploadForm
from returns.ingest.problems import Severity
from returns.models import ReturnVersion, Submission
from returns.services import (
    SubmissionRefused,
    return_submit,
    submission_discard,
    submission_start,
)
from returns.services.submissions import CONFIRM_DAYS, DETAIL_HOURS
from returns.services.versions import submission_preview
from returns.views.lookups import posted, provider_area_period, return_for
from returns.views.web_form import answered_places

# While a file is checked, the page reloads itself: progress shows without JavaScript.
REFRESH_SECONDS = 2


@requires(Permission.RETURN_SUBMIT)
def upload(request, provider, area, period):
    provider, area, period = provider_area_period(request.user, provider, area, period)
    check(request.user, Permission.RETURN_SUBMIT, provider=provider, area=area)
    form = UploadForm(*posted(request, files=True))
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            submission = submission_start(
                provider=provider,
                area=area,
                period=period,
                submitted_by=request.user,
                channel=ReturnVersion.Channel.UPLOAD,
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
            "provider", "area", "period", "version", "return_record"
        ),
        pk=pk,
    )
    check(request.user, Permission.RETURN_VIEW, provider=submission.provider, area=submission.area)
    return submission


def _title(submission: Submission) -> str:
    S = Submission.Status
    return {
        S.QUEUED: "Checking your return",
        S.PROCESSING: "Checking your return",
        S.REJECTED: "Your return has problems to fix",
        S.FAILED: "The file could not be checked",
        S.TO_CONFIRM: "Check your answers before sending",
        S.SUBMITTED: "Return sent",
        S.DISCARDED: "Return not sent",
        S.EXPIRED: "Return not sent",
    }[submission.status]


@requires(Permission.RETURN_VIEW)
def submission(request, pk):
    submission = _submission(request, pk)
    may_send = has_permission(
        request.user, Permission.RETURN_SUBMIT, provider=submission.provider, area=submission.area
    )
    preview = submission_preview(submission)
    form = ConfirmForm(posted(request), queries=preview.queries if preview else ())
    if request.method == "POST":
        check(
            request.user,
            Permission.RETURN_SUBMIT,
            provider=submission.provider,
            area=submission.area,
        )
        try:
            if "discard" in request.POST:
                submission_discard(submission=submission, by=request.user)
                messages.success(request, "Nothing was sent. You can send the return again.")
                return redirect("returns:submission", pk=submission.pk)
            if form.is_valid():
                version = return_submit(
                    submission=submission,
                    by=request.user,
                    explanation=form.cleaned_data.get("explanation", ""),
                )
                messages.success(request, _sent_message(version))
                return redirect("returns:submission", pk=submission.pk)
        except SubmissionRefused as refused:
            form.add_error("explanation" if "explanation" in form.fields else None, str(refused))
            submission.refresh_from_db()
            preview = submission_preview(submission)
    record = submission.return_record
    history_url = reverse(
        "returns:history",
        args=[submission.provider.slug, submission.area.slug, submission.period.code],
    )
    comparison = None
    if preview is not None:
        old = compare.of_version(preview.current) if preview.current else None
        comparison = compare.sections(old, compare.of_cube(preview.cube))
    detail = submission.detail_examples or {}
    groups = [
        {**g, "examples": detail.get("examples", {}).get(g["code"], g["examples"])}
        for g in submission.summary
    ]
    to_map = detail.get("to_map", {})
    return render(
        request,
        "returns/submission.html",
        {
            "page_title": _title(submission),
            "submission": submission,
            "record": record,
            "form": form,
            "may_send": may_send,
            "preview": preview,
            "comparison": comparison,
            "refresh": REFRESH_SECONDS if not submission.is_finished else None,
            "history_url": history_url,
            "errors": [g for g in groups if g["severity"] == Severity.ERROR],
            "notes": submission.notes or [g for g in groups if g["severity"] == Severity.NOTE],
            "can_map": bool(
                to_map.get("labels") or to_map.get("headings") or to_map.get("missing")
            ),
            "detail_hours": DETAIL_HOURS,
            "confirm_days": CONFIRM_DAYS,
            "statuses": ReturnVersion.Status,
            "old_label": f"Version {preview.current.number} (counts now)"
            if preview and preview.current
            else "Now",
            "new_label": "This return",
            "places": answered_places(submission, preview.cube)
            if preview is not None and submission.channel == ReturnVersion.Channel.WEB_FORM
            else None,
        },
        status=400 if form.errors else 200,
    )


def _sent_message(version: ReturnVersion) -> str:
    if version.status == ReturnVersion.Status.CURRENT:
        return f"Version {version.number} is sent and counts now."
    if version.status == ReturnVersion.Status.AWAITING:
        return f"Version {version.number} is sent. It counts once the commissioner accepts it."
    return f"Version {version.number} is kept as history: a later return came first."


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
    """Every problem as a spreadsheet: with the values found while the provider fixes the
    file, and after that the rows, columns and kinds only."""
    submission = _submission(request, pk)
    data = submission.detail_csv if submission.detail_csv else submission.problem_list
    if not data:
        return HttpResponse(
            "This submission has no problems to list.", status=404, content_type="text/plain"
        )
    response = HttpResponse(gzip.decompress(bytes(data)), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="problems-{submission.area.slug}-{submission.period.code}.csv"'
    )
    return response

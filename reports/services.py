"""Writes of the reports app: asking for a document, and building it in the background.

`report_request` records the request and queues the task once the transaction commits
(so the task finds the row); `report_build`, run by reports/tasks.py, gathers the content,
writes the file and stores it on the request, recording its progress at each stage for
the page that shows it (returns/services/submissions.py is the same pattern for uploads).
"""

import logging
import uuid

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from accounts.authorization import Permission, has_permission
from core.access import check
from reports.models import ReportRequest

logger = logging.getLogger(__name__)

F = ReportRequest.Format
R = ReportRequest.Status


def _builders():
    from reports.pdf.document import build_pdf
    from reports.workbook import build_ods, build_xlsx

    return {F.PDF: build_pdf, F.XLSX: build_xlsx, F.ODS: build_ods}


def report_request(*, area, period, fmt: str, user, assessment=None) -> ReportRequest:
    """Ask for the area's bi-annual return for the period as a file; built in the background.

    `assessment` is the self-assessment version to show (one the user may see), or None.
    """
    check(user, Permission.ASSESSMENT_VIEW, area=area)
    if fmt not in F.values:
        raise ValueError(f"Unknown format {fmt!r}: use pdf, xlsx or ods.")
    if assessment is not None and (
        assessment.area_id != area.pk or assessment.period_id != period.pk
    ):
        raise ValueError("That self-assessment is not this area's for this period.")
    with transaction.atomic():
        request = ReportRequest.objects.create(
            id=uuid.uuid4(),
            area=area,
            period=period,
            assessment=assessment,
            format=fmt,
            requested_by=user,
            stage="Waiting to start",
        )
        from reports.tasks import build_report

        transaction.on_commit(lambda: build_report.enqueue(str(request.pk)))
    return request


def file_name(request: ReportRequest) -> str:
    version = f"-v{request.assessment.version}" if request.assessment_id else ""
    stem = slugify(f"bi-annual return {request.area.name} {request.period.code}")
    return f"{stem}{version}.{request.format}"


def report_build(*, request_id) -> ReportRequest:
    """Build a queued request's file and store it; a failure is recorded, never left hanging."""
    from reports.content import gather

    request = ReportRequest.objects.select_related(
        "area", "period", "assessment", "requested_by"
    ).get(pk=request_id)
    # Claim the request in one statement, so a task delivered twice builds it once.
    claimed = ReportRequest.objects.filter(pk=request.pk, status=R.QUEUED).update(
        status=R.BUILDING, progress=5, stage="Starting"
    )
    if not claimed:
        return request

    def progress(percent: int, stage: str) -> None:
        ReportRequest.objects.filter(pk=request.pk).update(progress=percent, stage=stage[:200])

    try:
        user = request.requested_by
        # Figures are read as the requester may see them: someone who has left Reach, or
        # lost their role since asking, gets nothing built.
        if user is None or not has_permission(user, Permission.ASSESSMENT_VIEW, area=request.area):
            raise PermissionError("the person who asked for it may no longer see this area")
        content = gather(request, progress)
        progress(70, f"Writing the {request.format.upper()} file")
        data = _builders()[request.format](content)
        progress(95, "Storing the file")
    except Exception:
        # Whatever went wrong, the page must say so rather than wait for ever; the details
        # go to the log for whoever runs the service.
        logger.exception("Building report %s failed", request.pk)
        return _finish(
            request,
            R.FAILED,
            stage="Something went wrong while creating the document. Ask for it again; "
            "if it fails again, tell the Reach team.",
        )
    request.content = data
    request.size = len(data)
    request.file_name = file_name(request)
    return _finish(request, R.READY, stage="Ready to download")


def _finish(request: ReportRequest, status: str, *, stage: str) -> ReportRequest:
    request.status = status
    request.stage = stage
    request.progress = 100
    request.finished_at = timezone.now()
    request.save()
    return request

"""Background tasks of the reports app (queued in the database, run by workers: core/queue.py)."""

from django.utils import timezone
from django_tasks import task

from core.queue import when_lost


@task()
def build_report(request_id: str) -> str:
    from reports.services import report_build

    return report_build(request_id=request_id).status


@when_lost(build_report)
def _build_lost(args: list, kwargs: dict, retried: bool) -> None:
    """A document whose worker died is made again from the start, or its page says so."""
    from reports.models import ReportRequest

    R = ReportRequest.Status
    request = ReportRequest.objects.filter(
        pk=kwargs.get("request_id", *args[:1]), status=R.BUILDING
    )
    if retried:
        request.update(status=R.QUEUED, progress=0, stage="Starting again")
    else:
        request.update(
            status=R.FAILED,
            progress=100,
            finished_at=timezone.now(),
            stage="Something went wrong while creating the document. Ask for it again; "
            "if it fails again, tell the Reach team.",
        )

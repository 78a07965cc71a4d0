"""Background tasks of the returns app (queued in the database, run by workers: core/queue.py)."""

from django.utils import timezone
from django_tasks import task

from core.queue import when_lost

CHECK_LOST = "The check was interrupted before it finished. Send the file again."
CHECK_RESTARTED = "The check was interrupted part-way and is starting again"


@task()
def process_submission(submission_id: str) -> str:
    from returns.services import submission_process

    return submission_process(submission_id).status


@when_lost(process_submission)
def _check_lost(args: list, kwargs: dict, retried: bool) -> None:
    """A check whose worker died starts again from its file, or ends saying so."""
    from returns.models import Submission
    from returns.services.submissions import _incoming_path
    from returns.workflow import check_submission_move

    S = Submission.Status
    submission_id = kwargs.get("submission_id", *args[:1])
    submission = Submission.objects.filter(pk=submission_id)
    if retried and _incoming_path(submission_id).exists():
        check_submission_move(S.PROCESSING, S.QUEUED)
        submission.filter(status=S.PROCESSING).update(
            status=S.QUEUED, progress=0, stage=CHECK_RESTARTED
        )
        return
    check_submission_move(S.PROCESSING, S.FAILED)
    if submission.filter(status__in=[S.QUEUED, S.PROCESSING]).update(
        status=S.FAILED, progress=100, finished_at=timezone.now(), stage=CHECK_LOST
    ):
        _incoming_path(submission_id).unlink(missing_ok=True)

"""The sweep: nothing is left half-way, and nothing is kept past its time (docs/returns.md).

`manage.py sweep_submissions` runs it; `make run` runs it before the service starts, so a
check that died with its process is ended, and its file deleted, at once.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from returns.models import Submission
from returns.services.submissions import CONFIRM_DAYS, _incoming_dir, _incoming_path
from returns.workers import is_alive
from returns.workflow import check_submission_move

S = Submission.Status
# A check that has not finished in this time is lost, wherever it ran.
STALE_AFTER = datetime.timedelta(minutes=30)
IN_PROCESS_BACKENDS = (
    "core.tasks_backend.ThreadBackend",
    "django_tasks.backends.immediate.ImmediateBackend",
)


@dataclass
class SweepReport:
    ended: int = 0  # checks that were lost
    expired: int = 0  # checked returns never confirmed
    details_removed: int = 0  # values found in rejected files, past their time
    files_deleted: int = 0  # uploaded files no check will read

    def __str__(self) -> str:
        return (
            f"lost checks ended: {self.ended}; unconfirmed returns expired: {self.expired}; "
            f"problem values removed: {self.details_removed}; files deleted: {self.files_deleted}"
        )


def _in_process_tasks() -> bool:
    return settings.TASKS["default"]["BACKEND"] in IN_PROCESS_BACKENDS


def _lost(submission: Submission, now) -> bool:
    """Has this check no process left to finish it?"""
    if submission.created_at < now - STALE_AFTER:
        return True
    if submission.status == S.PROCESSING or _in_process_tasks():
        # The process checking it, or (in-process tasks) the one whose queue holds it.
        return is_alive(submission.worker) is False
    return False


def submissions_sweep(*, now=None) -> SweepReport:
    """End checks that were lost, expire unconfirmed returns, remove the values found in
    rejected files after DETAIL_HOURS, and delete files nobody will read.

    Run by `make run` before the service starts (so a check that died with its process
    is ended at once) and, in production, on a schedule (`manage.py sweep_submissions`).
    """
    now = now or timezone.now()
    report = SweepReport()
    for submission in Submission.objects.filter(status__in=[S.QUEUED, S.PROCESSING]):
        if not _lost(submission, now):
            continue
        with transaction.atomic():
            ended = Submission.objects.filter(pk=submission.pk, status=submission.status).update(
                status=S.FAILED,
                stage="The check was interrupted before it finished. Upload the file again.",
                progress=100,
                finished_at=now,
            )
        _incoming_path(submission.id).unlink(missing_ok=True)
        report.ended += ended
    for submission in Submission.objects.filter(status=S.TO_CONFIRM, expires_at__lte=now):
        with transaction.atomic():
            check_submission_move(S.TO_CONFIRM, S.EXPIRED)
            report.expired += Submission.objects.filter(
                pk=submission.pk, status=S.TO_CONFIRM
            ).update(
                status=S.EXPIRED,
                pending_cube=None,
                stage=f"Not sent: not confirmed within {CONFIRM_DAYS} days",
            )
    report.details_removed = Submission.objects.filter(detail_expires_at__lte=now).update(
        detail_examples=None, detail_csv=None, detail_expires_at=None
    )
    directory = _incoming_dir()
    if directory.exists():
        waiting = {
            str(pk)
            for pk in Submission.objects.filter(status__in=[S.QUEUED, S.PROCESSING]).values_list(
                "pk", flat=True
            )
        }
        for path in directory.glob("*.upload"):
            if path.stem not in waiting:
                path.unlink(missing_ok=True)
                report.files_deleted += 1
    return report

"""The sweep: nothing is left half-way, and nothing is kept past its time (docs/returns.md);
figures kept for earlier generations are deleted too (monitoring/cache.py).

`manage.py sweep_submissions` runs it; `make run` runs it before the service starts, so a
check that died with its process is run again or ended, and its file deleted, at once.
"""

import datetime
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from core.queue import Recovered, tasks_recover, waiting_arguments, worker_gone
from monitoring.cache import figures_prune
from publication.limits import rate_counts_prune
from returns.models import Submission
from returns.services.submissions import CONFIRM_DAYS, _incoming_dir, _incoming_path
from returns.tasks import CHECK_LOST, process_submission
from returns.workflow import check_submission_move

S = Submission.Status
# A check that no queued task will run, this long after it was made, is lost: its task is
# written within moments of it (returns/services/submissions.py).
STALE_AFTER = datetime.timedelta(minutes=5)


@dataclass
class SweepReport:
    ended: int = 0  # checks that were lost
    expired: int = 0  # checked returns never confirmed
    details_removed: int = 0  # values found in rejected files, past their time
    files_deleted: int = 0  # uploaded files no check will read
    tasks: Recovered = field(default_factory=Recovered)  # tasks whose worker died
    figures_removed: int = 0  # kept figures of earlier generations, or past their time
    rate_counts_removed: int = 0  # counts of the public rate limit's ended windows

    def __str__(self) -> str:
        return (
            f"{self.tasks}; "
            f"lost checks ended: {self.ended}; unconfirmed returns expired: {self.expired}; "
            f"problem values removed: {self.details_removed}; files deleted: {self.files_deleted}; "
            f"out-of-date figures removed: {self.figures_removed}; "
            f"ended rate-limit counts removed: {self.rate_counts_removed}"
        )


def _lost(submission: Submission, now, waiting: set[str]) -> bool:
    """Has this check no process left to finish it?"""
    if submission.status == S.PROCESSING and worker_gone(submission.worker, now=now):
        return True  # the process checking it has gone
    return str(submission.pk) not in waiting and submission.created_at < now - STALE_AFTER


def _waiting_checks() -> set[str]:
    """Submissions with a check waiting for a worker or running now."""
    return {str(args[0]) for args in waiting_arguments(process_submission) if args}


def submissions_sweep(*, now=None) -> SweepReport:
    """End checks that were lost, expire unconfirmed returns, remove the values found in
    rejected files after DETAIL_HOURS, delete files nobody will read, the figures
    kept for earlier generations, and the public rate limit's counts of ended windows.

    Run by `make run` before the service starts (so a check that died with its process
    is ended at once) and, in production, on a schedule (`manage.py sweep_submissions`).
    """
    now = now or timezone.now()
    report = SweepReport()
    report.tasks = tasks_recover(now=now)
    waiting = _waiting_checks()
    for submission in Submission.objects.filter(status__in=[S.QUEUED, S.PROCESSING]):
        if not _lost(submission, now, waiting):
            continue
        with transaction.atomic():
            ended = Submission.objects.filter(pk=submission.pk, status=submission.status).update(
                status=S.FAILED,
                stage=CHECK_LOST,
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
    report.figures_removed = figures_prune(now=now)
    report.rate_counts_removed = rate_counts_prune(now=now)
    return report

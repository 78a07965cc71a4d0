"""Lost tasks (core/queue.py): a task whose worker died is run again once, then failed,
and its submission says so. The killed-worker test (tests/returns/test_worker_killed.py)
does this with real processes; these cover each rule quickly."""

import datetime
from pathlib import Path

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from core.queue import TASK_DEADLINE, tasks_recover
from core.workers import this_worker
from returns.models import Submission
from returns.services import submission_start
from returns.tasks import CHECK_LOST, CHECK_RESTARTED

pytestmark = pytest.mark.django_db


@pytest.fixture
def checking(settings, provider_a, provider_a_user, area_a, period):
    """A submission being checked, its file waiting, and its task running."""
    submission = submission_start(
        provider=provider_a, area=area_a, period=period, submitted_by=provider_a_user,
        channel="upload", data=b"referral_id\nR1\n", file_name="r.csv",
    )  # fmt: skip
    Submission.objects.filter(pk=submission.pk).update(status="processing")

    def task(workers, started_ago=datetime.timedelta(0)):
        return DBTaskResult.objects.create(
            status="RUNNING",
            args_kwargs={"args": [str(submission.pk)], "kwargs": {}},
            task_path="returns.tasks.process_submission",
            backend_name="default",
            worker_ids=workers,
            started_at=timezone.now() - started_ago,
            run_after=timezone.now(),
        )

    return submission, task


def _dead_here() -> str:
    host = this_worker().split(":")[0]
    return f"{host}:{2**22 + 11}:1"  # no process has this pid


def test_a_task_whose_worker_died_here_runs_again_at_once(checking):
    submission, task = checking
    result = task([_dead_here()])
    assert tasks_recover().retried == 1
    result.refresh_from_db()
    submission.refresh_from_db()
    assert result.status == "READY"
    assert (submission.status, submission.stage) == ("queued", CHECK_RESTARTED)


def test_a_task_lost_twice_is_failed_and_its_submission_says_so(settings, checking):
    submission, task = checking
    result = task([_dead_here(), _dead_here()])
    assert tasks_recover().failed == 1
    result.refresh_from_db()
    submission.refresh_from_db()
    assert result.status == "FAILED" and result.exception_class_path == "core.queue.WorkerLost"
    assert (submission.status, submission.stage) == ("failed", CHECK_LOST)
    assert not (Path(settings.INCOMING_DIR) / f"{submission.pk}.upload").exists()


def test_a_task_on_another_machine_is_lost_only_after_the_deadline(checking):
    submission, task = checking
    result = task(["elsewhere:1:1"], started_ago=TASK_DEADLINE - datetime.timedelta(minutes=1))
    assert tasks_recover().retried == 0
    later = timezone.now() + datetime.timedelta(minutes=2)
    assert tasks_recover(now=later).retried == 1
    result.refresh_from_db()
    assert result.status == "READY"


def test_a_task_whose_worker_lives_is_left_alone(checking):
    submission, task = checking
    task([this_worker()], started_ago=TASK_DEADLINE * 2)
    assert tasks_recover().retried == tasks_recover().failed == 0
    submission.refresh_from_db()
    assert submission.status == "processing"

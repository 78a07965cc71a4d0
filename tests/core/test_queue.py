"""Lost tasks (core/queue.py): a task whose worker died is run again once, then failed,
and its submission says so; a worker on another machine is known to have gone by its
heartbeat. The killed-worker test (tests/returns/test_worker_killed.py) does this with
real processes; these cover each rule quickly."""

import datetime
import threading
from pathlib import Path

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from core import queue
from core.models import WorkerHeartbeat
from core.queue import HEARTBEAT_LIMIT, TASK_DEADLINE, Heartbeat, heartbeat, tasks_recover
from core.workers import this_worker
from returns.models import Submission
from returns.services import submission_start
from returns.tasks import CHECK_LOST, CHECK_RESTARTED

pytestmark = pytest.mark.django_db


@pytest.fixture
def checking(settings, provider_a, provider_a_user, area_a, period):
    """A submission being checked, its file waiting, and its task running (`task`); and
    `another()` such submission."""

    def another():
        made = submission_start(
            provider=provider_a, area=area_a, period=period, submitted_by=provider_a_user,
            channel="upload", data=b"referral_id\nR1\n", file_name="r.csv",
        )  # fmt: skip
        Submission.objects.filter(pk=made.pk).update(status="processing")
        return made

    submission = another()

    def task(workers, started_ago=datetime.timedelta(0), checked=None):
        checked = checked or submission
        return DBTaskResult.objects.create(
            status="RUNNING",
            args_kwargs={"args": [str(checked.pk)], "kwargs": {}},
            task_path="returns.tasks.process_submission",
            backend_name="default",
            worker_ids=workers,
            started_at=timezone.now() - started_ago,
            run_after=timezone.now(),
        )

    task.another = another
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


def test_a_worker_on_another_machine_is_gone_once_its_heartbeat_stops(checking):
    submission, task = checking
    start = timezone.now()
    heartbeat("host-a:101:7", host="host-a", pid=101, now=start)
    heartbeat("host-b:202:7", host="host-b", pid=202, now=start)
    on_a = task(["host-a:101:7"])
    other = task.another()
    on_b = task(["host-b:202:7"], checked=other)
    # Both beat for a while; then host-b's worker stops beating (its machine is lost).
    heartbeat("host-a:101:7", host="host-a", pid=101, now=start + datetime.timedelta(seconds=50))
    heartbeat("host-b:202:7", host="host-b", pid=202, now=start + datetime.timedelta(seconds=5))
    soon = start + datetime.timedelta(seconds=5) + HEARTBEAT_LIMIT - datetime.timedelta(seconds=1)
    assert tasks_recover(now=soon).retried == 0  # not yet: seen less than the limit ago
    later = start + datetime.timedelta(seconds=5) + HEARTBEAT_LIMIT + datetime.timedelta(seconds=1)
    assert later < start + TASK_DEADLINE  # long before the deadline
    assert tasks_recover(now=later).retried == 1
    on_a.refresh_from_db()
    on_b.refresh_from_db()
    other.refresh_from_db()
    submission.refresh_from_db()
    assert (on_a.status, on_b.status) == ("RUNNING", "READY")
    assert (other.status, other.stage) == ("queued", CHECK_RESTARTED)
    assert submission.status == "processing"


def test_a_worker_still_beating_keeps_its_task_past_the_deadline(checking):
    submission, task = checking
    result = task(["host-a:101:7"], started_ago=TASK_DEADLINE * 2)
    heartbeat("host-a:101:7", host="host-a", pid=101)
    assert tasks_recover().retried == tasks_recover().failed == 0
    result.refresh_from_db()
    assert result.status == "RUNNING"


def test_a_worker_that_stops_beating_leaves_its_task_lost_at_once(checking):
    submission, task = checking
    with Heartbeat("host-c:303:7"):
        assert WorkerHeartbeat.objects.filter(worker="host-c:303:7").exists()
        result = task(["host-c:303:7"])
        assert tasks_recover().retried == 0
    # Forced to stop in the middle of its task: no need to wait for the limit.
    assert tasks_recover().retried == 1
    result.refresh_from_db()
    assert result.status == "READY"


def test_the_heartbeat_is_written_again_and_again_by_a_thread_of_its_own(monkeypatch):
    beats = []
    twice = threading.Event()

    def beat(worker, **kwargs):
        beats.append((worker, threading.current_thread().name))
        if len(beats) >= 3:
            twice.set()

    monkeypatch.setattr(queue, "heartbeat", beat)
    monkeypatch.setattr(queue, "HEARTBEAT_EVERY", datetime.timedelta(milliseconds=1))
    with Heartbeat("host-d:404:7"):
        assert twice.wait(timeout=30)
    assert beats[0] == ("host-d:404:7", threading.main_thread().name)
    assert ("host-d:404:7", "heartbeat") in beats[1:]


def test_old_heartbeats_are_forgotten(checking):
    heartbeat(
        "host-e:505:7", host="host-e", pid=505, now=timezone.now() - datetime.timedelta(days=2)
    )
    heartbeat("host-f:606:7", host="host-f", pid=606)
    tasks_recover()
    assert list(WorkerHeartbeat.objects.values_list("worker", flat=True)) == ["host-f:606:7"]


def test_a_failing_handler_fails_its_task_and_the_rest_still_recover(checking, monkeypatch, caplog):
    submission, task = checking
    other = task.another()
    first = task([_dead_here()])
    second = task([_dead_here()], checked=other)
    told = queue._on_lost["returns.tasks.process_submission"]

    def handler(args, kwargs, retried):
        if args == [str(submission.pk)]:
            raise RuntimeError("the app's handler broke")
        told(args, kwargs, retried)

    monkeypatch.setitem(queue._on_lost, "returns.tasks.process_submission", handler)
    recovered = tasks_recover()
    assert (recovered.retried, recovered.failed) == (1, 1)
    first.refresh_from_db()
    second.refresh_from_db()
    other.refresh_from_db()
    assert first.status == "FAILED" and "the app's handler broke" in first.traceback
    assert second.status == "READY"
    assert other.status == "queued"
    assert "could not be told" in caplog.text

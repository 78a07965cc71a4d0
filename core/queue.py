"""The task queue: background work waits in the project's database and worker processes
run it (docs/architecture.md, "Background tasks").

The backend is django-tasks' database backend (`django_tasks_db`): `task.enqueue()` writes
a row, and `manage.py run_worker` (any number of them, on any machine that reaches the
database) takes rows one at a time. On PostgreSQL a worker takes its row with
SELECT ... FOR UPDATE SKIP LOCKED, so two workers never take the same task; on SQLite the
database is locked while a task is taken, and one worker is enough.

A worker that dies (killed, out of memory, its machine lost) leaves its task "running".
Every worker writes a heartbeat (`WorkerHeartbeat`: its id, host, pid and when it was last
seen) when it starts and every HEARTBEAT_EVERY while it runs, from a thread of its own
with its own database connection, so a long task never delays it. `worker_gone` is the
one place that decides whether a worker has gone: its process on this machine has
ended, or (on any machine) its heartbeat is older than HEARTBEAT_LIMIT; a worker that
never wrote one (an older version) is judged by the task: lost once it has run longer
than TASK_DEADLINE (no task is allowed to run that long: an upload's check stops at its
time limit, returns/ingest/rules/file.py). `tasks_recover` runs each lost task again, up
to MAX_ATTEMPTS in all, or marks it failed; the app that owns the task is told
(`when_lost`), so what its pages show is put right in the same transaction. Each task is
recovered in a transaction of its own: a handler that fails is logged and its task
marked failed, and the others are still recovered. Every worker recovers lost tasks
when it starts, and so does the sweep (`manage.py sweep_submissions`), which production
runs on a schedule.
"""

import datetime
import logging
import os
import threading
import traceback
from collections.abc import Callable
from dataclasses import dataclass

from django.db import DatabaseError, connection, transaction
from django.utils import timezone
from django.utils.module_loading import autodiscover_modules

from core.workers import is_alive, this_host

logger = logging.getLogger(__name__)

TASK_DEADLINE = datetime.timedelta(minutes=10)  # for workers that write no heartbeat
HEARTBEAT_EVERY = datetime.timedelta(seconds=5)
HEARTBEAT_LIMIT = datetime.timedelta(seconds=60)  # a worker not seen for this long has gone
# A heartbeat this old belongs to a worker long gone, and no task is judged by it any more.
HEARTBEAT_KEPT = datetime.timedelta(days=1)
MAX_ATTEMPTS = 2  # a task whose worker died runs once more; a second death fails it
WORKER_ID_LENGTH = 64  # as django-tasks-db keeps a worker's id
LOST_CLASS = "core.queue.WorkerLost"
LOST_TEXT = "The worker running this task stopped before the task finished."

# What each task's app does when one of its tasks is lost: (args, kwargs, retried).
LostHandler = Callable[[list, dict, bool], None]
_on_lost: dict[str, LostHandler] = {}


def when_lost(task) -> Callable[[LostHandler], LostHandler]:
    """Register what to do, in the same transaction, when a run of `task` is lost."""

    def register(handler: LostHandler) -> LostHandler:
        _on_lost[task.module_path] = handler
        return handler

    return register


@dataclass
class Recovered:
    retried: int = 0
    failed: int = 0

    def __str__(self) -> str:
        return f"lost tasks run again: {self.retried}; lost tasks failed: {self.failed}"


def heartbeat(worker: str, *, host: str | None = None, pid: int | None = None, now=None) -> None:
    """Record that `worker` (this process, unless `host` and `pid` say otherwise) is alive."""
    from core.models import WorkerHeartbeat

    WorkerHeartbeat.objects.update_or_create(
        worker=worker[:WORKER_ID_LENGTH],
        defaults={
            "host": host if host is not None else this_host(),
            "pid": pid if pid is not None else os.getpid(),
            "seen_at": now or timezone.now(),
        },
    )


class Heartbeat:
    """A worker's heartbeat, written at `start` and then every HEARTBEAT_EVERY by a daemon
    thread (with its own database connection) until `stop`, which dates it back past
    HEARTBEAT_LIMIT: a task the worker leaves running as it stops (it was forced to stop
    in the middle) is lost at once, from any machine."""

    def __init__(self, worker: str) -> None:
        self.worker = worker
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._run, name="heartbeat", daemon=True)

    def start(self) -> "Heartbeat":
        heartbeat(self.worker)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()
        self._thread.join()
        gone = timezone.now() - HEARTBEAT_LIMIT - datetime.timedelta(seconds=1)
        try:
            heartbeat(self.worker, now=gone)
        except DatabaseError:  # it will be a minute old soon enough
            logger.warning("Heartbeat of %s not dated back", self.worker, exc_info=True)

    def __enter__(self) -> "Heartbeat":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    def _run(self) -> None:
        try:
            while not self._stopping.wait(HEARTBEAT_EVERY.total_seconds()):
                try:
                    heartbeat(self.worker)
                except DatabaseError:  # the next beat opens a new connection
                    logger.warning("Heartbeat of %s not written", self.worker, exc_info=True)
                    connection.close()
        finally:
            connection.close()  # this thread's own connection


def _last_seen(workers) -> dict[str, datetime.datetime]:
    from core.models import WorkerHeartbeat

    found = WorkerHeartbeat.objects.filter(worker__in={w[:WORKER_ID_LENGTH] for w in workers})
    return dict(found.values_list("worker", "seen_at"))


def worker_gone(worker: str, *, now=None, seen: dict | None = None) -> bool | None:
    """Has `worker` ("host:pid:start") gone? True or False where its process is on this
    machine, or where it writes a heartbeat (gone once not seen for HEARTBEAT_LIMIT); None
    where nothing tells (another machine's worker that writes no heartbeat).

    `seen` is the workers' last heartbeats, where the caller has read them already.
    """
    alive = is_alive(worker)
    if alive is not None:
        return not alive
    last = (seen if seen is not None else _last_seen([worker])).get(worker[:WORKER_ID_LENGTH])
    if last is None:
        return None
    return last < (now or timezone.now()) - HEARTBEAT_LIMIT


def _lost(result, now, seen: dict) -> bool:
    worker = result.worker_ids[-1] if result.worker_ids else ""
    gone = worker_gone(worker, now=now, seen=seen)
    if gone is not None:
        return gone
    return result.started_at is None or result.started_at < now - TASK_DEADLINE


def _still_running(result):
    """The task's row, only if still as read: a worker may have finished it meanwhile."""
    from django_tasks_db.compat import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.filter(
        pk=result.pk, status=TaskResultStatus.RUNNING, started_at=result.started_at
    )


def _fail(result, now, text: str = LOST_TEXT) -> int:
    from django_tasks_db.compat import TaskResultStatus

    return _still_running(result).update(
        status=TaskResultStatus.FAILED,
        finished_at=now,
        exception_class_path=LOST_CLASS,
        traceback=text,
    )


def _recover(result, retry: bool, now) -> int:
    """Run `result` again or fail it, and tell its app, in one transaction."""
    from django_tasks_db.compat import TaskResultStatus

    with transaction.atomic():
        if retry:
            changed = _still_running(result).update(status=TaskResultStatus.READY)
        else:
            changed = _fail(result, now)
        if changed:
            handler = _on_lost.get(result.task_path)
            if handler is not None:
                args = result.args_kwargs.get("args", [])
                handler(args, result.args_kwargs.get("kwargs", {}), retry)
        return changed


def tasks_recover(*, now=None) -> Recovered:
    """Run again, or mark failed, every task whose worker has gone."""
    from django_tasks_db.compat import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    from core.models import WorkerHeartbeat

    autodiscover_modules("tasks")  # each app's tasks module registers its handlers
    now = now or timezone.now()
    recovered = Recovered()
    running = list(
        DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING).only(
            "id", "worker_ids", "started_at", "task_path", "args_kwargs"
        )
    )
    seen = _last_seen(r.worker_ids[-1] for r in running if r.worker_ids)
    for result in running:
        if not _lost(result, now, seen):
            continue
        retry = len(result.worker_ids) < MAX_ATTEMPTS
        try:
            changed = _recover(result, retry, now)
        except Exception:
            logger.exception(
                "Task %s (%s) lost with its worker, and its app could not be told: failed",
                result.pk,
                result.task_path,
            )
            retry = False
            changed = _fail(result, now, f"{LOST_TEXT}\n\n{traceback.format_exc()}")
        if not changed:
            continue
        logger.warning(
            "Task %s (%s) lost with its worker: %s",
            result.pk,
            result.task_path,
            "run again" if retry else "failed",
        )
        if retry:
            recovered.retried += 1
        else:
            recovered.failed += 1
    WorkerHeartbeat.objects.filter(seen_at__lt=now - HEARTBEAT_KEPT).delete()
    return recovered


def waiting_arguments(task) -> list[list]:
    """The arguments of every run of `task` waiting for a worker or running now."""
    from django_tasks_db.compat import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    active = DBTaskResult.objects.filter(
        task_path=task.module_path,
        status__in=[TaskResultStatus.READY, TaskResultStatus.RUNNING],
    )
    return [value.get("args", []) for value in active.values_list("args_kwargs", flat=True)]

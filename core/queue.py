"""The task queue: background work waits in the project's database and worker processes
run it (docs/architecture.md, "Background tasks").

The backend is django-tasks' database backend (`django_tasks_db`): `task.enqueue()` writes
a row, and `manage.py run_worker` (any number of them, on any machine that reaches the
database) takes rows one at a time. On PostgreSQL a worker takes its row with
SELECT ... FOR UPDATE SKIP LOCKED, so two workers never take the same task; on SQLite the
database is locked while a task is taken, and one worker is enough.

A worker that dies (killed, out of memory, its machine lost) leaves its task "running".
`tasks_recover` finds such tasks: at once where the worker ran on this machine and its
process has gone, else once the task has run longer than TASK_DEADLINE (no task is
allowed to run that long: an upload's check stops at its time limit, returns/ingest/
rules/file.py). Each is run again, up to MAX_ATTEMPTS in all, or marked failed; the app
that owns the task is told (`when_lost`), so what its pages show is put right in the
same transaction. Every worker recovers lost tasks when it starts, and so does the
sweep (`manage.py sweep_submissions`), which production runs on a schedule.
"""

import datetime
import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import autodiscover_modules

from core.workers import is_alive

logger = logging.getLogger(__name__)

TASK_DEADLINE = datetime.timedelta(minutes=10)
MAX_ATTEMPTS = 2  # a task whose worker died runs once more; a second death fails it
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


def _lost(result, now) -> bool:
    worker = result.worker_ids[-1] if result.worker_ids else ""
    alive = is_alive(worker)
    if alive is True:
        return False
    if alive is False:
        return True
    return result.started_at is None or result.started_at < now - TASK_DEADLINE


def tasks_recover(*, now=None) -> Recovered:
    """Run again, or mark failed, every task whose worker has died."""
    from django_tasks_db.compat import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    autodiscover_modules("tasks")  # each app's tasks module registers its handlers
    now = now or timezone.now()
    recovered = Recovered()
    running = DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING)
    for result in running.only("id", "worker_ids", "started_at", "task_path", "args_kwargs"):
        if not _lost(result, now):
            continue
        retry = len(result.worker_ids) < MAX_ATTEMPTS
        with transaction.atomic():
            # Only if still as read: a worker may have finished it meanwhile.
            still = DBTaskResult.objects.filter(
                pk=result.pk, status=TaskResultStatus.RUNNING, started_at=result.started_at
            )
            if retry:
                changed = still.update(status=TaskResultStatus.READY)
            else:
                changed = still.update(
                    status=TaskResultStatus.FAILED,
                    finished_at=now,
                    exception_class_path=LOST_CLASS,
                    traceback=LOST_TEXT,
                )
            if not changed:
                continue
            handler = _on_lost.get(result.task_path)
            if handler is not None:
                args = result.args_kwargs.get("args", [])
                handler(args, result.args_kwargs.get("kwargs", {}), retry)
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

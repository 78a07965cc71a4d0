"""In-process background tasks for the embedded default (`make run` needs no other server).

Tasks run on a small pool of threads in the web process; state that a page shows (progress,
result) lives in the database, written by the task itself, so a real queue backend can
replace this one by setting TASKS_BACKEND without changing any task.
"""

import threading
from concurrent.futures import ThreadPoolExecutor

from django.db import close_old_connections, connections
from django_tasks.backends.immediate import ImmediateBackend


class ThreadBackend(ImmediateBackend):
    """Run each task on a worker thread. Callers enqueue inside `transaction.on_commit`,
    so the task sees the rows the request wrote."""

    _pool: ThreadPoolExecutor | None = None
    _lock = threading.Lock()

    def _executor(self) -> ThreadPoolExecutor:
        with self._lock:
            if ThreadBackend._pool is None:
                workers = int(self.options.get("WORKERS", 2))
                ThreadBackend._pool = ThreadPoolExecutor(
                    max_workers=workers, thread_name_prefix="reach-task"
                )
            return ThreadBackend._pool

    def _run(self, task_result) -> None:
        close_old_connections()
        try:
            self._execute_task(task_result)
        finally:
            connections.close_all()

    def enqueue(self, task, args, kwargs):
        self.validate_task(task)
        from django_tasks.base import TaskResult, TaskResultStatus
        from django_tasks.utils import get_random_id

        task_result = TaskResult(
            task=task,
            id=get_random_id(),
            status=TaskResultStatus.READY,
            enqueued_at=None,
            started_at=None,
            last_attempted_at=None,
            finished_at=None,
            args=args,
            kwargs=kwargs,
            backend=self.alias,
            errors=[],
            worker_ids=[],
        )
        self._executor().submit(self._run, task_result)
        return task_result

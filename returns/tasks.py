"""Background tasks of the returns app (run in-process by default: core/tasks_backend.py)."""

from django_tasks import task


@task()
def process_submission(submission_id: str) -> str:
    from returns.services import submission_process

    return submission_process(submission_id).status

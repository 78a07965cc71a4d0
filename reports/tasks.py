"""Background tasks of the reports app (run in-process by default: core/tasks_backend.py)."""

from django_tasks import task


@task()
def build_report(request_id: str) -> str:
    from reports.services import report_build

    return report_build(request_id=request_id).status

"""`manage.py run_worker`: run queued background tasks (core/queue.py).

The database backend's worker, named after its process (host:pid:start). It writes a
heartbeat while it runs, so that a task it leaves behind when it dies is recognised as
lost from any machine; before taking any task it recovers those lost by workers that
died before it started.
"""

from django_tasks_db.management.commands import db_worker

from core.queue import WORKER_ID_LENGTH, Heartbeat, tasks_recover
from core.workers import this_worker


class Command(db_worker.Command):
    help = (
        "Run queued background tasks (upload checks, documents) until stopped. Run as many "
        "as you like against PostgreSQL, on any machine; one against SQLite."
    )

    def add_arguments(self, parser) -> None:
        super().add_arguments(parser)
        parser.set_defaults(worker_id=this_worker()[:WORKER_ID_LENGTH], reload=False)

    def handle(self, *args, **options):
        with Heartbeat(options["worker_id"]):
            recovered = tasks_recover()
            if options["verbosity"] > 0 and (recovered.retried or recovered.failed):
                self.stdout.write(str(recovered).capitalize())
            return super().handle(*args, **options)

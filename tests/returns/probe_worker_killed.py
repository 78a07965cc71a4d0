"""The killed-worker probe, run as its own process against a database the test prepared
(tests/returns/test_worker_killed.py reads its last line, JSON).

Real workers (`manage.py run_worker`) are killed with SIGKILL in the middle of a check,
and started again:

- check A: its worker is killed; the next worker runs it again and it ends checked;
- check B: killed twice; the worker started after that marks it failed, saying so.
"""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.returns import probe_ordering  # noqa: E402

probe_ordering.BLANK_ROWS = 30_000  # a check of a second or so: long enough to be killed in


def main() -> None:
    import django

    django.setup()
    from django_tasks_db.models import DBTaskResult

    from accounts.models import Membership, User
    from organisations.models import Provider
    from reference.models import Area
    from returns.periods import period_ensure
    from returns.services import submission_start

    area = Area.objects.get(code=os.environ["PROBE_AREA"])
    provider = Provider.objects.create(name="Killed-worker probe", slug="killed-worker-probe")
    provider.areas.add(area)
    user = User.objects.create_user(username="killed@example.org", email="killed@example.org")
    Membership.objects.create(user=user, role="provider", provider=provider)
    common = dict(provider=provider, area=area, period=period_ensure(2026, "H1"),
                  submitted_by=user, channel="upload")  # fmt: skip
    slow = probe_ordering.slow_xlsx(300)
    a = submission_start(**common, data=slow, file_name="a.xlsx")
    b = submission_start(**common, data=slow, file_name="b.xlsx")
    starts = []

    def worker():
        starts.append(time.monotonic())
        return subprocess.Popen(
            [sys.executable, "manage.py", "run_worker", "--interval", "0.05",
             "--no-startup-delay", "--verbosity", "0"],
            cwd=ROOT,
        )  # fmt: skip

    def wait_for(submission, done, seconds=60):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            submission.refresh_from_db()
            if done(submission):
                return True
            time.sleep(0.02)
        return False

    def processing(attempt):
        """Being checked by a worker, the `attempt`th to take it."""

        def check(s):
            task = DBTaskResult.objects.filter(args_kwargs__args__0=str(s.pk)).first()
            return s.status == "processing" and len(task.worker_ids) == attempt

        return check

    def kill(process):
        process.send_signal(signal.SIGKILL)
        process.wait()

    seen = {}
    w = worker()
    seen["a first check started"] = wait_for(a, processing(1))
    kill(w)  # A: killed part-way
    w = worker()  # runs A again, then B
    seen["a checked again"] = wait_for(a, lambda s: s.is_finished)
    seen["b first check started"] = wait_for(b, processing(1))
    kill(w)  # B: killed part-way
    w = worker()
    seen["b second check started"] = wait_for(b, processing(2))
    kill(w)  # B: killed again
    w = worker()  # finds B lost twice: failed
    seen["b ended"] = wait_for(b, lambda s: s.is_finished)
    kill(w)
    print(json.dumps(state(a, b, seen)))


def state(a, b, seen) -> dict:
    from django.conf import settings
    from django_tasks_db.models import DBTaskResult

    from returns.models import ReturnVersion, Submission

    tasks = {
        str(t.args_kwargs["args"][0]): [t.status, len(t.worker_ids), t.exception_class_path]
        for t in DBTaskResult.objects.all()
    }
    return {
        "seen": seen,
        "a": [a.status, a.stage, a.pending_cube is not None, a.row_count],
        "b": [b.status, b.stage, b.pending_cube is not None],
        "tasks": {"a": tasks[str(a.pk)], "b": tasks[str(b.pk)]},
        "running tasks": DBTaskResult.objects.filter(status="RUNNING").count(),
        "unfinished": Submission.objects.filter(status__in=["queued", "processing"]).count(),
        "versions": ReturnVersion.objects.count(),
        "files left": sorted(p.name for p in Path(settings.INCOMING_DIR).glob("*")),
    }


if __name__ == "__main__":
    main()

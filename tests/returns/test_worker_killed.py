"""A worker killed in the middle of a check (SIGKILL, real processes): when workers start
again the check is run again and ends, or, killed twice, is marked failed in words the
provider understands. Nothing is left running or half-stored (core/queue.py)."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from returns.tasks import CHECK_LOST

PROBE = Path(__file__).with_name("probe_worker_killed.py")


def _probe_database(tmp_path) -> dict:
    """Point the probe at this test's database: a copy of it on SQLite (migrated, with the
    reference data), or the test database itself on PostgreSQL."""
    if connection.vendor == "sqlite":
        copy = tmp_path / "probe.sqlite3"
        with connection.cursor() as cursor:
            cursor.execute("VACUUM INTO %s", [str(copy)])
        return {"SQLITE_PATH": str(copy)}
    settings = connection.settings_dict
    url = (
        f"postgres://{settings['USER']}:{settings['PASSWORD']}@{settings['HOST']}:"
        f"{settings['PORT']}/{settings['NAME']}"
    )
    return {"DATABASE_URL": url}


@pytest.mark.slow
def test_a_check_whose_worker_is_killed_is_run_again_or_failed(transactional_db, tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "SQLITE_PATH")}
    env.update(
        _probe_database(tmp_path),
        INCOMING_DIR=str(tmp_path / "incoming"),
        PROBE_AREA="E23000014",
        DJANGO_SETTINGS_MODULE="reach.settings",
        SECRET_KEY=os.environ.get("SECRET_KEY", "insecure-test-only-key"),
    )
    env.pop("TASKS_BACKEND", None)
    out = subprocess.run(
        [sys.executable, str(PROBE)], env=env, capture_output=True, text=True, timeout=300
    )
    assert out.returncode == 0, out.stderr[-3000:]
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert all(result["seen"].values()), result["seen"]
    # A: killed once, run again by the next worker, checked: its counts wait to be confirmed.
    assert result["a"][:3] == ["to_confirm", "Checked: check your answers and confirm", True]
    assert result["tasks"]["a"] == ["SUCCESSFUL", 2, ""]
    # B: killed twice, then failed when a worker started again, saying what to do.
    assert result["b"] == ["failed", CHECK_LOST, False]
    assert result["tasks"]["b"] == ["FAILED", 2, "core.queue.WorkerLost"]
    # Nothing stuck, nothing half-stored: no version until A is confirmed, no file kept.
    assert result["running tasks"] == 0 and result["unfinished"] == 0
    assert result["versions"] == 0 and result["files left"] == []

"""A worker killed in the middle of a check (SIGKILL, real processes): when workers start
again the check is run again and ends, or, killed twice, is marked failed in words the
provider understands. Nothing is left running or half-stored (core/queue.py)."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from returns.tasks import CHECK_LOST
from tests.processes import process_env

PROBE = Path(__file__).with_name("probe_worker_killed.py")


@pytest.mark.slow
def test_a_check_whose_worker_is_killed_is_run_again_or_failed(db, tmp_path):
    with process_env(tmp_path, PROBE_AREA="E23000014") as env:
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

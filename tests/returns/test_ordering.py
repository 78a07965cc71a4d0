"""The stale-overwrite probe, as it happens: a file slow to check (an XLSX with many blank
rows), then 2 seconds later a quick correction, both checked at the same time by the
task workers, two processes. Confirmed as each finishes, the correction stays
the one that counts, and the slow file, made first, is kept as history."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.processes import process_env

PROBE = Path(__file__).with_name("probe_ordering.py")


@pytest.mark.slow
def test_a_slow_file_checked_after_a_quick_correction_never_replaces_it(db, tmp_path):
    with process_env(tmp_path) as env:  # on PostgreSQL when the suite is: workers as in production
        out = subprocess.run(
            [sys.executable, str(PROBE)], env=env, capture_output=True, text=True, timeout=600
        )
    assert out.returncode == 0, out.stderr[-3000:]
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert not result["waiting"], result
    assert result["finished"] == [["correction.csv", "to_confirm"], ["slow.xlsx", "to_confirm"]], (
        "the slow file must finish last for the probe to mean anything",
        result,
    )
    assert result["current"] == "correction.csv"
    assert result["versions"] == {"correction.csv": "current", "slow.xlsx": "overtaken"}

"""Serve Reach on a local address: Django's threaded server and one task worker beside it.

`make run` uses this so the embedded default is one command: static files are served by
WhiteNoise, and background tasks (upload checks, documents) wait in the database for the
worker (`manage.py run_worker`, core/queue.py). This script watches both: Ctrl-C (or
SIGTERM) stops both, and a worker that dies is started again, after a pause that grows
if it keeps dying. If the web server stops, the worker is stopped too.
"""

import argparse
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESTART_PAUSE = 1.0  # seconds before a dead worker is started again; doubles up to a minute
STOP_WAIT = 10  # seconds a process has to stop after SIGTERM before it is killed


def _start(command: list[str]) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "manage.py", *command], cwd=ROOT)


def _stop(process: subprocess.Popen | None) -> None:
    if process is None or process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(STOP_WAIT)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def supervise(web_command: list[str], worker_command: list[str]) -> int:
    """Run the web server and a worker until the web server stops or we are told to stop."""
    stopping = False

    def stop(signum, frame):
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    web = _start(web_command)
    worker = _start(worker_command)
    pause = RESTART_PAUSE
    started = time.monotonic()
    try:
        while not stopping:
            if web.poll() is not None:
                return web.returncode
            if worker.poll() is not None:
                print(
                    f"The task worker stopped (exit {worker.returncode}); starting it again.",
                    file=sys.stderr,
                )
                ran = time.monotonic() - started
                pause = RESTART_PAUSE if ran > 60 else min(pause * 2, 60)
                time.sleep(pause)
                worker = _start(worker_command)
                started = time.monotonic()
            time.sleep(0.2)
        return 0
    finally:
        _stop(worker)
        _stop(web)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", default="8000")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "reach.settings")
    os.environ.setdefault("ALLOWED_HOSTS", f"{args.host},localhost,127.0.0.1")
    web = ["runserver", f"{args.host}:{args.port}", "--noreload", "--insecure"]
    worker = ["run_worker", "--interval", "0.5"]
    sys.exit(supervise(web, worker))


if __name__ == "__main__":
    main()

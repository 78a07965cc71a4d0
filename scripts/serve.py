"""Serve Reach: a web server and task workers beside it, watched until stopped.

`make run` uses this so the embedded default is one command: Django's threaded server
and one task worker (`manage.py run_worker`, core/queue.py), on SQLite. `make
serve-production` uses it with --production: gunicorn (reach/gunicorn.conf.py) and as many
task workers as --task-workers says (more workers can run on other machines against the
same PostgreSQL). Static files are served by WhiteNoise either way.

Ctrl-C (or SIGTERM) stops everything, letting a worker finish the task in hand. A worker that dies is started again, after a pause
that grows while it keeps dying; if the web server stops, everything stops.
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
STOP_WAIT = 30  # seconds a process has to stop after SIGTERM before it is killed


def _start(command: list[str]) -> subprocess.Popen:
    # In a process group of its own, so Ctrl-C in the terminal reaches only this script, which
    # then asks each process once to stop: a worker finishes its task first.
    return subprocess.Popen([sys.executable, *command], cwd=ROOT, start_new_session=True)


def _stop(processes) -> None:
    for process in processes:
        if process.poll() is None:
            process.terminate()
    for process in processes:
        try:
            process.wait(STOP_WAIT)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def supervise(web_command: list[str], worker_command: list[str], task_workers: int = 1) -> int:
    """Run the web server and the workers until the web server stops or we are told to."""
    stopping = False

    def stop(signum, frame):
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    web = _start(web_command)
    workers = [_start(worker_command) for _ in range(task_workers)]
    started = [time.monotonic()] * task_workers
    pauses = [RESTART_PAUSE] * task_workers
    try:
        while not stopping:
            if web.poll() is not None:
                return web.returncode
            for i, worker in enumerate(workers):
                if worker.poll() is None:
                    continue
                print(
                    f"A task worker stopped (exit {worker.returncode}); starting it again.",
                    file=sys.stderr,
                )
                ran = time.monotonic() - started[i]
                pauses[i] = RESTART_PAUSE if ran > 60 else min(pauses[i] * 2, 60)
                time.sleep(pauses[i])
                workers[i] = _start(worker_command)
                started[i] = time.monotonic()
            time.sleep(0.2)
        return 0
    finally:
        _stop([*workers, web])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", default="8000")
    parser.add_argument(
        "--production", action="store_true", help="serve with gunicorn (reach/gunicorn.conf.py)"
    )
    parser.add_argument("--task-workers", type=int, default=1, help="task workers to run here")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "reach.settings")
    os.environ.setdefault("ALLOWED_HOSTS", f"{args.host},localhost,127.0.0.1")
    if args.task_workers > 1 and not os.environ.get("DATABASE_URL"):
        sys.exit("On SQLite run one task worker: more wait for each other on the database's lock.")
    if args.production:
        os.environ.update(HOST=args.host, PORT=str(args.port))
        web = ["-m", "gunicorn", "--config", "reach/gunicorn.conf.py", "reach.wsgi"]
    else:
        web = ["manage.py", "runserver", f"{args.host}:{args.port}", "--noreload", "--insecure"]
    worker = ["manage.py", "run_worker", "--interval", "0.5"]
    sys.exit(supervise(web, worker, args.task_workers))


if __name__ == "__main__":
    main()

"""Serve Reach on a local address with Django's threaded server.

`make run` uses this so the embedded default needs no other server: static files are
served by WhiteNoise and background tasks run in-process (core/tasks_backend.py).
"""

import argparse
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", default="8000")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "reach.settings")
    os.environ.setdefault("ALLOWED_HOSTS", f"{args.host},localhost,127.0.0.1")
    from django.core.management import execute_from_command_line

    execute_from_command_line(
        ["manage.py", "runserver", f"{args.host}:{args.port}", "--noreload", "--insecure"]
    )


if __name__ == "__main__":
    main()

"""For tests that run Reach in processes of their own (workers, the production server):
a database of their own, so that nothing they write reaches other tests."""

import contextlib
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from django.db import connection

ROOT = Path(__file__).resolve().parent.parent


@contextlib.contextmanager
def process_env(tmp_path, **extra):
    """The environment for processes using a database of their own, migrated and with the
    reference data: on SQLite a copy of the test database (committed rows only), on
    PostgreSQL a new database on the same server, dropped afterwards."""
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "SQLITE_PATH")}
    env.pop("TASKS_BACKEND", None)
    env.update(
        INCOMING_DIR=str(tmp_path / "incoming"),
        DJANGO_SETTINGS_MODULE="reach.settings",
        SECRET_KEY=os.environ.get("SECRET_KEY", "insecure-test-only-key"),
        **extra,
    )
    s = connection.settings_dict
    if connection.vendor == "sqlite":
        copy = tmp_path / "copy.sqlite3"
        source = sqlite3.connect(str(s["NAME"]), uri=True)  # the shared in-memory test database
        try:
            source.execute("VACUUM INTO ?", [str(copy)])
        finally:
            source.close()
        yield env | {"SQLITE_PATH": str(copy)}
        return
    import psycopg

    name = f"{s['NAME']}_copy_{os.getpid()}"
    server = dict(host=s["HOST"], port=s["PORT"], user=s["USER"], password=s["PASSWORD"])
    with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')
    env["DATABASE_URL"] = f"postgres://{s['USER']}:{s['PASSWORD']}@{s['HOST']}:{s['PORT']}/{name}"
    try:
        for command in (["migrate", "--no-input"], ["load_reference"]):
            subprocess.run(
                [sys.executable, "manage.py", *command, "--verbosity", "0"],
                cwd=ROOT, env=env, check=True,
            )  # fmt: skip
        yield env
    finally:
        with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

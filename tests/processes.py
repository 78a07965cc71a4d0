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
    name = f"{s['NAME']}_copy_{os.getpid()}"
    with fresh_postgres(s, name) as url:
        env["DATABASE_URL"] = url
        for command in (["migrate", "--no-input"], ["load_reference"]):
            subprocess.run(
                [sys.executable, "manage.py", *command, "--verbosity", "0"],
                cwd=ROOT, env=env, check=True,
            )  # fmt: skip
        yield env


@contextlib.contextmanager
def fresh_postgres(server: dict, name: str):
    """A new, empty database `name` on the PostgreSQL server that `server` (a Django
    database settings dict) points at, made through the server's `postgres` database.
    Yields its DATABASE_URL; the database is dropped afterwards, even if whatever used it
    failed or still holds connections."""
    import psycopg

    if len(name.encode()) > 63:  # PostgreSQL would cut it short and the URL would miss it
        raise ValueError(f"{name!r} is longer than PostgreSQL's 63 bytes: use a shorter database")
    login = dict(
        host=server["HOST"] or None,
        port=server["PORT"] or None,
        user=server["USER"] or None,
        password=server["PASSWORD"] or None,
    )
    drop = f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'
    with psycopg.connect(dbname="postgres", autocommit=True, **login) as admin:
        admin.execute(drop)  # left by an earlier process of the same id that was killed
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield postgres_url(server, name)
    finally:
        with psycopg.connect(dbname="postgres", autocommit=True, **login) as admin:
            admin.execute(drop)


def postgres_url(server: dict, name: str) -> str:
    """The DATABASE_URL of database `name` on the server of `server` (Django settings)."""
    from urllib.parse import quote

    user = quote(server["USER"] or "", safe="")
    password = quote(server["PASSWORD"] or "", safe="")
    login = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    port = f":{server['PORT']}" if server["PORT"] else ""
    return f"postgres://{login}{server['HOST'] or ''}{port}/{name}"

"""What the benchmarks share: a fresh database of either engine, and the environment a
child process needs to run Django against it (each database runs in a child of its own,
because Django reads its database settings once)."""

import os
from pathlib import Path


class BenchDatabases:
    """The SQLite file and the PostgreSQL database one benchmark runs against."""

    def __init__(self, sqlite: Path, postgres: str) -> None:
        self.sqlite = sqlite
        self.postgres = postgres

    def env(self, database: str) -> dict:
        """The environment of a child that runs against `database` (sqlite or postgresql)."""
        env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "SQLITE_PATH")}
        env.update(
            SECRET_KEY=env.get("SECRET_KEY", "insecure-bench-only-key"),
            DJANGO_SETTINGS_MODULE="reach.settings",
            ALLOWED_HOSTS="testserver",
        )
        if database == "sqlite":
            env["SQLITE_PATH"] = str(self.sqlite)
        else:
            env["DATABASE_URL"] = self.postgres
        return env

    def fresh(self, database: str) -> None:
        """Remove what an earlier run left, so the child starts from an empty database."""
        if database == "sqlite":
            self.sqlite.parent.mkdir(parents=True, exist_ok=True)
            for suffix in ("", "-wal", "-shm"):
                Path(f"{self.sqlite}{suffix}").unlink(missing_ok=True)
            return
        import psycopg

        base, _, name = self.postgres.rpartition("/")
        with psycopg.connect(f"{base}/postgres", autocommit=True, connect_timeout=5) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            conn.execute(f'CREATE DATABASE "{name}"')

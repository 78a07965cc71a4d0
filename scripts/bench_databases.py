"""What the benchmarks share: a fresh database of either engine, and the environment a
child process needs to run Django against it (each database runs in a child of its own,
because Django reads its database settings once)."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "var" / "bench"


class BenchDatabases:
    """The SQLite file and the PostgreSQL database one benchmark runs against."""

    def __init__(self, sqlite: Path, postgres: str) -> None:
        self.sqlite = sqlite
        self.postgres = postgres

    @classmethod
    def named(cls, name: str) -> "BenchDatabases":
        """var/bench/NAME.sqlite3, and reach_bench_NAME on the local PostgreSQL server
        (or BENCH_POSTGRES_URL)."""
        default = f"postgres://postgres@127.0.0.1:5432/reach_bench_{name.replace('-', '_')}"
        return cls(BENCH_DIR / f"{name}.sqlite3", os.environ.get("BENCH_POSTGRES_URL", default))

    def results(self, script: str) -> dict[str, dict]:
        """Run `script --child` once for each database of BENCH_DATABASES (both unless
        said), each on a fresh database: what each child printed last, read as JSON."""
        found = {}
        for database in os.environ.get("BENCH_DATABASES", "sqlite,postgresql").split(","):
            self.fresh(database)
            out = subprocess.run(
                [sys.executable, script, "--child"],
                cwd=ROOT, env=self.env(database), capture_output=True, text=True,
            )  # fmt: skip
            if out.returncode:
                raise SystemExit(f"{database} run failed:\n{out.stderr}")
            found[database] = json.loads(out.stdout.strip().splitlines()[-1])
        return found

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

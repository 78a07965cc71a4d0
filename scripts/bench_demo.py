"""Benchmark: build the national demo data set (about a million referrals) on SQLite and
PostgreSQL, each into a fresh database.

`make bench-demo` runs this. For each database: migrate and load the reference data
(not timed), then time `manage.py load_demo --size national`. The last line reads

    demo national: sqlite X s, postgresql Y s, referrals N

Each build runs in its own process because Django reads its database settings once.
Target: under 5 minutes on a 2-core machine (aim: under 2).
"""

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "var" / "bench"
SQLITE = BENCH_DIR / "demo-national.sqlite3"
DEFAULT_POSTGRES = "postgres://postgres@127.0.0.1:5432/reach_bench_demo"


def manage(env: dict, *args: str) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True)


def build(env: dict, size: str, seed: int, manifest: Path) -> tuple[float, int]:
    """Fresh schema and reference data, then the timed demo build; (seconds, referrals)."""
    manage(env, "migrate", "--no-input", "--verbosity", "0")
    manage(env, "load_reference", "--verbosity", "0")
    started = time.perf_counter()
    manage(env, "load_demo", "--size", size, "--seed", str(seed), "--manifest", str(manifest))
    elapsed = time.perf_counter() - started
    return elapsed, json.loads(manifest.read_text())["referrals"]


def fresh_postgres(url: str) -> str | None:
    """Drop and create the benchmark database; None if PostgreSQL cannot be reached."""
    try:
        import psycopg
    except ImportError:
        return "psycopg is not installed"
    base, _, name = url.rpartition("/")
    try:
        with psycopg.connect(f"{base}/postgres", autocommit=True, connect_timeout=5) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            conn.execute(f'CREATE DATABASE "{name}"')
    except psycopg.OperationalError as error:
        return str(error).strip().splitlines()[0]
    return None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="national", choices=["small", "default", "national"])
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument(
        "--postgres", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_POSTGRES)
    )
    parser.add_argument("--skip-postgres", action="store_true")
    args = parser.parse_args()

    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    base_env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "SQLITE_PATH")}
    base_env.setdefault("SECRET_KEY", "insecure-bench-only-key")
    results = []

    for path in SQLITE.parent.glob(SQLITE.name + "*"):
        path.unlink()
    seconds, referrals = build(
        {**base_env, "SQLITE_PATH": str(SQLITE)},
        args.size,
        args.seed,
        BENCH_DIR / "manifest-sqlite.json",
    )
    results.append(f"sqlite {seconds:.1f} s")

    if args.skip_postgres:
        results.append("postgresql skipped")
    elif problem := fresh_postgres(args.postgres):
        results.append(f"postgresql skipped ({problem})")
    else:
        pg_seconds, pg_referrals = build(
            {**base_env, "DATABASE_URL": args.postgres},
            args.size,
            args.seed,
            BENCH_DIR / "manifest-postgresql.json",
        )
        if pg_referrals != referrals:
            sys.exit(f"Different data on the two databases: {referrals} and {pg_referrals}")
        results.append(f"postgresql {pg_seconds:.1f} s")

    print(f"demo {args.size}: {', '.join(results)}, referrals {referrals}")


if __name__ == "__main__":
    main()

"""Benchmark: an area dashboard with the national demo data set loaded, on SQLite and PostgreSQL.

`make bench-dashboard` runs this. For each database it loads the national demo data set
once (about a million referrals, 43 areas, six periods; kept between runs in
var/bench/dashboard-national.sqlite3 and the reach_bench_dashboard PostgreSQL database),
then renders every area's dashboard for the latest period as the assessor would see it
(the full page: queries, statistics, charts, template), one warm-up round and three timed
rounds, and reports the median. The last line reads

    dashboard median: sqlite X ms, postgresql Y ms

Target (the issue): under 300 ms at the median on both.
"""

import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "var" / "bench"
SQLITE = BENCH_DIR / "dashboard-national.sqlite3"
POSTGRES = os.environ.get(
    "BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/reach_bench_dashboard"
)
ROUNDS = 3


def _env(database: str) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "SQLITE_PATH")}
    env.update(
        SECRET_KEY=env.get("SECRET_KEY", "insecure-bench-only-key"),
        DJANGO_SETTINGS_MODULE="reach.settings",
        ALLOWED_HOSTS="testserver",
    )
    if database == "sqlite":
        env["SQLITE_PATH"] = str(SQLITE)
    else:
        env["DATABASE_URL"] = POSTGRES
    return env


def _manage(env, *args):
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True)


def _has_national(env) -> bool:
    probe = (
        "import django; django.setup();"
        "from returns.models import ReturnVersion; from django.db.models import Sum;"
        "print(ReturnVersion.objects.filter(status='current').aggregate(n=Sum('total_referrals'))['n'] or 0)"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, env=env, capture_output=True, text=True
    )
    return result.returncode == 0 and int(result.stdout.strip() or 0) > 900_000


def _ensure_postgres_database() -> str | None:
    import psycopg

    base, _, name = POSTGRES.rpartition("/")
    try:
        with psycopg.connect(f"{base}/postgres", autocommit=True, connect_timeout=5) as conn:
            if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone():
                conn.execute(f'CREATE DATABASE "{name}"')
    except psycopg.OperationalError as error:
        return str(error).strip().splitlines()[0]
    return None


def load_national(database: str) -> None:
    env = _env(database)
    if database == "postgresql":
        problem = _ensure_postgres_database()
        if problem:
            raise SystemExit(f"PostgreSQL is not reachable ({problem}). Start it and run again.")
    else:
        BENCH_DIR.mkdir(parents=True, exist_ok=True)
    if _has_national(env):
        print(f"{database}: national data set already loaded")
        return
    if database == "sqlite":
        SQLITE.unlink(missing_ok=True)
    else:
        base, _, name = POSTGRES.rpartition("/")
        import psycopg

        with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            conn.execute(f'CREATE DATABASE "{name}"')
    print(f"{database}: loading the national demo data set (once)…", flush=True)
    started = time.perf_counter()
    _manage(env, "migrate", "--no-input", "--verbosity", "0")
    _manage(env, "load_reference", "--verbosity", "0")
    _manage(
        env,
        "load_demo",
        "--size",
        "national",
        "--manifest",
        str(BENCH_DIR / f"manifest-{database}.json"),
    )
    print(f"{database}: loaded in {time.perf_counter() - started:.0f} s", flush=True)


TIMER = """
import json, statistics, time, django
django.setup()
from django.test import Client
from accounts.models import Membership
from reference.models import Area
client = Client()
client.force_login(Membership.objects.filter(role="assessor").first().user)
slugs = list(Area.objects.order_by("name").values_list("slug", flat=True))
for slug in slugs:  # warm-up round: imports, template loading, database caches
    assert client.get(f"/figures/areas/{slug}/").status_code == 200
times = []
for _ in range(__ROUNDS__):
    for slug in slugs:
        started = time.perf_counter()
        response = client.get(f"/figures/areas/{slug}/")
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
print(json.dumps({"median": statistics.median(times), "p90": sorted(times)[int(len(times) * 0.9)],
                  "max": max(times), "n": len(times)}))
"""


def time_dashboards(database: str) -> dict:
    env = _env(database)
    result = subprocess.run(
        [sys.executable, "-c", TIMER.replace("__ROUNDS__", str(ROUNDS))],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    print(
        f"{database}: median {figures['median']:.0f} ms, 90th percentile {figures['p90']:.0f} ms, "
        f"slowest {figures['max']:.0f} ms over {figures['n']} renders",
        flush=True,
    )
    return figures


def main() -> None:
    medians = {}
    for database in ("sqlite", "postgresql"):
        load_national(database)
        medians[database] = time_dashboards(database)["median"]
    print(
        f"dashboard median: sqlite {medians['sqlite']:.0f} ms, postgresql {medians['postgresql']:.0f} ms"
    )


if __name__ == "__main__":
    main()

"""Benchmark: a 1,000,000-row record-level upload, end to end, on SQLite and PostgreSQL.

`make bench-ingest` runs this. It writes a record-level CSV (ten dimensions varying, as
the demo generator makes them) into var/bench/, then for each database sets up a fresh
one (migrate, load_reference, a provider, an area and a period) and times the accepted
path as an upload takes it: read_and_validate (read, check, collapse), the checked counts
held for confirmation (returns.services.submission_settle), and the confirmation through
the one door (returns.services.return_submit, which writes the cube). Beside it, a plain
`polars.read_csv` of the same file: the floor no ingest can beat. The last line reads

    ingest 1000000 rows: sqlite X s, postgresql Y s; plain read Z s; ratio R

where X and Y are the whole path and R is the slower database's read, check and collapse
(read_and_validate) over the plain read. Each database runs in its own process, because
Django reads its database settings once; each child reports its peak resident memory.
Inside a child the plain read and read_and_validate take turns, REPEATS times each, and
the medians are compared, so a moment's load on the machine weighs on both alike; the
last check's counts are then held and stored once. Targets: R at most 1.5; storing the
cube under 1 s on each database; peak memory under 1.5 GB.
"""

import argparse
import datetime
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "var" / "bench"
SQLITE = BENCH_DIR / "bench.sqlite3"
DEFAULT_POSTGRES = "postgres://postgres@127.0.0.1:5432/reach_bench_ingest"
PERIOD = (2026, "H1")
REPEATS = 5

# Codes and rough shares for the local generator (used only when demo/generator.py is
# not there): enough variety that the cube has tens of thousands of cells.
ETHNICITY = {"13": 60, "17": 7, "3": 4, "4": 4, "1": 2, "6": 3, "7": 2, "8": 1, "2": 1, "5": 2,
             "9": 1, "10": 1, "11": 1, "12": 1, "14": 1, "15": 1, "16": 1, "18": 1, "19": 1,
             "PNS": 3, "NK": 5}  # fmt: skip
SEX = {"F": 70, "M": 27, "NK": 3}
AGE = {"0-11": 3, "12-15": 5, "16-17": 4, "18-24": 15, "25-34": 25, "35-44": 20, "45-54": 14,
       "55-64": 8, "65-74": 4, "75+": 2, "NK": 4}  # fmt: skip
DISABILITY = {"DISABLED": 25, "NOT_DISABLED": 55, "PNS": 5, "NK": 15}
ORIENTATION = {"STRAIGHT": 70, "GAY_LESBIAN": 4, "BISEXUAL": 4, "OTHER": 1, "PNS": 6, "NK": 15}
CRIME = {"DOMESTIC_ABUSE": 40, "SEXUAL_VIOLENCE": 8, "STALKING_HARASSMENT": 7,
         "VIOLENCE_OTHER": 12, "HATE_RACE": 3, "ROBBERY": 4, "BURGLARY": 6, "THEFT_PROPERTY": 8,
         "FRAUD_CYBER": 6, "OTHER": 6}  # fmt: skip
PATHWAY = {"POLICE": 60, "SELF": 15, "HEALTH": 6, "SOCIAL_CARE": 5, "COMMUNITY": 4, "MARAC": 4,
           "FAMILY_FRIEND": 3, "OTHER": 3}  # fmt: skip
OUTCOME = {"NO_CONTACT": 20, "DECLINED": 15, "INFO_ONLY": 15, "SUPPORTED_COMPLETED": 25,
           "SUPPORTED_DISENGAGED": 8, "WITHDREW_CONSENT": 2, "REFERRED_ON": 5, "OPEN": 10}  # fmt: skip
ANSWERS = {"YES": 30, "PARTLY": 10, "NO": 8, "NOT_ASKED": 40, "NA": 12}
MEASURES = ("cope_everyday", "health_wellbeing", "feel_safer", "informed_empowered",
            "cjs_engage", "satisfied")  # fmt: skip


def _pick(rng: random.Random, shares: dict[str, int], n: int) -> list[str]:
    return rng.choices(list(shares), weights=list(shares.values()), k=n)


def local_records(n: int, seed: int):
    """A canonical record frame, like demo/generator.py's, built here."""
    import polars as pl

    rng = random.Random(seed)
    start = datetime.date(2026, 4, 1)
    days = [start + datetime.timedelta(days=d) for d in range(183)]
    return pl.DataFrame(
        {
            "referral_id": [f"R-{i:07d}" for i in range(1, n + 1)],
            "referral_date": rng.choices(days, k=n),
            "ethnicity": _pick(rng, ETHNICITY, n),
            "sex": _pick(rng, SEX, n),
            "age_band": _pick(rng, AGE, n),
            "disability": _pick(rng, DISABILITY, n),
            "sexual_orientation": _pick(rng, ORIENTATION, n),
            "crime_type": _pick(rng, CRIME, n),
            "referral_pathway": _pick(rng, PATHWAY, n),
            "outcome": _pick(rng, OUTCOME, n),
            "interpreter_needed": rng.choices([True, False, None], weights=[6, 90, 4], k=n),
            **{m: _pick(rng, ANSWERS, n) for m in MEASURES},
        }
    )


def write_file(path: Path, n: int, seed: int) -> None:
    """The benchmark CSV, from the demo generator (the local one if it is missing).

    Django must be set up on a database with the reference data: the demo generator
    draws ethnic groups in proportion to national need, read from it.
    """
    import polars as pl

    from returns.models import Period

    try:
        from demo.generator import generate_records
    except ImportError:  # no demo generator in this tree
        records, source = local_records(n, seed), "local generator"
    else:
        records = generate_records(n, seed=seed, period=Period.bounds(*PERIOD))
        source = "demo.generator"
    if records.schema.get("interpreter_needed") == pl.Boolean:
        records = records.with_columns(
            pl.col("interpreter_needed").replace_strict({True: "Y", False: "N"}, default=None)
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    records.write_csv(path)
    print(f"wrote {path} ({path.stat().st_size / 1e6:.0f} MB, {n:,} rows, {source})")


def prepare_database() -> None:
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    call_command("load_reference", verbosity=0)


# The child: one database ---------------------------------------------------------------


def run_one(path: Path) -> dict:
    import django

    django.setup()
    from organisations.models import Provider
    from reference.models import Area
    from returns.ingest.pipeline import read_and_validate
    from returns.models import Submission
    from returns.periods import period_ensure
    from returns.services import return_submit, submission_open, submission_settle

    prepare_database()  # a no-op on the SQLite file the parent prepared
    area = Area.objects.order_by("code").first()
    provider, _ = Provider.objects.get_or_create(name="Benchmark provider", slug="benchmark")
    provider.areas.add(area)
    period = period_ensure(*PERIOD)

    plain, checked = [], []
    for _ in range(REPEATS):
        plain.append(plain_read(path))
        started = time.perf_counter()
        data = path.read_bytes()
        result = read_and_validate(data, file_name=path.name, period=period)
        validated = time.perf_counter()
        checked.append(validated - started)
        if not result.ok:
            raise SystemExit(f"benchmark file refused: {list(result.summary)}")
        del data
    submission = submission_open(
        provider=provider, area=area, period=period, channel="upload", submitted_by=None,
        status=Submission.Status.PROCESSING, file_name=path.name,
    )  # fmt: skip
    submission = submission_settle(submission, result)
    held = time.perf_counter()
    return_submit(
        submission=submission, by=None,
        explanation="Benchmark figures, as generated." if result.queries else "",
    )  # fmt: skip
    stored = time.perf_counter()
    return {
        "total": statistics.median(checked) + (stored - validated),
        "plain_read": statistics.median(plain),
        "read_and_validate": statistics.median(checked),
        "hold": held - validated,
        "store": stored - held,
        "rows": result.row_count,
        "cells": result.cube.cells.height,
        "measure_cells": result.cube.measures.height,
        **{f"stage_{k}": v for k, v in result.timings.items()},
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def child(database: str, path: Path, postgres_url: str) -> dict:
    env = dict(os.environ)  # the parent's: SQLite at SQLITE, the upload limit raised
    if database == "sqlite":
        env.pop("DATABASE_URL", None)
    else:
        _fresh_postgres(postgres_url)
        env["DATABASE_URL"] = postgres_url
    out = subprocess.run(
        [sys.executable, __file__, "--child", str(path)],
        env=env, cwd=ROOT, capture_output=True, text=True,
    )  # fmt: skip
    if out.returncode:
        raise SystemExit(f"{database} run failed:\n{out.stderr}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def _fresh_postgres(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')


def plain_read(path: Path) -> float:
    import polars as pl

    started = time.perf_counter()
    pl.read_csv(path)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--databases", default="sqlite,postgresql")
    parser.add_argument(
        "--postgres-url", default=os.environ.get("BENCH_POSTGRES_URL", DEFAULT_POSTGRES)
    )
    parser.add_argument("--reuse-file", action="store_true", help="keep a file already written")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    if args.child:
        print(json.dumps(run_one(args.child)))
        return
    os.environ.setdefault("SECRET_KEY", "insecure-bench-only-key")
    os.environ["DJANGO_SETTINGS_MODULE"] = "reach.settings"
    # A million rows is over the default 50 MB upload limit as CSV; raise it for the run.
    os.environ["MAX_UPLOAD_MB"] = "500"
    # A fresh SQLite database, prepared here: the demo generator reads reference data.
    os.environ.pop("DATABASE_URL", None)
    os.environ["SQLITE_PATH"] = str(SQLITE)
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{SQLITE}{suffix}").unlink(missing_ok=True)
    import django

    django.setup()
    prepare_database()
    path = BENCH_DIR / f"records_{args.rows}_{args.seed}.csv"
    if not (args.reuse_file and path.exists()):
        write_file(path, args.rows, args.seed)
    totals, ratios = {}, {}
    for database in args.databases.split(","):
        timing = child(database, path, args.postgres_url)
        totals[database] = timing["total"]
        ratios[database] = (
            timing["read_and_validate"] / timing["plain_read"],
            timing["plain_read"],
        )
        peak = timing.pop("peak_rss_mb")
        split = ", ".join(f"{k} {v:.2f} s" for k, v in timing.items() if isinstance(v, float))
        print(
            f"{database}: {split}; {timing['cells']:,} cells, "
            f"{timing['measure_cells']:,} measure cells; peak memory {peak:,.0f} MB"
        )
    figures = ", ".join(f"{db} {t:.1f} s" for db, t in totals.items())
    ratio, plain = max(ratios.values())
    print(f"ingest {args.rows} rows: {figures}; plain read {plain:.2f} s; ratio {ratio:.2f}")


if __name__ == "__main__":
    main()

"""Benchmark: area dashboards and the national view, on SQLite and PostgreSQL.

`make bench-dashboard` runs this. For each database it loads the national demo data set
once (about a million referrals, 43 areas, six periods; kept between runs in
var/bench/dashboard-national.sqlite3 and the reach_bench_dashboard PostgreSQL database),
adds one return of a million referrals (about 290,000 cube cells) to Cumbria's latest
period, then times, as the assessor would see them (one warm-up, then timed rounds):

- every area's dashboard page for the latest period (queries, statistics, charts, template);
- the million-referral area's dashboard page (and its first read: the version's sums
  were kept when it was stored, monitoring/margins.py);
- each dashboard's data alone (monitoring.dashboard.build: reads and statistics, no
  template), for every area and for the million-referral area;
- the national data (the funnel plot and the national family of flags, without the page),
  as kept under the current versions (monitoring/national.py) and made afresh;
- the national view page.

It prints the medians, ending with

    dashboard median: sqlite X ms, postgresql Y ms; million-referral area: sqlite A ms, postgresql B ms
    dashboard data (build, no template) median: …; million-referral area: …
    national data median: sqlite C ms, postgresql D ms; national view median: sqlite E ms, postgresql F ms

Targets: million-referral area under 250 ms, national data under 50 ms, national view
under 1 s.
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
        _manage(env, "migrate", "--no-input", "--verbosity", "0")  # tables added since
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


MILLION = """
import django
django.setup()
from accounts.models import Membership
from demo.generator import generate_records
from organisations.models import Provider
from reference.models import Area
from returns import dimensions
from returns.cube import collapse, load_code_ids
from returns.models import Period, ReturnVersion
from returns.services import return_submit, return_version_accept, submission_of_counts
area = Area.objects.get(name="Cumbria")
period = (
    Period.objects.order_by("-start").filter(returns__area=area).first()
    or Period.objects.order_by("-start").first()
)
provider, created = Provider.objects.get_or_create(
    slug="bench-million-referrals", defaults={"name": "Benchmark: a million referrals"}
)
provider.areas.add(area)
if created or not provider.returns.filter(period=period, current_version__isnull=False).exists():
    # The national ethnic mix, so the million referrals span about 290,000 cube cells (an
    # area's own mix, mostly one group, would give far fewer). Cumbria then stands far
    # above the others on the national funnel plot, which the timing does not mind.
    records = generate_records(1_000_000, seed=11, period=(period.start, period.end))
    cube = collapse(records, load_code_ids())
    commissioner = Membership.objects.filter(role="commissioner", area=area).first().user
    submission = submission_of_counts(
        provider=provider, area=area, period=period, channel=ReturnVersion.Channel.DEMO,
        submitted_by=commissioner, cube=cube, recorded=list(dimensions.COLUMNS),
        keep_cube=False, row_count=cube.total,
    )
    version = return_submit(
        submission=submission, by=commissioner, cube=cube,
        explanation="A benchmark return of a million referrals, far above the area's usual total.",
    )
    if version.status == ReturnVersion.Status.AWAITING:
        return_version_accept(version=version, by=commissioner, reason="Benchmark data.")
version = provider.returns.get(period=period).current_version
print(version.cells.count(), version.total_referrals)
"""


def add_million(database: str) -> None:
    """One return of a million referrals in Cumbria's latest period (once per database)."""
    result = subprocess.run(
        [sys.executable, "-c", MILLION],
        cwd=ROOT,
        env=_env(database),
        capture_output=True,
        text=True,
        check=True,
    )
    cells, referrals = result.stdout.split()[-2:]
    print(
        f"{database}: Cumbria's latest period holds a return of {int(referrals):,} referrals "
        f"in {int(cells):,} cube cells",
        flush=True,
    )


TIMER = """
import json, statistics, time, django
django.setup()
from django.test import Client
from accounts.models import Membership
from reference.models import Area
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice
client = Client()
assessor_user = Membership.objects.filter(role="assessor").first().user
client.force_login(assessor_user, "accounts.backends.EmailBackend")
# Signed in as the assessor would be: password and a confirmed authenticator app.
device = TOTPDevice.objects.filter(user=assessor_user, confirmed=True).first() or (
    TOTPDevice.objects.create(user=assessor_user, name="Benchmark", confirmed=True)
)
session = client.session
session[DEVICE_ID_SESSION_KEY] = device.persistent_id
session.save()
slugs = list(Area.objects.order_by("name").values_list("slug", flat=True))
# The million-referral version's sums were kept when it was stored (monitoring/margins.py);
# its first read is then a read like any other. Versions stored before sums were kept get
# theirs here, once (the warm-up round).
started = time.perf_counter()
assert client.get("/figures/areas/cumbria/").status_code == 200
first_read = (time.perf_counter() - started) * 1000
for slug in slugs:  # warm-up round: imports, template loading, database caches
    assert client.get(f"/figures/areas/{slug}/").status_code == 200
times = []
for _ in range(__ROUNDS__):
    for slug in slugs:
        started = time.perf_counter()
        response = client.get(f"/figures/areas/{slug}/")
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
figures = {"median": statistics.median(times), "p90": sorted(times)[int(len(times) * 0.9)],
           "max": max(times), "n": len(times), "first_read": first_read}

def timed(call, rounds):
    call()  # warm-up
    out = []
    for _ in range(rounds):
        started = time.perf_counter()
        call()
        out.append((time.perf_counter() - started) * 1000)
    return statistics.median(out)

def page(url):
    response = client.get(url)
    assert response.status_code == 200, url
figures["million"] = timed(lambda: page("/figures/areas/cumbria/"), 7)
# The dashboard's data alone (its reads and statistics, monitoring.dashboard.build),
# without the page's template: every area's latest period, and the million-referral area.
from monitoring.dashboard import build
from monitoring.data import Selection
from returns.models import Period as P
assessor = Membership.objects.filter(role="assessor").first().user
builds = []
for area in Area.objects.order_by("name"):
    latest = P.objects.filter(returns__area=area, returns__current_version__isnull=False).order_by("-start").first()
    if latest:
        selection = Selection(area=area, period=latest)
        builds.append(timed(lambda: build(assessor, selection), 3))
figures["build_median"] = statistics.median(builds)
cumbria = Area.objects.get(name="Cumbria")
latest = P.objects.filter(returns__area=cumbria, returns__current_version__isnull=False).order_by("-start").first()
figures["build_million"] = timed(lambda: build(assessor, Selection(area=cumbria, period=latest)), 7)
from monitoring.national import funnel
from monitoring.national_figures import national_family
from returns.models import Period
period = Period.objects.filter(returns__current_version__isnull=False).order_by("-start").first()
user = Membership.objects.filter(role="assessor").first().user
figures["national_data"] = timed(lambda: (funnel(user, period), national_family(user, period)), 7)
# The same made afresh each time, as on the first read after a new current version.
from monitoring import national as nat
def afresh():
    nat._memo.clear()
    funnel(user, period), national_family(user, period)
figures["national_data_cold"] = timed(afresh, 7)
figures["national_view"] = timed(lambda: page("/figures/national/"), 5)
print(json.dumps(figures))
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
        f"slowest {figures['max']:.0f} ms over {figures['n']} renders; million-referral area "
        f"{figures['million']:.0f} ms (first read {figures['first_read']:.0f} ms); national data {figures['national_data']:.0f} ms; "
        f"national view {figures['national_view']:.0f} ms",
        flush=True,
    )
    return figures


def main() -> None:
    results = {}
    for database in ("sqlite", "postgresql"):
        load_national(database)
        add_million(database)
        results[database] = time_dashboards(database)
    sq, pg = results["sqlite"], results["postgresql"]
    print(
        f"dashboard median: sqlite {sq['median']:.0f} ms, postgresql {pg['median']:.0f} ms; "
        f"million-referral area: sqlite {sq['million']:.0f} ms, postgresql {pg['million']:.0f} ms"
    )
    print(
        f"dashboard data (build, no template) median: sqlite {sq['build_median']:.0f} ms, "
        f"postgresql {pg['build_median']:.0f} ms; million-referral area: sqlite "
        f"{sq['build_million']:.0f} ms, postgresql {pg['build_million']:.0f} ms"
    )
    print(
        f"national data median: sqlite {sq['national_data']:.0f} ms, postgresql "
        f"{pg['national_data']:.0f} ms; national view median: sqlite {sq['national_view']:.0f} ms, "
        f"postgresql {pg['national_view']:.0f} ms"
    )
    print(
        f"national data made afresh (after a new current version) median: sqlite "
        f"{sq['national_data_cold']:.0f} ms, postgresql {pg['national_data_cold']:.0f} ms"
    )


if __name__ == "__main__":
    main()

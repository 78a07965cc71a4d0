"""Benchmark: 50 people using Reach at once, against the production server.

`make bench-load` runs this. It loads the national demo data set into its own PostgreSQL
database (reach_bench_load; kept between runs, so later runs start at once), starts the
production server and task workers exactly as `make serve-production` does
(scripts/serve.py --production), then runs USERS simulated people for SECONDS, arriving
ARRIVALS a second, each pausing PAUSE seconds between pages, as a person would:

- signs in (email and password, then the code from the demo authenticator app);
- assessors: the home page, the national view, an area's dashboard, find support;
- commissioners: the home page, their area's dashboard (six and twelve months), find
  support;
- providers: the home page, their area's dashboard, find support, and an upload of a
  small return whose status page they then look at while a worker checks it.

Before the people arrive, the figures are computed once for every area and the national
view (as they are after any change of returns), and the time that takes is printed:
the load is what the service answers between changes. `make bench-dashboard` times the
figures computed afresh.

Every request is timed (a redirect is a request of its own). It ends with

    load: N requests, E errors, p50 X ms, p95 Y ms

Target on the 2-core machine: 0 errors, p95 under 500 ms. An error is a response of 400
or more, or no response within the client's timeout. Traffic goes to 127.0.0.1 only.
"""

import argparse
import asyncio
import json
import os
import re
import signal
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
POSTGRES = os.environ.get(
    "BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/reach_bench_load"
)
PORT = int(os.environ.get("BENCH_PORT", "8140"))
USERS, SECONDS, PAUSE = 50, 120, 2.0
ARRIVALS = 2.0  # people arriving each second at the start (signing in takes argon2's time)
TIMEOUT = 30.0  # seconds a request may take before it counts as an error
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
UPLOAD = (
    "referral_id,referral_date,ethnicity,sex,crime_type,outcome\r\n"
    + "".join(f"L{n},2026-05-01,{n % 19 + 1},F,DOMESTIC_ABUSE,OPEN\r\n" for n in range(60))
).encode()


def _env() -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "SQLITE_PATH")}
    env.update(
        DATABASE_URL=POSTGRES,
        SECRET_KEY=env.get("SECRET_KEY", "insecure-bench-only-key"),
        DJANGO_SETTINGS_MODULE="reach.settings",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        INCOMING_DIR=str(ROOT / "var" / "bench" / "load-incoming"),
        ACCESS_LOG=os.devnull,  # thousands of lines otherwise
        # As behind the production proxy: each person arrives from an address of their own
        # (127.0.1.N, sent as X-Forwarded-For), so the lock-out judges each on their own.
        TRUSTED_PROXY_COUNT="1",
    )
    return env


def _manage(env, *args, capture=False):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=capture,
        text=True,
    )


def prepare(env) -> None:
    """The national demo data set in reach_bench_load, loaded once and kept."""
    import psycopg

    base, _, name = POSTGRES.rpartition("/")
    try:
        with psycopg.connect(f"{base}/postgres", autocommit=True, connect_timeout=5) as conn:
            if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone():
                conn.execute(f'CREATE DATABASE "{name}"')
    except psycopg.OperationalError as error:
        raise SystemExit(
            f"PostgreSQL is not reachable ({error}). Start it and run again."
        ) from None
    _manage(env, "migrate", "--no-input", "--verbosity", "0")
    loaded = _manage(env, "shell", "-c", LOADED, capture=True).stdout.strip().splitlines()[-1]
    if int(loaded or 0) > 900_000:
        print(f"National data set already loaded ({int(loaded):,} referrals)", flush=True)
    else:
        print("Loading the national demo data set (once)…", flush=True)
        started = time.perf_counter()
        _manage(env, "load_reference", "--verbosity", "0")
        _manage(env, "load_standards", "--verbosity", "0")
        _manage(env, "load_demo", "--if-empty", "--size", "national")
        print(f"Loaded in {time.perf_counter() - started:.0f} s", flush=True)
    _manage(env, "collectstatic", "--no-input", "--verbosity", "0")
    _manage(env, "axes_reset", "--verbosity", "0")  # no lock-out left from an earlier run


LOADED = (
    "from returns.models import ReturnVersion; from django.db.models import Sum;"
    "print(ReturnVersion.objects.filter(status='current').aggregate(n=Sum('total_referrals'))['n'] or 0)"
)

PEOPLE = """
import json
from accounts.models import Membership
from demo.users import DEMO_DOMAIN, DEMO_TOTP_KEY
from returns.models import Period
from returns.periods import recent_complete_periods
period = recent_complete_periods(1)[0]
demo = Membership.objects.filter(user__username__endswith="@" + DEMO_DOMAIN).select_related(
    "user", "area", "provider").order_by("user_id")
people, seen = [], set()
def add(m, **more):
    if m.user_id in seen:
        return
    seen.add(m.user_id)
    people.append({"email": m.user.username, "role": m.role, **more})
for m in demo.filter(role="assessor")[:2]:
    add(m, area=demo.filter(role="commissioner").first().area.slug)
for m in demo.filter(role="commissioner")[:24]:
    add(m, area=m.area.slug)
for m in demo.filter(role="provider", provider__is_active=True):
    area = m.provider.areas.order_by("name").first()
    if area is not None and len(people) < %(users)d:
        add(m, area=area.slug, upload=f"/returns/{m.provider.slug}/{area.slug}/{period.code}/upload/")
print(json.dumps({"people": people, "key": DEMO_TOTP_KEY}))
"""


WARM = """
import time
from accounts.models import User
from monitoring import groups
from monitoring.dashboard import build
from monitoring.data import Selection
from monitoring.national import funnel
from monitoring.national_figures import national_family
from monitoring.views import default_period
from reference.models import Area
started = time.perf_counter()
assessor = User.objects.get(username="assessor@reach.example")
for area in Area.objects.all():
    period = default_period(assessor, area)
    if period is None:
        continue
    for months in (6, 12):
        build(assessor, Selection(area=area, period=period, months=months), level=groups.FIVE)
    latest = period
funnel(assessor, latest, "minority")
national_family(assessor, latest)
print(f"{time.perf_counter() - started:.0f}")
"""


def warm(env) -> None:
    """Compute the figures once, as after a change of returns (monitoring/cache.py)."""
    out = _manage(env, "shell", "-c", WARM, capture=True).stdout.strip().splitlines()[-1]
    print(f"Figures computed for every area and the national view in {out} s", flush=True)


def people(env, users: int) -> tuple[list[dict], str]:
    out = _manage(env, "shell", "-c", PEOPLE % {"users": users}, capture=True).stdout
    found = json.loads(out.strip().splitlines()[-1])
    return found["people"][:users], found["key"]


class Person:
    def __init__(self, client, who: dict, key: str, timings: list, errors: list):
        self.client, self.who, self.key = client, who, key
        self.timings, self.errors = timings, errors

    async def request(self, method: str, url: str, **kwargs):
        started = time.perf_counter()
        try:
            response = await self.client.request(method, url, **kwargs)
        except Exception as error:  # a timeout or a dropped connection: an error
            self.errors.append(f"{method} {url}: {type(error).__name__}")
            self.timings.append(None)  # a request all the same, with no time
            return None
        self.timings.append((time.perf_counter() - started) * 1000)
        if response.status_code >= 400:
            self.errors.append(f"{method} {url}: {response.status_code}")
        return response

    async def page(self, url: str, method: str = "GET", **kwargs):
        """A page as a browser fetches it: following redirects, each timed."""
        response = await self.request(method, url, **kwargs)
        hops = 0
        while response is not None and response.status_code in (301, 302, 303) and hops < 5:
            response = await self.request("GET", response.headers["location"])
            hops += 1
        return response

    async def form(self, url: str, data: dict, files=None):
        page = await self.page(url)
        token = CSRF.search(page.text) if page is not None else None
        if token is None:
            self.errors.append(f"GET {url}: no form")
            return None
        return await self.page(
            url, "POST", data={"csrfmiddlewaretoken": token[1], **data}, files=files,
            headers={"Referer": str(self.client.base_url) + url},
        )  # fmt: skip

    async def sign_in(self) -> bool:
        from django_otp.oath import totp

        from demo.users import DEMO_PASSWORD

        response = await self.form(
            "/account/sign-in/", {"username": self.who["email"], "password": DEMO_PASSWORD}
        )
        if response is None or "/two-factor/" not in str(response.url):
            where = f"{response.status_code} at {response.url.path}" if response else "no answer"
            self.errors.append(f"sign-in of {self.who['email']} did not ask for the code ({where})")
            return False
        code = f"{totp(bytes.fromhex(self.key)):06d}"
        response = await self.form("/account/two-factor/", {"code": code})
        return response is not None and response.status_code == 200

    def pages(self) -> list:
        who, area = self.who, self.who["area"]
        common = [("/",), (f"/figures/areas/{area}/",), ("/find-support/",)]
        if who["role"] == "assessor":
            return common + [("/figures/national/",)]
        if who["role"] == "commissioner":
            return common + [(f"/figures/areas/{area}/?months=12",)]
        return common + [("upload", who["upload"])]


async def run_person(person: Person, until: float, pause: float, stagger: float) -> None:
    await asyncio.sleep(stagger)
    if not await person.sign_in():
        return
    steps = person.pages()
    i = 0
    while time.monotonic() < until:
        await asyncio.sleep(pause)
        step = steps[i % len(steps)]
        i += 1
        if step[0] == "upload":
            response = await person.form(
                step[1], {}, files={"file": ("return.csv", UPLOAD, "text/csv")}
            )
            if response is not None and time.monotonic() < until:
                await asyncio.sleep(pause)
                await person.page(str(response.url.path))  # the status page, as it refreshes
        else:
            await person.page(step[0])


async def load(people_list, key, users, seconds, pause) -> tuple[list, list]:
    import httpx

    timings: list[float | None] = []
    errors: list[str] = []
    until = time.monotonic() + seconds
    limits = httpx.Limits(max_connections=users * 2)
    clients = [
        httpx.AsyncClient(
            base_url=f"http://127.0.0.1:{PORT}",
            timeout=TIMEOUT,
            limits=limits,
            headers={"X-Forwarded-For": f"127.0.1.{n + 1}"},
        )
        for n in range(len(people_list))
    ]
    try:
        await asyncio.gather(
            *(
                run_person(Person(c, who, key, timings, errors), until, pause, i / ARRIVALS)
                for i, (c, who) in enumerate(zip(clients, people_list, strict=True))
            )
        )
    finally:
        for client in clients:
            await client.aclose()
    return timings, errors


def _wait_until_up(server) -> None:
    import httpx

    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit("The production server stopped while starting.")
        try:
            httpx.get(f"http://127.0.0.1:{PORT}/account/sign-in/", timeout=5)
            return
        except httpx.HTTPError:
            time.sleep(0.5)
    raise SystemExit("The production server did not start within two minutes.")


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else 0.0


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=USERS)
    parser.add_argument("--seconds", type=int, default=SECONDS)
    parser.add_argument("--pause", type=float, default=PAUSE)
    parser.add_argument("--task-workers", type=int, default=2)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    env = _env()
    prepare(env)
    warm(env)
    people_list, key = people(env, args.users)
    if len(people_list) < args.users:
        raise SystemExit(f"The demo data has {len(people_list)} accounts to sign in with.")
    os.environ.update(env)
    import django

    django.setup()
    server = subprocess.Popen(
        [sys.executable, "scripts/serve.py", "--production", "--host", "127.0.0.1",
         "--port", str(PORT), "--task-workers", str(args.task_workers)],
        cwd=ROOT, env=env,
    )  # fmt: skip
    try:
        _wait_until_up(server)
        print(
            f"{args.users} people for {args.seconds} s, {args.pause:g} s between pages…",
            flush=True,
        )
        timings, errors = asyncio.run(load(people_list, key, args.users, args.seconds, args.pause))
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(60)
    for error in sorted(set(errors))[:20]:
        print(f"  error: {error}")
    answered = [t for t in timings if t is not None]
    p50 = statistics.median(answered) if answered else 0.0
    p95 = _percentile(answered, 0.95)
    print(
        f"load: {len(timings)} requests, {len(errors)} errors, p50 {p50:.0f} ms, p95 {p95:.0f} ms"
    )


if __name__ == "__main__":
    main()

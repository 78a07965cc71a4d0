"""Benchmark: one page of the web form, as a small provider uses it, on SQLite and PostgreSQL.

`make bench-web-form` runs this. For each database it sets up a fresh one (migrate,
load_reference, a provider offering every crime type, its user), then times, through
Django's test client (the full request: middleware, queries, template):

- GET of a crime type's page (the task list's pages: 21 groups × 6 boxes);
- POST of that page filled in (the counts checked and saved to the draft);
- POST of "check your answers" (the draft turned into counts and checked by the query rules);

one warm-up and ROUNDS timed requests each, and reports the median. The last line reads

    web form page: sqlite GET X ms, POST Y ms; postgresql GET X ms, POST Y ms; N inputs a page

Target: every page under 300 inputs and under 500 ms.
"""

import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from bench_databases import BenchDatabases

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "var" / "bench"
SQLITE = BENCH_DIR / "web-form.sqlite3"
POSTGRES = os.environ.get(
    "BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/reach_bench_web_form"
)
DATABASES = BenchDatabases(SQLITE, POSTGRES)
ROUNDS = 9


def _median_ms(timings: list[float]) -> float:
    return statistics.median(timings) * 1000


def run_one() -> dict:
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client

    call_command("migrate", verbosity=0, interactive=False)
    call_command("load_reference", verbosity=0)
    from accounts.models import Membership, User
    from organisations.models import Provider
    from reference.models import Area, CrimeType, EthnicGroup
    from returns.periods import period_ensure
    from returns.web_form import OUTCOME_COLUMNS

    area = Area.objects.get(code="E23000014")
    provider = Provider.objects.create(name="Benchmark group", slug="benchmark-group")
    provider.areas.add(area)
    provider.crime_types.set(CrimeType.objects.exclude(code__in=("NK", "NR")))
    user = User.objects.create_user(username="bench@example.org", email="bench@example.org")
    Membership.objects.create(user=user, role="provider", provider=provider)
    period = period_ensure(2026, "H1")
    client = Client()
    client.force_login(user)
    base = f"/returns/{provider.slug}/{area.slug}/{period.code}/form/"
    client.post(base + "crime-types/", {"crime_types": ["DOMESTIC_ABUSE"]})
    page = base + "DOMESTIC_ABUSE/"
    groups = EthnicGroup.objects.exclude(level="high_level").values_list("code", flat=True)
    filled = {}
    for i, group in enumerate(groups):
        filled[f"g{group}__referrals"] = str(10 + i)
        for j, outcome in enumerate(OUTCOME_COLUMNS):
            filled[f"g{group}__{outcome}"] = str(1 + (i + j) % 2)

    def timed(call) -> list[float]:
        call()  # warm-up
        out = []
        for _ in range(ROUNDS):
            started = time.perf_counter()
            response = call()
            out.append(time.perf_counter() - started)
            assert response.status_code in (200, 302), response.status_code
        return out

    html = client.get(page).content.decode()
    inputs = html.count('class="govuk-input reach-grid-input')
    get = timed(lambda: client.get(page))
    post = timed(lambda: client.post(page, filled))
    check = timed(lambda: client.post(base + "check/"))
    return {
        "get_ms": _median_ms(get),
        "post_ms": _median_ms(post),
        "check_ms": _median_ms(check),
        "inputs": inputs,
    }


def main() -> None:
    sys.path.insert(0, str(ROOT))
    if "--child" in sys.argv:
        print(json.dumps(run_one()))
        return
    results = {}
    for database in os.environ.get("BENCH_DATABASES", "sqlite,postgresql").split(","):
        DATABASES.fresh(database)
        out = subprocess.run(
            [sys.executable, __file__, "--child"],
            cwd=ROOT, env=DATABASES.env(database), capture_output=True, text=True,
        )  # fmt: skip
        if out.returncode:
            raise SystemExit(f"{database} run failed:\n{out.stderr}")
        results[database] = json.loads(out.stdout.strip().splitlines()[-1])
        r = results[database]
        print(
            f"{database}: GET {r['get_ms']:.0f} ms, POST {r['post_ms']:.0f} ms, "
            f"check your answers {r['check_ms']:.0f} ms (medians of {ROUNDS})"
        )
    inputs = max(r["inputs"] for r in results.values())
    figures = "; ".join(
        f"{db} GET {r['get_ms']:.0f} ms, POST {r['post_ms']:.0f} ms" for db, r in results.items()
    )
    print(f"web form page: {figures}; {inputs} inputs a page")


if __name__ == "__main__":
    main()

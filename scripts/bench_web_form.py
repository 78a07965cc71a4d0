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
import statistics
import sys
import time
from pathlib import Path

from bench_databases import BenchDatabases

ROOT = Path(__file__).resolve().parent.parent
DATABASES = BenchDatabases.named("web-form")
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
    from tests.factories import sign_in_both_factors

    area = Area.objects.get(code="E23000014")
    provider = Provider.objects.create(name="Benchmark group", slug="benchmark-group")
    provider.areas.add(area)
    provider.crime_types.set(CrimeType.objects.exclude(code__in=("NK", "NR")))
    user = User.objects.create_user(username="bench@example.org", email="bench@example.org")
    Membership.objects.create(user=user, role="provider", provider=provider)
    period = period_ensure(2026, "H1")
    client = Client()
    client.force_login(user, "accounts.backends.EmailBackend")
    sign_in_both_factors(client, user)  # pages for signed-in people need the second factor
    base = f"/returns/{provider.slug}/{area.slug}/{period.code}/form/"
    client.post(base + "crime-types/", {"crime_types": ["DOMESTIC_ABUSE"]})
    page = base + "DOMESTIC_ABUSE/"
    groups = EthnicGroup.objects.exclude(level="high_level").values_list("code", flat=True)
    filled = {}
    for i, group in enumerate(groups):
        filled[f"g{group}__referrals"] = str(10 + i)
        for j, outcome in enumerate(OUTCOME_COLUMNS):
            filled[f"g{group}__{outcome}"] = str(1 + (i + j) % 2)

    def timed(call, status: int) -> list[float]:
        call()  # warm-up
        out = []
        for _ in range(ROUNDS):
            started = time.perf_counter()
            response = call()
            out.append(time.perf_counter() - started)
            assert response.status_code == status, response.status_code
        return out

    first = client.get(page)
    if first.status_code != 200:  # a redirect (to sign in, say) would time the wrong page
        raise SystemExit(f"The web form page answered {first.status_code}, not the page.")
    html = first.content.decode()
    inputs = html.count('class="govuk-input reach-grid-input')
    if not inputs:
        raise SystemExit("The web form page has no count inputs: nothing to time.")
    get = timed(lambda: client.get(page), 200)
    post = timed(lambda: client.post(page, filled), 302)  # saved: back to the task list
    sent = client.post(base + "check/")
    if "/submissions/" not in sent.get("Location", ""):  # refused: back to the form
        raise SystemExit(f"The form's counts were not sent to check: {sent.get('Location')}")
    check = timed(lambda: client.post(base + "check/"), 302)  # to check your answers
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
    results = DATABASES.results(__file__)
    for database, r in results.items():
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

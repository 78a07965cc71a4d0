"""Benchmark: a published report's downloads, made on the first request and then kept.

`make bench-downloads` runs this. For each database it sets up a fresh one (migrate, the
reference data, the standards and the small demo data set, whose reports are published),
then, through Django's test client (the full request), times each download of one live
report: the first request (which makes the file) and the median of ROUNDS more (served
as kept), and a request that sends the file's ETag back (304). The last line reads

    downloads: sqlite PDF first X ms, then Y ms; ...; postgresql ...
"""

import json
import statistics
import sys
import time
from pathlib import Path

from bench_databases import BenchDatabases

ROOT = Path(__file__).resolve().parent.parent
DATABASES = BenchDatabases.named("downloads")
ROUNDS = 9


def run_one() -> dict:
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client
    from django.urls import reverse

    from publication import limits
    from publication.models import PublishedReport

    for command, options in (
        ("migrate", {"interactive": False}),
        ("load_reference", {}),
        ("load_standards", {}),
        ("load_demo", {"size": "small", "seed": 7}),
    ):
        call_command(command, verbosity=0, **options)
    limits.PUBLIC_RATE = "100000/min"  # the limit is not what is measured
    report = PublishedReport.objects.live().order_by("area__name").first()
    client = Client()
    urls = {
        "PDF": reverse("publication:report-pdf", args=[report.slug]),
        "XLSX": reverse("publication:report-xlsx", args=[report.slug]),
        "ODS": reverse("publication:report-ods", args=[report.slug]),
        "CSVW": reverse("publication:report-csvw", args=[report.slug]),
        "CSV": reverse("publication:report-csv", args=[report.slug, report.tables[0]["slug"]]),
    }
    out = {}
    for name, url in urls.items():
        started = time.perf_counter()
        first = client.get(url)
        made = time.perf_counter() - started
        assert first.status_code == 200, (name, first.status_code)
        kept = []
        for _ in range(ROUNDS):
            started = time.perf_counter()
            assert client.get(url).status_code == 200
            kept.append(time.perf_counter() - started)
        started = time.perf_counter()
        again = client.get(url, headers={"If-None-Match": first["ETag"]})
        not_modified = time.perf_counter() - started
        assert again.status_code == 304
        out[name] = {
            "first_ms": made * 1000,
            "kept_ms": statistics.median(kept) * 1000,
            "not_modified_ms": not_modified * 1000,
            "bytes": len(first.content),
        }
    return out


def main() -> None:
    sys.path.insert(0, str(ROOT))
    if "--child" in sys.argv:
        print(json.dumps(run_one()))
        return
    summary = []
    for database, results in DATABASES.results(__file__).items():
        for name, r in results.items():
            print(
                f"{database} {name}: first {r['first_ms']:.0f} ms, then {r['kept_ms']:.1f} ms "
                f"(median of {ROUNDS}), 304 in {r['not_modified_ms']:.1f} ms, {r['bytes']:,} bytes"
            )
        summary.append(
            database
            + " "
            + ", ".join(
                f"{n} first {r['first_ms']:.0f} ms then {r['kept_ms']:.0f} ms"
                for n, r in results.items()
            )
        )
    print("downloads: " + "; ".join(summary))


if __name__ == "__main__":
    main()

"""Every figure the public can download or read from the API, over the small demo.

Each demo area with figures gets a live report; then every CSV, the CSV on the Web
metadata, the XLSX, the ODS and every API response is read as the public reads it. No
count from 1 to 9 may appear in any of them, and the adversary of
tests/disclosure/adversary.py, given every table of an area published together, may not
narrow any small count to a range narrower than 5.
"""

import csv
import io
import json
import zipfile

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django.urls import reverse
from openpyxl import load_workbook

from tests.disclosure.adversary import attack

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


@pytest.fixture(scope="module")
def demo_reports(django_db_setup, django_db_blocker, tmp_path_factory):
    """(report, grids) for each area of the small demo with figures in its latest period."""
    from django.utils import timezone

    import disclosure
    from accounts.models import User
    from disclosure.sources import area_grids
    from publication.models import PublishedReport
    from returns.models import Return

    manifest = tmp_path_factory.mktemp("published") / "manifest.json"
    with django_db_blocker.unblock(), transaction.atomic():
        with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
            call_command("load_demo", "--size", "small", "--manifest", str(manifest), verbosity=0)
        # The demo publishes reports of its own; this test publishes one for every area.
        PublishedReport.objects.all().delete()
        by = User.objects.create(username="published.figures@example.org")
        latest = Return.objects.filter(current_version__isnull=False).order_by("-period__start")
        period = latest.first().period
        out = []
        for area_id in sorted(set(latest.filter(period=period).values_list("area", flat=True))):
            record = latest.filter(area_id=area_id).first()
            grids = area_grids(record.area, period)
            now = timezone.now()
            report = PublishedReport.objects.live().filter(area=record.area, period=period).first()
            if report is not None:  # published by the demo itself
                out.append((report, grids))
                continue
            report = PublishedReport.objects.create(
                area=record.area,
                period=period,
                slug=f"{record.area.slug}-{period.code.lower()}",
                status="published",
                tables=disclosure.snapshot(disclosure.control(grids).tables()),
                published_at=now,
                published_by=by,
                first_published_at=now,
            )
            out.append((report, grids))
        assert len(out) >= 2
        yield out
        transaction.set_rollback(True)


def small_numbers(values) -> list:
    return [
        v for v in values if isinstance(v, int | float) and not isinstance(v, bool) and 0 < v < 10
    ]


def csv_numbers(body: bytes) -> list:
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    out = []
    for row in rows[1:]:
        for cell in row[1:]:
            try:
                out.append(float(cell.replace(",", "")))
            except ValueError:
                continue
    return out


def ods_numbers(body: bytes) -> list:
    import re

    content = zipfile.ZipFile(io.BytesIO(body)).read("content.xml").decode()
    return [float(v) for v in re.findall(r'office:value="([-0-9.eE]+)"', content)]


def test_no_count_of_one_to_nine_reaches_the_public(client, demo_reports):

    problems = []
    listing = client.get(reverse("api:published")).json()
    assert len(listing) == len(demo_reports)
    for report, _grids in demo_reports:
        detail = client.get(reverse("api:published-report", args=[report.slug]))
        assert detail.status_code == 200
        for table in detail.json()["tables"]:
            # Percentages may be small: they are shares, not counts of people.
            if table["slug"].endswith("-percentages"):
                continue
            found = small_numbers(v for row in table["rows"] for v in row[1:])
            if found:
                problems.append(f"API {report.slug} {table['slug']}: {found}")
            body = client.get(table["csv"]).content
            if small_numbers(csv_numbers(body)):
                problems.append(f"CSV {report.slug} {table['slug']}")
        assert client.get(reverse("publication:report-csvw", args=[report.slug])).status_code == 200
        book = load_workbook(
            io.BytesIO(client.get(reverse("publication:report-xlsx", args=[report.slug])).content)
        )
        titles = {t["title"]: t["slug"] for t in report.tables}
        for sheet in book.worksheets[3:]:
            slug = titles[sheet["A1"].value]
            if slug.endswith("-percentages"):
                continue
            values = [
                v for row in sheet.iter_rows(min_row=5, min_col=2, values_only=True) for v in row
            ]
            if small_numbers(values):
                problems.append(f"XLSX {report.slug} {sheet.title}")
        counts_only = [t for t in report.tables if not t["slug"].endswith("-percentages")]
        assert counts_only
        ods = client.get(reverse("publication:report-ods", args=[report.slug])).content
        # Small numbers in an ODS may only be percentages, the notes' numbers or the cover's.
        percentages = {
            float(v)
            for t in report.tables
            if t["slug"].endswith("-percentages")
            for row in t["rows"]
            for v in row[1:]
            if isinstance(v, int | float)
        }
        strays = [
            v
            for v in small_numbers(ods_numbers(ods))
            if v not in percentages | {report.revision, len(report.tables)}
        ]
        if strays:
            problems.append(f"ODS {report.slug}: {strays}")
        json.dumps(detail.json())
    assert not problems, "\n".join(problems)


def test_the_adversary_narrows_no_small_count_of_any_demo_area(demo_reports):
    import disclosure
    from tests.disclosure.test_adversary import exact_cells

    checked = 0
    for report, grids in demo_reports:
        tables = disclosure.from_snapshot(report.tables)
        populations = {g.slug: g.population for g in grids}
        includes = [(g.population, g.includes) for g in grids if g.includes]
        exact = exact_cells(grids)
        ranges = attack(tables, populations, exact, includes)
        small = [where for where, n in exact.items() if 0 < n < 10]
        assert set(small) <= set(ranges), "a small count was published"
        for where, (low, high) in ranges.items():
            assert high - low >= 5 - 1e-6, f"{report.area}: {where} narrowed to [{low}, {high}]"
        checked += len(ranges)
    assert checked > 50, checked

"""Two visitors asking at once for a file not yet made: it is made once between them.

Not inside a test transaction: each thread has a connection of its own, as two requests
would, so the report they share is written for real and removed afterwards."""

import threading
import time

import pytest

from publication import files
from publication.models import ReportFile
from tests.threads import at_once, postgresql_only


@pytest.fixture
def committed_report(django_db_setup, django_db_blocker):
    """A report written for real (not inside the test's transaction), so that two
    threads, each with a connection of its own, both see it; removed afterwards. The
    test database's audit trail cannot be emptied, so nothing here is audited.
    PostgreSQL only: the SQLite test database is in memory, where a second writer is
    refused at once ("table is locked") rather than queued as the file database does."""
    postgresql_only()
    from publication.models import PublishedReport
    from reference.models import Area
    from returns.models import Period

    with django_db_blocker.unblock():
        start, end = Period.bounds(2019, "H1")
        period = Period.objects.create(
            code=Period.code_for(2019, "H1"), financial_year=2019, half="H1", start=start, end=end
        )
        report = PublishedReport.objects.create(
            area=Area.objects.order_by("pk").first(),
            period=period,
            slug="two-visitors-at-once",
        )
        yield report
        ReportFile.objects.filter(report=report).delete()
        report.delete()
        period.delete()


def test_two_visitors_at_once_make_the_pdf_once(committed_report):
    """Both ask before either has it; the one who claims it first makes it, the other
    waits for it. Without the claim both would render."""
    renders = []
    start = threading.Barrier(2)
    got = []

    def render():
        renders.append(1)
        time.sleep(0.5)  # long enough that the other visitor asks meanwhile
        return b"%PDF-1.7 the report"

    def visitor():
        start.wait()
        got.append(files.stored(committed_report, "pdf:en", render).content)

    failed = at_once(visitor)
    assert not failed, failed
    assert got == [b"%PDF-1.7 the report"] * 2
    assert len(renders) == 1
    assert ReportFile.objects.filter(report=committed_report, kind="pdf:en").count() == 1


@pytest.mark.django_db
def test_a_kept_file_is_served_without_being_made_again(live_report):
    """(Also makes the test database be set up when this module runs on its own.)"""
    made = []

    def build():
        made.append(1)
        return b"the file"

    first = files.stored(live_report, "xlsx", build)
    again = files.stored(live_report, "xlsx", build)
    assert first.content == again.content == b"the file"
    assert first.etag == again.etag
    assert made == [1]

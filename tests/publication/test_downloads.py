"""A live report's downloads are made once and kept, cached by browsers, limited per
address; two visitors asking for a file at once make it once between them."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone, translation

from publication import downloads, files, limits, open_data
from publication.models import ReportFile
from publication.services import report_draft, report_publish, report_withdraw
from tests.publication.conftest import write_summaries

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _in_english():
    """Addresses reversed here are the English ones, whatever an earlier test left active."""
    with translation.override(settings.LANGUAGE_CODE):
        yield


def counting(monkeypatch, module, name):
    calls = []
    real = getattr(module, name)

    def counted(*args, **kwargs):
        calls.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, counted)
    return calls


def fake_pdf(monkeypatch):
    calls = []

    def render(report, lang):
        calls.append((report.pk, lang))
        return f"%PDF-1.7 revision {report.revision} in {lang}".encode()

    monkeypatch.setattr(downloads, "report_pdf_bytes", render)
    return calls


@pytest.mark.parametrize(
    "name, builder",
    [
        ("publication:report-xlsx", "xlsx"),
        ("publication:report-ods", "ods"),
        ("publication:report-csvw", "csvw_metadata"),
    ],
)
def test_a_second_download_is_served_as_kept(client, live_report, monkeypatch, name, builder):
    calls = counting(monkeypatch, open_data, builder)
    url = reverse(name, args=[live_report.slug])
    first, second = client.get(url), client.get(url)
    assert first.status_code == second.status_code == 200
    assert first.content == second.content
    assert len(calls) == 1


def test_each_table_csv_is_made_once(client, live_report, monkeypatch):
    calls = counting(monkeypatch, open_data, "table_csv")
    table = live_report.tables[0]["slug"]
    url = reverse("publication:report-csv", args=[live_report.slug, table])
    assert client.get(url).content == client.get(url).content
    assert len(calls) == 1
    assert "describedby" in client.get(url)["Link"]
    missing = reverse("publication:report-csv", args=[live_report.slug, "no-such-table"])
    assert client.get(missing).status_code == 404
    assert not ReportFile.objects.filter(kind="csv:no-such-table").exists()
    too_long = reverse("publication:report-csv", args=[live_report.slug, "t" * 300])
    assert client.get(too_long).status_code == 404


def test_the_pdf_is_made_once_per_language(client, live_report, monkeypatch):
    calls = fake_pdf(monkeypatch)
    url = reverse("publication:report-pdf", args=[live_report.slug])
    for _ in range(3):
        response = client.get(url)
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
    client.get("/cy" + url)
    client.get("/cy" + url)
    assert [pk for pk, _ in calls] == [live_report.pk] * 2
    assert calls[0][1].startswith("en") and calls[1][1] == "cy"


def test_a_browser_asking_again_gets_not_modified(client, live_report):
    url = reverse("publication:report-xlsx", args=[live_report.slug])
    first = client.get(url)
    assert first["ETag"] and first["Last-Modified"]
    assert "public" in first["Cache-Control"] and "max-age=" in first["Cache-Control"]
    again = client.get(url, headers={"If-None-Match": first["ETag"]})
    assert again.status_code == 304
    assert again.content == b""
    since = client.get(url, headers={"If-Modified-Since": first["Last-Modified"]})
    assert since.status_code == 304
    changed = client.get(url, headers={"If-None-Match": '"something-else"'})
    assert changed.status_code == 200


def test_a_new_revision_is_a_new_file_and_a_withdrawn_one_is_gone(
    client, area_a, period, commissioner_a, submitted, monkeypatch
):
    calls = fake_pdf(monkeypatch)
    first = report_publish(
        report=write_summaries(report_draft(area=area_a, period=period, by=commissioner_a),
                               commissioner_a),
        by=commissioner_a,
    )  # fmt: skip
    url = reverse("publication:report-pdf", args=[first.slug])
    assert b"revision 1" in client.get(url).content
    second = report_draft(area=area_a, period=period, by=commissioner_a)
    second = report_publish(report=second, by=commissioner_a)
    assert b"revision 2" in client.get(url).content
    assert [pk for pk, _ in calls] == [first.pk, second.pk]
    report_withdraw(report=second, by=commissioner_a, reason="A figure was wrong.")
    assert client.get(url).status_code == 410


def test_too_many_downloads_from_one_address_are_refused(
    client, live_report, monkeypatch, one_rate_window
):
    cache.clear()
    monkeypatch.setattr(limits, "PUBLIC_RATE", "2/min")
    url = reverse("publication:report-ods", args=[live_report.slug])
    answers = [client.get(url) for _ in range(3)]
    assert [a.status_code for a in answers] == [200, 200, 429]
    refused = answers[2]
    assert int(refused["Retry-After"]) >= 1
    page = refused.content.decode()
    assert "Too many downloads" in page
    assert "try again" in page
    other = client.get(url, REMOTE_ADDR="10.0.0.9")
    assert other.status_code == 200
    cache.clear()


def test_the_public_api_and_the_downloads_share_one_rate():
    from api.views.published import PublicView

    assert limits.DownloadRate().get_rate() == limits.PUBLIC_RATE
    assert limits.PublicRate in PublicView.throttle_classes


def test_a_file_that_fails_to_be_made_is_not_kept(live_report):
    def broken():
        raise ValueError("no")

    with pytest.raises(ValueError):
        files.stored(live_report, "xlsx", broken)
    assert not ReportFile.objects.filter(report=live_report).exists()
    assert files.stored(live_report, "xlsx", lambda: b"made").content == b"made"


def test_a_claim_left_by_a_stopped_process_is_taken_over(live_report, monkeypatch):
    old = timezone.now() - timedelta(seconds=files.STALE_SECONDS + 1)
    ReportFile.objects.create(report=live_report, kind="ods", claimed_at=old)
    assert files.stored(live_report, "ods", lambda: b"made").content == b"made"
    assert ReportFile.objects.get(report=live_report, kind="ods").content == b"made"


def test_a_request_gives_up_waiting_for_a_file_someone_else_makes(live_report, monkeypatch):
    monkeypatch.setattr(files, "WAIT_SECONDS", 0)
    ReportFile.objects.create(report=live_report, kind="ods", claimed_at=timezone.now())
    with pytest.raises(files.StillMaking):
        files.stored(live_report, "ods", lambda: b"never")


def test_a_file_still_being_made_says_to_try_again(client, live_report, monkeypatch):
    monkeypatch.setattr(files, "WAIT_SECONDS", 0)
    ReportFile.objects.create(report=live_report, kind="xlsx", claimed_at=timezone.now())
    response = client.get(reverse("publication:report-xlsx", args=[live_report.slug]))
    assert response.status_code == 503
    assert response["Retry-After"]
    assert "Try again in a minute" in response.content.decode()


def test_only_anonymous_downloads_are_limited(client, live_report, commissioner_a, monkeypatch):
    cache.clear()
    monkeypatch.setattr(limits, "PUBLIC_RATE", "1/min")
    client.force_login(commissioner_a)
    url = reverse("publication:report-ods", args=[live_report.slug])
    assert [client.get(url).status_code for _ in range(3)] == [200, 200, 200]
    cache.clear()


def test_the_api_and_the_downloads_are_counted_apart(
    client, live_report, monkeypatch, one_rate_window
):
    cache.clear()
    monkeypatch.setattr(limits, "PUBLIC_RATE", "1/min")
    assert client.get(reverse("api:published")).status_code == 200
    url = reverse("publication:report-xlsx", args=[live_report.slug])
    assert [client.get(url).status_code for _ in range(2)] == [200, 429]
    cache.clear()

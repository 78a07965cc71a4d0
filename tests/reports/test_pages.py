"""The bi-annual return pages: ask, watch the progress, download."""

import datetime

import pytest
from django.utils import timezone

from reports.models import ReportRequest
from tests.pages import fetch
from tests.reports.conftest import make_request

pytestmark = pytest.mark.django_db


def _url(area, period):
    return f"/reports/areas/{area.slug}/{period.code}/"


def test_commissioner_asks_for_a_pdf_and_downloads_it(
    client,
    django_capture_on_commit_callbacks,
    area_a,
    period,
    commissioner_a,
    area_a_return,
    submitted,
):
    client.force_login(commissioner_a)
    page = fetch(client, _url(area_a, period), title_contains="Bi-annual return: West Midlands")
    html = page.content.decode()
    assert "Official – contains exact counts; not for publication" in html
    assert 'value="1" selected' in html  # the submitted version is offered first
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_url(area_a, period), {"format": "pdf", "version": "1"})
    made = ReportRequest.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/reports/requests/{made.pk}/"
    assert made.assessment == submitted and made.requested_by == commissioner_a

    status = fetch(client, response["Location"], title_contains="Bi-annual return")
    html = status.content.decode()
    assert "Your document is ready" in html and 'http-equiv="refresh"' not in html
    download = client.get(f"/reports/requests/{made.pk}/download/")
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"] == (
        'attachment; filename="bi-annual-return-west-midlands-2026-27-h1-v1.pdf"'
    )
    assert download["Cache-Control"] == "private, no-store"
    assert download.content.startswith(b"%PDF")
    listed = fetch(client, _url(area_a, period)).content.decode()
    assert f"/reports/requests/{made.pk}/download/" in listed


def test_page_refreshes_itself_until_the_document_is_ready(client, area_a, period, commissioner_a):
    made = make_request(
        area=area_a,
        period=period,
        user=commissioner_a,
        status="building",
        progress=45,
        stage="Reading workforce",
    )
    client.force_login(commissioner_a)
    html = fetch(client, f"/reports/requests/{made.pk}/").content.decode()
    assert '<meta http-equiv="refresh" content="2">' in html
    assert "Reading workforce: 45% done." in html
    assert f'data-progress-url="/reports/requests/{made.pk}/progress/"' in html
    assert "reach/progress.js" in html
    assert client.get(f"/reports/requests/{made.pk}/progress/").json() == {
        "status": "building",
        "progress": 45,
        "stage": "Reading workforce",
        "finished": False,
    }
    # Not ready: the download link leads back to the progress page.
    response = client.get(f"/reports/requests/{made.pk}/download/")
    assert response.status_code == 302 and response["Location"] == f"/reports/requests/{made.pk}/"


def test_a_request_lost_long_ago_stops_refreshing(client, area_a, period, commissioner_a):
    made = make_request(area=area_a, period=period, user=commissioner_a)
    ReportRequest.objects.filter(pk=made.pk).update(
        created_at=timezone.now() - datetime.timedelta(hours=1)
    )
    client.force_login(commissioner_a)
    html = fetch(client, f"/reports/requests/{made.pk}/").content.decode()
    assert "refresh" not in html.split("</head>")[0]
    assert "Ask for the document again" in html


def test_a_failed_request_says_so(client, area_a, period, commissioner_a):
    made = make_request(
        area=area_a,
        period=period,
        user=commissioner_a,
        status="failed",
        progress=100,
        stage="Something went wrong while creating the document.",
        finished_at=timezone.now(),
    )
    client.force_login(commissioner_a)
    html = fetch(client, f"/reports/requests/{made.pk}/").content.decode()
    assert "The document could not be created" in html


def test_the_assessor_is_offered_submitted_versions_only(client, area_a, period, assessor, draft):
    client.force_login(assessor)
    html = fetch(client, _url(area_a, period)).content.decode()
    assert 'name="version"' not in html
    assert "no self-assessment for this period that you can see" in html


def test_a_commissioner_may_choose_the_draft(
    client, django_capture_on_commit_callbacks, area_a, period, commissioner_a, draft
):
    client.force_login(commissioner_a)
    html = fetch(client, _url(area_a, period)).content.decode()
    assert "will be marked DRAFT" in html
    assert client.post(_url(area_a, period), {"format": "ods", "version": "7"}).status_code == 400
    assert client.post(_url(area_a, period), {"format": "rtf", "version": "1"}).status_code == 400
    with django_capture_on_commit_callbacks(execute=True):
        client.post(_url(area_a, period), {"format": "ods", "version": "1"})
    made = ReportRequest.objects.get()
    assert made.assessment == draft and made.status == "ready"


def test_home_lists_the_areas_a_person_acts_for(
    client, commissioner_a, assessor, area_a, area_b, period
):
    client.force_login(commissioner_a)
    html = fetch(client, "/reports/", title_contains="Bi-annual returns").content.decode()
    assert _url(area_a, period) in html and _url(area_b, period) not in html
    client.force_login(assessor)
    html = fetch(client, "/reports/").content.decode()
    assert _url(area_a, period) in html and _url(area_b, period) in html


def test_other_areas_requests_are_not_listed(
    client, area_a, area_b, period, commissioner_a, commissioner_b
):
    mine = make_request(area=area_a, period=period, user=commissioner_a)
    theirs = make_request(area=area_b, period=period, user=commissioner_b)
    client.force_login(commissioner_a)
    assert client.get(f"/reports/requests/{theirs.pk}/progress/").status_code == 404
    assert client.get(f"/reports/requests/{mine.pk}/progress/").status_code == 200
    assert ReportRequest.objects.visible_to(commissioner_a).get() == mine

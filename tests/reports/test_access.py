"""Role × page for the bi-annual return pages (as tests/test_access_matrix.py).

Signed out: sent to sign in (302). A role without ASSESSMENT_VIEW (provider staff): 403
before anything is looked up. Another area's page, request or file: 404.
"""

import pytest
from django.utils import timezone

from tests.pages import fetch
from tests.reports.conftest import make_request

pytestmark = pytest.mark.django_db

ACTORS = ["anonymous", "provider_a", "commissioner_a", "commissioner_b", "assessor"]

A = "/reports/areas/{area_a}/{period}/"
B = "/reports/areas/{area_b}/{period}/"
REQUEST = "/reports/requests/{request_a}/"

PAGES = {
    "/reports/": [302, 403, 200, 200, 200],
    A: [302, 403, 200, 404, 200],
    B: [302, 403, 404, 200, 200],
    "/reports/areas/{area_a}/1999-00-H1/": [302, 403, 404, 404, 404],
    REQUEST: [302, 403, 200, 404, 200],
    REQUEST + "progress/": [302, 403, 200, 404, 200],
    REQUEST + "download/": [302, 403, 200, 404, 200],
}

# Asking for a document: who is refused, and how. The commissioner of area A and the
# assessor may (their success is in test_pages.py).
POSTS = {
    A: [302, 403, None, 404, None],
    B: [302, 403, 404, None, None],
}


@pytest.fixture
def world(area_a, area_b, period, commissioner_a):
    made = make_request(
        area=area_a,
        period=period,
        user=commissioner_a,
        status="ready",
        progress=100,
        content=b"%PDF-1.4 test",
        size=13,
        file_name="return.pdf",
        finished_at=timezone.now(),
    )
    return {
        "area_a": area_a.slug,
        "area_b": area_b.slug,
        "period": period.code,
        "request_a": made.pk,
    }


@pytest.mark.parametrize("url", list(PAGES))
@pytest.mark.parametrize("actor", ACTORS)
def test_pages(client, actors, world, url, actor):
    user = actors[actor]
    if user is not None:
        client.force_login(user)
    expected = PAGES[url][ACTORS.index(actor)]
    response = fetch(client, url.format(**world), status=expected)
    if expected == 302:
        assert response["Location"].startswith("/account/")


REFUSALS = [
    (url, actor, expected)
    for url, statuses in POSTS.items()
    for actor, expected in zip(ACTORS, statuses, strict=True)
    if expected is not None
]


@pytest.mark.parametrize(("url", "actor", "expected"), REFUSALS)
def test_requests_refused_create_nothing(client, actors, world, url, actor, expected):
    from reports.models import ReportRequest

    user = actors[actor]
    if user is not None:
        client.force_login(user)
    before = ReportRequest.objects.count()
    response = client.post(url.format(**world), {"format": "pdf"})
    assert response.status_code == expected, f"{actor} {url}: {response.status_code} != {expected}"
    assert ReportRequest.objects.count() == before


@pytest.mark.django_db
def test_assessor_cannot_see_a_report_of_a_draft(
    client, commissioner_a, assessor, area_a, period, django_capture_on_commit_callbacks
):
    """A draft self-assessment is the commissioner's: a document built from it is too."""
    from assurance.services import assessment_start
    from reports.services import report_request

    draft = assessment_start(area=area_a, period=period, by=commissioner_a)
    with django_capture_on_commit_callbacks(execute=True):
        made = report_request(
            area=area_a, period=period, fmt="xlsx", user=commissioner_a, assessment=draft
        )
    client.force_login(commissioner_a)
    assert client.get(f"/reports/requests/{made.pk}/download/").status_code == 200
    client.force_login(assessor)
    assert client.get(f"/reports/requests/{made.pk}/").status_code == 404
    assert client.get(f"/reports/requests/{made.pk}/download/").status_code == 404

"""The commissioner's list of reports costs the same few queries however many areas
and periods it shows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.html import escape

from assurance.models import SelfAssessment, StandardsEdition
from reference.models import Area
from tests.factories import make_period
from tests.pages import fetch
from tests.published import publish

pytestmark = pytest.mark.django_db


def give_reports(areas, period, earlier):
    """Each area: a self-assessment and a draft report this period, and a withdrawn
    report the period before."""
    edition = StandardsEdition.current()
    for area in areas:
        SelfAssessment.objects.create(area=area, period=period, edition=edition)
        publish(area, period, status="draft")
        publish(area, earlier, status="withdrawn")


def queries_for_home(client) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as captured:
        page = fetch(client, "/publishing/").content.decode()
    return len(captured), page


def test_the_same_queries_for_two_areas_as_for_ten(client, assessor):
    period, earlier = make_period(2026, "H1"), make_period(2025, "H2")
    areas = list(Area.objects.order_by("name")[:10])
    client.force_login(assessor)
    give_reports(areas[:2], period, earlier)
    two, page = queries_for_home(client)
    assert page.count("Withdrawn") == 2
    give_reports(areas[2:], period, earlier)
    ten, page = queries_for_home(client)
    assert page.count("Withdrawn") == 10
    for area in areas:
        assert escape(area.name) in page
    assert ten == two


def test_each_row_says_what_is_submitted_and_published(client, assessor, commissioner_a, submitted):
    from publication.services import report_draft

    report_draft(area=submitted.area, period=submitted.period, by=commissioner_a)
    client.force_login(assessor)
    page = fetch(client, "/publishing/").content.decode()
    assert "Submitted" in page
    assert "Draft" in page and "revision 1" in page

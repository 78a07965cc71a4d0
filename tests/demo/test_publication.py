"""The demo publishes a transparency report for each submitted self-assessment."""

import pytest

from assurance.models import SelfAssessment
from demo.publication import demo_publication
from publication.models import PublishedReport
from tests.pages import fetch

pytestmark = pytest.mark.django_db


def test_the_public_sees_the_demos_reports(client, small_demo):
    submitted = SelfAssessment.objects.filter(status="submitted")
    live = PublishedReport.objects.live()
    assert submitted.exists()
    assert {(r.area_id, r.period_id) for r in live} == {(a.area_id, a.period_id) for a in submitted}
    assert demo_publication() == []  # loaded once
    listing = fetch(client, "/published/").content.decode()
    for report in live:
        assert report.area.name in listing
        page = fetch(client, f"/published/{report.slug}/").content.decode()
        assert "Support is free, it is independent of the police" in page
        assert report.tables, "published with figures"

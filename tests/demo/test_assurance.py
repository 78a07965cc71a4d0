"""The demo data carries the assurance cycle at different stages, built through the services."""

import pytest

from assurance.models import AreaEscalation, SelfAssessment
from assurance.selectors import all_areas_status
from reference.models import Area


@pytest.mark.django_db
def test_demo_areas_at_different_stages_of_the_cycle(small_demo):
    status = {Area.objects.get(pk=k).code: v for k, v in all_areas_status().items()}
    met, wales, leics, west_mids = (
        status[c] for c in ("E23000001", "W15000003", "E23000021", "E23000014")
    )
    assert met["escalation"]["state"] == "suspended"
    assert wales["escalation"]["state"] == "action_plan_agreed"
    assert wales["overdue_actions"] == 1
    assert {n: r["rating"] for n, r in wales["ratings"].items()} == {
        1: "met",
        2: "partly_met",
        3: "evidence_missing",
    }
    assert SelfAssessment.objects.get(area__code="E23000021").status == "draft"
    assert leics["latest_assessment"] is None
    # West Midlands is left for a person to walk through the whole cycle.
    assert (
        west_mids["latest_assessment"] is None
        and not AreaEscalation.objects.filter(area__code="E23000014").exists()
    )

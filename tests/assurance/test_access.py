"""Role × page and role × action for the assurance cycle.

Out of scope is 404, in scope without the permission is 403, signed out is sent to sign in
(docs/adr/0003-access-control.md). Every refused write changes nothing.
"""

import datetime

import pytest

from assurance import services
from tests.assurance.conftest import all_assurance_rows
from tests.pages import fetch

pytestmark = pytest.mark.django_db

ACTORS = ["anonymous", "provider_a", "commissioner_a", "commissioner_b", "assessor"]
A = "/standards/areas/{area_a}/"
P = A + "periods/{period}/"

PAGES = {
    "/standards/": [302, 200, 200, 200, 200],
    A: [302, 403, 200, 404, 200],
    P: [302, 403, 200, 404, 200],
    P + "standards/1/": [302, 403, 200, 404, 200],
    P + "standards/2/": [302, 403, 200, 404, 200],
    P + "standards/3/": [302, 403, 200, 404, 200],
    P + "versions/1/": [302, 403, 200, 404, 200],
    P + "review/": [302, 403, 403, 403, 200],
    A + "workforce/": [302, 200, 200, 404, 200],
    A + "workforce/{period}/office/": [302, 403, 200, 404, 403],
    A + "workforce/{period}/{provider_a}/": [302, 200, 200, 404, 403],
    A + "engagement/": [302, 403, 200, 404, 200],
    A + "engagement/new/": [302, 403, 200, 404, 403],
    A + "outreach/": [302, 200, 200, 404, 200],
    A + "outreach/new/": [302, 200, 200, 404, 403],
    A + "awareness/": [302, 403, 200, 404, 200],
    A + "awareness/new/": [302, 403, 200, 404, 403],
    "/standards/areas/{area_b}/workforce/": [302, 404, 404, 200, 200],
    "/standards/areas/{area_b}/": [302, 403, 404, 200, 200],
}

LATER = datetime.date(2027, 3, 31)


@pytest.fixture
def world(area_a, area_b, provider_a, period, submitted, commissioner_a, assessor):
    """A submitted self-assessment, an open challenge and a proposed plan in area A."""
    challenge = services.challenge_raise(area=area_a, text="Explain the gap", by=assessor)
    action = services.action_add(
        area=area_a,
        description="Translate leaflets",
        owner="OPCC",
        due_date=LATER,
        by=commissioner_a,
    )
    return {
        "area_a": area_a.slug,
        "area_b": area_b.slug,
        "provider_a": provider_a.slug,
        "period": period.code,
        "challenge": challenge.pk,
        "action": action.pk,
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


# url → (form data, expected status per actor). The actor allowed is marked None: its
# success is exercised by test_cycle.py; here only refusals are checked.
ACTIONS = {
    P + "start/": ({}, [302, 403, None, 404, 403]),
    P + "sign-off/": ({}, [302, 403, None, 404, 403]),
    P + "submit/": ({}, [302, 403, None, 404, 403]),
    P + "correct/": ({}, [302, 403, None, 404, 403]),
    P + "review/standards/1/rate/": ({"qs1-rating": "met"}, [302, 403, 403, 403, None]),
    A + "challenges/new/": ({"challenge-text": "Why?"}, [302, 403, 403, 403, None]),
    A + "challenges/{challenge}/respond/": (
        {"challenge-{challenge}-response": "Because"},
        [302, 403, None, 404, 403],
    ),
    A + "challenges/{challenge}/close/": ({}, [302, 403, 403, 403, None]),
    A + "plan/actions/new/": (
        {
            "new-action-description": "x",
            "new-action-owner": "y",
            "new-action-due_date": "31/3/2027",
        },
        [302, 403, None, 404, None],
    ),
    A + "plan/actions/{action}/remove/": ({}, [302, 403, None, 404, None]),
    A + "plan/actions/{action}/status/": (
        {"action-{action}-status": "done"},
        [302, 403, None, 404, None],
    ),
    A + "plan/agree/": ({}, [302, 403, 403, 403, None]),
    A + "plan/revise/": ({}, [302, 403, None, 404, None]),
    A + "escalation/": (
        {"escalation-to": "escalated", "escalation-reason": "r"},
        [302, 403, 403, 403, None],
    ),
    A + "engagement/new/": ({"title": "x"}, [302, 403, None, 404, 403]),
    A + "outreach/new/": ({"description": "x"}, [302, None, None, 404, 403]),
    A + "awareness/new/": ({"measure": "x"}, [302, 403, None, 404, 403]),
    A + "workforce/{period}/office/": ({"notes": "x"}, [302, 403, None, 404, 403]),
    A + "awareness/1/remove/": ({}, [302, 403, None, 404, 403]),
}


REFUSALS = [
    (url, actor, expected)
    for url, (_, statuses) in ACTIONS.items()
    for actor, expected in zip(ACTORS, statuses, strict=True)
    if expected is not None
]


@pytest.mark.parametrize(("url", "actor", "expected"), REFUSALS)
def test_actions_refused_to_the_wrong_role_change_nothing(
    client, actors, world, url, actor, expected
):
    data, _ = ACTIONS[url]
    user = actors[actor]
    if user is not None:
        client.force_login(user)
    before = all_assurance_rows()
    response = client.post(url.format(**world), {k.format(**world): v for k, v in data.items()})
    assert response.status_code == expected, f"{actor} {url}: {response.status_code} != {expected}"
    if expected == 302:
        assert response["Location"].startswith("/account/")
    assert all_assurance_rows() == before


def test_reads_are_scoped(
    area_a,
    area_b,
    provider_a,
    provider_b,
    period,
    commissioner_a,
    commissioner_b,
    provider_a_user,
    provider_b_user,
    assessor,
):
    from assurance.models import OutreachActivity, WorkforceReturn

    services.workforce_record(area=area_a, period=period, counts={}, by=commissioner_a)
    services.workforce_record(
        area=area_a, period=period, provider=provider_a, counts={}, by=provider_a_user
    )
    services.workforce_record(
        area=area_b, period=period, provider=provider_b, counts={}, by=provider_b_user
    )
    services.outreach_record(
        area=area_a,
        by=provider_a_user,
        provider=provider_a,
        held_on=datetime.date(2026, 5, 1),
        channel="faith_setting",
        description="Talk",
        communities="Somali",
    )

    def names(model, user):
        return sorted(
            str(r.area_id) + ":" + str(r.provider_id) for r in model.objects.visible_to(user)
        )

    assert len(names(WorkforceReturn, assessor)) == 3
    assert names(WorkforceReturn, commissioner_a) == sorted(
        [f"{area_a.pk}:None", f"{area_a.pk}:{provider_a.pk}"]
    )
    assert names(WorkforceReturn, provider_a_user) == [f"{area_a.pk}:{provider_a.pk}"]
    assert names(WorkforceReturn, commissioner_b) == [f"{area_b.pk}:{provider_b.pk}"]
    assert names(OutreachActivity, provider_b_user) == []


def test_a_standard_page_before_the_assessment_is_started_leads_to_the_start(
    client, area_a, period, commissioner_a
):
    client.force_login(commissioner_a)
    response = client.get(f"/standards/areas/{area_a.slug}/periods/{period.code}/standards/1/")
    assert response.status_code == 302
    assert response["Location"] == f"/standards/areas/{area_a.slug}/periods/{period.code}/"
    assert (
        client.get(f"/standards/areas/{area_a.slug}/periods/{period.code}/standards/9/").status_code
        == 404
    )
    page = fetch(client, response["Location"]).content.decode()
    assert "Start the self-assessment" in page

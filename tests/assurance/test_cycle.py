"""The whole assurance cycle driven through the pages, as the people would do it.

The commissioner assesses and submits; the assessor rates and challenges; the
commissioner answers and proposes actions; the assessor agrees the plan, escalates,
suspends grant payments, lifts the suspension and resolves. Steps out of order or by the
wrong role are refused on the way, with nothing changed.
"""

from decimal import Decimal

import pytest
from django.core import mail

from assurance import services
from assurance.models import (
    Action,
    ActionPlan,
    Challenge,
    EscalationEvent,
    GrantSuspension,
    Prompt,
    SelfAssessment,
    StandardRating,
)
from assurance.services import escalation_state
from tests.assurance.conftest import all_assurance_rows
from tests.factories import make_membership, make_user
from tests.pages import fetch

pytestmark = pytest.mark.django_db


def _answers(edition, number, text):
    data = {}
    for p in Prompt.objects.filter(
        standard__edition=edition, standard__number=number, answerable=True
    ):
        data[f"answer_{p.pk}"] = f"{text} ({p.number})"
        data[f"links_{p.pk}"] = "https://example.org/needs-assessment"
    return data


CONFIRMED = {"confirm": "on"}  # the declaration of a serious step, ticked


def _post(client, url, data=None, status=302):
    response = client.post(url, data or {})
    assert response.status_code == status, (
        f"{url}: {response.status_code} != {status}\n{response.content[:3000]!r}"
    )
    return response


def test_full_cycle_through_the_pages(
    client,
    area_a,
    period,
    area_a_return,
    commissioner_a,
    assessor,
    django_capture_on_commit_callbacks,
):
    a, p = area_a.slug, period.code
    base = f"/standards/areas/{a}/"
    overview = f"{base}periods/{p}/"

    # The commissioner writes the self-assessment ------------------------------------
    client.force_login(commissioner_a)
    home = fetch(client, "/standards/", title_contains="Quality Standards").content.decode()
    assert overview in home
    fetch(client, overview)
    _post(client, overview + "start/")
    assessment = SelfAssessment.objects.get(area=area_a, period=period)
    page = fetch(
        client, overview + "standards/1/", title_contains="Quality Standard 1"
    ).content.decode()
    assert "What do you know about?" in page and "Who services reach" in page
    assert "Engagement this period" in page

    bad = _answers(assessment.edition, 1, "Answer")
    bad[next(k for k in bad if k.startswith("links_"))] = "not a link"
    response = _post(client, overview + "standards/1/", bad, status=400)
    assert "is not a web address" in response.content.decode()
    assert not assessment.answers.exists()

    for number in (1, 2, 3):
        _post(
            client,
            overview + f"standards/{number}/",
            _answers(assessment.edition, number, "Answer"),
        )
    page = fetch(client, overview + "standards/2/").content.decode()
    assert "Answer (1)" in page and "Workforce diversity" in page

    # Submitting before signing off is refused, with nothing changed.
    before = all_assurance_rows()
    _post(client, overview + "submit/", CONFIRMED, status=409)
    assert all_assurance_rows() == before

    # Signing off: check your answers, then the declaration; without it, nothing changes.
    page = fetch(client, overview + "sign-off/", title_contains="Check your answers")
    assert "I confirm that these answers are complete" in page.content.decode()
    response = _post(client, overview + "sign-off/", status=400)
    assert "Confirm the declaration to continue" in response.content.decode()
    assert all_assurance_rows() == before
    response = client.post(overview + "sign-off/", CONFIRMED, follow=True)
    assert "Version 1 signed off" in response.content.decode()
    fetch(client, overview + "submit/", title_contains="Check before you submit")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(overview + "submit/", CONFIRMED, follow=True)
    assert "submitted to the Ministry of Justice" in response.content.decode()
    assessment.refresh_from_db()
    assert assessment.status == "submitted"
    assert set(assessment.figures) >= {"representation", "workforce", "pathways", "outreach"}
    assert [m.to for m in mail.outbox] == [[assessor.email]]

    # Frozen: a change is refused; a correction is a new version.
    before = all_assurance_rows()
    _post(client, overview + "standards/1/", _answers(assessment.edition, 1, "Changed"), status=409)
    assert all_assurance_rows() == before
    page = fetch(client, overview + "standards/1/").content.decode()
    assert "frozen" in page and "Answer (1a)" in page

    # The assessor reviews, rates and challenges ---------------------------------------
    client.force_login(assessor)
    review = f"{overview}review/"
    page = fetch(client, review, title_contains="review").content.decode()
    assert "Answer (1a)" in page and "Self-assessment submitted" in page  # on the timeline
    _post(client, review + "standards/1/rate/", {"qs1-rating": "met", "next": review})
    response = _post(
        client,
        review + "standards/2/rate/",
        {"qs2-rating": "partly_met", "next": review},
        status=400,
    )
    assert "Say what needs to improve" in response.content.decode()
    _post(
        client,
        review + "standards/2/rate/",
        {"qs2-rating": "partly_met", "qs2-comment": "Senior staff", "next": review},
    )
    _post(
        client,
        review + "standards/3/rate/",
        {"qs3-rating": "evidence_missing", "qs3-comment": "No indicators"},
    )
    assert dict(StandardRating.objects.values_list("standard__number", "rating")) == {
        1: "met",
        2: "partly_met",
        3: "evidence_missing",
    }
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        _post(
            client,
            base + "challenges/new/",
            {
                "challenge-standard": "3",
                "challenge-text": "Show awareness indicators.",
                "period": p,
                "next": review,
            },
        )
    challenge = Challenge.objects.get()
    assert challenge.assessment == assessment and challenge.standard.number == 3
    assert {tuple(m.to) for m in mail.outbox} >= {(commissioner_a.email,)}

    # Wrong order: suspending before escalating is refused, with nothing changed.
    before = all_assurance_rows()
    _post(
        client,
        base + "escalation/",
        {"escalation-to": "suspended", "escalation-reason": "Too soon"},
        status=409,
    )
    assert all_assurance_rows() == before

    # The commissioner answers and proposes actions ------------------------------------
    client.force_login(commissioner_a)
    page = fetch(client, base).content.decode()
    assert "Show awareness indicators." in page and "Challenge raised" in page
    _post(
        client,
        base + f"challenges/{challenge.pk}/respond/",
        {f"challenge-{challenge.pk}-response": "A survey is planned."},
    )
    _post(
        client,
        base + "plan/actions/new/",
        {
            "new-action-description": "Run an awareness survey by ethnic group",
            "new-action-owner": "OPCC insight team",
            "new-action-due_date": "31/3/2027",
        },
    )
    # The commissioner may not agree the plan, nor move the escalation.
    before = all_assurance_rows()
    _post(client, base + "plan/agree/", status=403)
    _post(
        client,
        base + "escalation/",
        {"escalation-to": "resolved", "escalation-reason": "Done"},
        status=403,
    )
    assert all_assurance_rows() == before

    # The assessor agrees the plan and escalates, suspends, lifts, resolves -----------
    client.force_login(assessor)
    _post(client, base + f"challenges/{challenge.pk}/close/")
    _post(
        client,
        base + "plan/actions/new/",
        {
            "new-action-description": "Police introductory script",
            "new-action-owner": "Force lead",
            "new-action-due_date": "30/6/2027",
        },
    )
    _post(client, base + "plan/agree/", {"agree-note": "Timelines agreed at the meeting."})
    assert ActionPlan.objects.get().status == "agreed"

    def step(to, reason):
        page = fetch(client, base).content.decode()
        assert f'value="{to}"' in page  # offered only when allowed
        response = client.post(
            base + "escalation/", {"escalation-to": to, "escalation-reason": reason}, follow=True
        )
        assert "Escalation step recorded" in response.content.decode()

    step("escalated", "No survey after six months.")
    # Suspension: amount, grant reference and date, checked, then a second assessor.
    suspend = base + "suspension/new/"
    details = {
        "amount": "125000.50",
        "grant_reference": "PCC-2026-041",
        "effective_date": "2027-01-01",
        "reason": "Concerns consistently not addressed.",
    }
    assert "Ask to suspend grant payments" in fetch(client, base).content.decode()
    check = client.post(suspend, details)
    assert check.status_code == 200 and "£125,000.50" in check.content.decode()
    assert not GrantSuspension.objects.exists()
    _post(client, suspend, details | {"confirmed": "yes"})
    suspension = GrantSuspension.objects.get()
    assert (suspension.decision, suspension.amount) == ("pending", Decimal("125000.50"))
    assert escalation_state(area_a) == "suspension_pending"
    # The assessor who asked cannot approve it.
    before = all_assurance_rows()
    _post(client, base + f"suspension/{suspension.pk}/decide/", {"decision": "approve"}, 409)
    assert all_assurance_rows() == before
    second = make_user("second.assessor@example.gov.uk")
    make_membership(second, "assessor")
    client.force_login(second)
    page = fetch(client, base).content.decode()
    assert "Suspension waiting for a second assessor" in page and "PCC-2026-041" in page
    response = client.post(
        base + f"suspension/{suspension.pk}/decide/", {"decision": "approve"}, follow=True
    )
    assert "grant payments are suspended from 1 January 2027" in response.content.decode()
    suspension.refresh_from_db()
    assert (suspension.decision, suspension.decided_by) == ("approved", second)
    client.force_login(assessor)
    step("lifted", "Survey commissioned.")
    step("resolved", "Survey published.")
    suspension.refresh_from_db()
    assert suspension.lifted_by == assessor
    steps = [("", "No survey after six months."), ("", "Survey commissioned.")]
    moves = list(EscalationEvent.objects.order_by("at", "pk").values_list("to_state", flat=True))
    assert moves == [
        "challenged",
        "action_plan_agreed",
        "escalated",
        "suspension_pending",
        "suspended",
        "lifted",
        "resolved",
    ]

    # Both sides see the timeline; the commissioner records progress ------------------
    client.force_login(commissioner_a)
    page = fetch(client, base).content.decode()
    assert "moj-timeline" in page
    for _, reason in steps:
        assert reason in page
    action = Action.objects.get(description__startswith="Run an awareness")
    _post(
        client, base + f"plan/actions/{action.pk}/status/", {f"action-{action.pk}-status": "done"}
    )
    action.refresh_from_db()
    assert action.status == "done"

    # A correction: version 2, submitted, replaces version 1.
    _post(client, overview + "correct/")
    _post(client, overview + "standards/3/", _answers(assessment.edition, 3, "Corrected"))
    _post(client, overview + "sign-off/", CONFIRMED)
    _post(client, overview + "submit/", CONFIRMED)
    versions = dict(SelfAssessment.objects.values_list("version", "status"))
    assert versions == {1: "superseded", 2: "submitted"}
    fetch(client, overview + "versions/1/")


WRONG_ORDER = [
    ("none", "suspended"),
    ("none", "resolved"),
    ("challenged", "lifted"),
    ("challenged", "action_plan_agreed"),
    ("escalated", "lifted"),
    ("suspended", "resolved"),
    ("suspended", "escalated"),
    ("resolved", "none"),
    ("lifted", "suspended"),
]


@pytest.mark.parametrize(("current", "to"), WRONG_ORDER, ids="→".join)
def test_steps_out_of_order_are_refused_through_the_page(client, area_a, assessor, current, to):
    from assurance.models import AreaEscalation
    from tests.pages import check_page

    AreaEscalation.objects.create(area=area_a, state=current)
    client.force_login(assessor)
    before = all_assurance_rows()
    response = client.post(
        f"/standards/areas/{area_a.slug}/escalation/",
        {"escalation-to": to, "escalation-reason": "Trying"},
    )
    assert response.status_code == 409
    html = response.content.decode()
    check_page(html, title_contains="could not be done")
    assert "Nothing was changed." in html
    assert all_assurance_rows() == before


def test_the_controls_offer_only_the_allowed_steps(client, area_a, assessor, commissioner_a):
    from assurance.models import AreaEscalation

    AreaEscalation.objects.create(area=area_a, state="escalated")
    client.force_login(assessor)
    page = fetch(client, f"/standards/areas/{area_a.slug}/").content.decode()
    assert "Ask to suspend grant payments" in page and 'value="resolved"' in page
    assert 'value="suspended"' not in page  # only through a second assessor's approval
    assert 'value="lifted"' not in page and 'value="action_plan_agreed"' not in page
    client.force_login(commissioner_a)
    page = fetch(client, f"/standards/areas/{area_a.slug}/").content.decode()
    assert 'name="escalation-to"' not in page and "Grant payments suspended" not in page


def test_a_step_without_a_reason_shows_the_form_again(client, area_a, period, assessor, submitted):
    client.force_login(assessor)
    review = f"/standards/areas/{area_a.slug}/periods/{period.code}/review/"
    before = all_assurance_rows()
    response = client.post(
        f"/standards/areas/{area_a.slug}/escalation/",
        {"escalation-to": "challenged", "escalation-reason": "", "next": review},
    )
    assert response.status_code == 400
    html = response.content.decode()
    from tests.pages import check_page

    check_page(html, title_contains="review")
    assert "There is a problem" in html and 'value="challenged"' in html
    assert all_assurance_rows() == before


def test_the_assessor_sees_areas_needing_review_first(client, area_a, assessor, submitted):
    client.force_login(assessor)
    page = fetch(client, "/standards/").content.decode()
    assert page.count("Needs review") == 1
    assert page.index("West Midlands") < page.index("Avon and Somerset")
    for standard in submitted.edition.standards.all():
        services.assessment_rate(
            assessment=submitted, standard=standard, rating="met", comment="", by=assessor
        )
    assert "Needs review" not in fetch(client, "/standards/").content.decode()


@pytest.mark.parametrize("where", ["review", "area"])
def test_a_form_shown_again_sends_the_others_back_to_the_page(
    client, area_a, period, assessor, submitted, where
):
    """After an error the page is at the URL it was posted to, which answers only POST:
    the other forms on it must still go back to the page itself, not there."""
    client.force_login(assessor)
    base = f"/standards/areas/{area_a.slug}/"
    url = f"{base}periods/{period.code}/review/" if where == "review" else base
    response = client.post(
        f"{base}escalation/", {"escalation-to": "challenged", "escalation-reason": "", "next": url}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert f'name="next" value="{url}"' in html
    assert f'value="{base}escalation/"' not in html
    # The next step taken from that page comes back to it.
    response = client.post(
        f"{base}escalation/",
        {"escalation-to": "challenged", "escalation-reason": "Why", "next": url},
    )
    assert response.status_code == 302 and response.url.startswith(url)


def test_an_error_on_the_review_page_is_summarised_at_the_top(
    client, area_a, period, assessor, submitted
):
    """Three rating forms and more on one long page: the error summary comes first
    (GOV.UK), the title starts "Error:", and each message says what to do."""
    from tests.pages import check_page

    client.force_login(assessor)
    review = f"/standards/areas/{area_a.slug}/periods/{period.code}/review/"
    html = fetch(client, review).content.decode()
    assert "Is Quality Standard 2 met?" in html
    response = client.post(review + "standards/2/rate/", {"next": review})
    assert response.status_code == 400
    html = response.content.decode()
    check_page(html, title_contains="Error: ")
    assert html.count("There is a problem") == 1
    assert html.index("There is a problem") < html.index("<h1")
    assert "Choose a rating for Quality Standard 2" in html
    response = client.post(
        f"/standards/areas/{area_a.slug}/escalation/",
        {"escalation-to": "challenged", "escalation-reason": "", "next": review},
    )
    html = response.content.decode()
    assert html.index("Give the reason for this step") < html.index("<h1")


def test_the_assessor_sees_periods_by_name(client, area_a, period, assessor, submitted):
    client.force_login(assessor)
    page = fetch(client, "/standards/").content.decode()
    assert f"{period.label}, version 1" in page


def test_an_evidence_page_leads_back_to_the_self_assessment(
    client, area_a, period, commissioner_a, provider_a_user
):
    client.force_login(commissioner_a)
    base = f"/standards/areas/{area_a.slug}/"
    back = f'href="{base}periods/{period.code}/"'
    for page in ("engagement", "outreach", "workforce", "awareness"):
        assert back in fetch(client, f"{base}{page}/?period={period.code}").content.decode()
    # Not when no period was chosen, nor for a provider, who does not see it.
    assert "govuk-back-link" not in fetch(client, f"{base}engagement/").content.decode()
    client.force_login(provider_a_user)
    page = fetch(client, f"{base}outreach/?period={period.code}").content.decode()
    assert "govuk-back-link" not in page

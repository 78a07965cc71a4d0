"""Escalation, challenges and action plans: every step by the right role in the right
order, and every other step refused with nothing changed (assurance/workflow.py)."""

import datetime
import itertools

import pytest

from accounts.authorization import Permission
from assurance import services
from assurance.models import Action, ActionPlan, AreaEscalation, Challenge, EscalationState
from assurance.workflow import ESCALATION_STEPS, escalation_next_steps
from tests.assurance.conftest import all_assurance_rows

pytestmark = pytest.mark.django_db
E = EscalationState
LATER = datetime.date(2027, 3, 31)


def _set_state(area, state):
    AreaEscalation.objects.update_or_create(area=area, defaults={"state": state})


def _state(area):
    return services.escalation_state(area)


CONTROL_STEPS = [k for k, p in ESCALATION_STEPS.items() if p == Permission.ESCALATION_ADVANCE]
PLAN_STEPS = [k for k, p in ESCALATION_STEPS.items() if p == Permission.ACTION_PLAN_AGREE]
NOT_ALLOWED = [
    (a, b) for a, b in itertools.product(E.values, E.values) if (a, b) not in ESCALATION_STEPS
]


def test_the_path_of_the_issue_is_allowed():
    path = [
        E.NONE,
        E.CHALLENGED,
        E.ACTION_PLAN_AGREED,
        E.ESCALATED,
        E.SUSPENSION_PENDING,
        E.SUSPENDED,
        E.LIFTED,
        E.RESOLVED,
    ]
    assert all(step in ESCALATION_STEPS for step in itertools.pairwise(path))


@pytest.mark.parametrize("step", CONTROL_STEPS, ids="→".join)
def test_each_control_step_is_the_assessors(step, area_a, assessor, commissioner_a):
    current, to = step
    _set_state(area_a, current)
    before = all_assurance_rows()
    with pytest.raises(services.NotPermitted):
        services.escalation_advance(area=area_a, to=to, reason="Because", by=commissioner_a)
    assert all_assurance_rows() == before
    event = services.escalation_advance(area=area_a, to=to, reason="Because", by=assessor)
    assert (event.from_state, event.to_state, event.by, event.reason) == (
        current,
        to,
        assessor,
        "Because",
    )
    assert _state(area_a) == to


@pytest.mark.parametrize("step", NOT_ALLOWED, ids="→".join)
def test_every_other_step_is_refused_and_changes_nothing(step, area_a, assessor):
    current, to = step
    _set_state(area_a, current)
    before = all_assurance_rows()
    with pytest.raises(services.Refused):
        services.escalation_advance(area=area_a, to=to, reason="Because", by=assessor)
    assert all_assurance_rows() == before


@pytest.mark.parametrize("step", PLAN_STEPS, ids="→".join)
def test_action_plan_agreed_is_reached_only_by_agreeing_a_plan(step, area_a, assessor):
    current, to = step
    _set_state(area_a, current)
    before = all_assurance_rows()
    with pytest.raises(services.Refused, match="agreeing an action plan"):
        services.escalation_advance(area=area_a, to=to, reason="Because", by=assessor)
    assert all_assurance_rows() == before
    assert to not in dict(escalation_next_steps(current, assessor, area_a))
    action = services.action_add(
        area=area_a, description="Fund outreach", owner="OPCC", due_date=LATER, by=assessor
    )
    services.action_plan_agree(plan=action.plan, by=assessor)
    assert _state(area_a) == E.ACTION_PLAN_AGREED


def test_a_step_needs_a_reason(area_a, assessor):
    before = all_assurance_rows()
    with pytest.raises(services.Refused, match="reason"):
        services.escalation_advance(area=area_a, to=E.CHALLENGED, reason="  ", by=assessor)
    assert all_assurance_rows() == before


def test_the_controls_offer_only_allowed_steps_to_the_assessor(area_a, assessor, commissioner_a):
    # Suspension is asked for on its own page and approved by a second assessor.
    assert escalation_next_steps(E.ESCALATED, assessor, area_a) == [(E.RESOLVED, "Resolved")]
    assert escalation_next_steps(E.SUSPENSION_PENDING, assessor, area_a) == []
    assert escalation_next_steps(E.SUSPENDED, assessor, area_a) == [(E.LIFTED, "Suspension lifted")]
    assert escalation_next_steps(E.ESCALATED, commissioner_a, area_a) == []


# Challenges ---------------------------------------------------------------------------


def test_a_challenge_moves_an_area_with_no_concerns_to_challenged(area_a, assessor, submitted):
    qs1 = submitted.edition.standards.get(number=1)
    challenge = services.challenge_raise(
        area=area_a,
        text="Where is the engagement?",
        by=assessor,
        assessment=submitted,
        standard=qs1,
    )
    assert _state(area_a) == E.CHALLENGED
    event = area_a_events(area_a)[0]
    assert event.reason == "Challenge raised: Where is the engagement?"
    # A second challenge leaves the state alone.
    services.challenge_raise(area=area_a, text="And the workforce?", by=assessor)
    assert len(area_a_events(area_a)) == 1
    assert challenge.status == Challenge.Status.OPEN


def area_a_events(area):
    from assurance.models import EscalationEvent

    return list(EscalationEvent.objects.filter(area=area))


def test_challenge_answered_then_closed(area_a, assessor, commissioner_a, commissioner_b):
    challenge = services.challenge_raise(area=area_a, text="Explain", by=assessor)
    before = all_assurance_rows()
    for user in (assessor, commissioner_b):
        with pytest.raises(services.NotPermitted):
            services.challenge_respond(challenge=challenge, response="Here", by=user)
    with pytest.raises(services.NotPermitted):
        services.challenge_close(challenge=challenge, by=commissioner_a)
    assert all_assurance_rows() == before
    services.challenge_respond(challenge=challenge, response="Here it is", by=commissioner_a)
    with pytest.raises(services.Refused):
        services.challenge_respond(challenge=challenge, response="Again", by=commissioner_a)
    services.challenge_close(challenge=challenge, by=assessor)
    challenge.refresh_from_db()
    assert (challenge.status, challenge.response) == (Challenge.Status.CLOSED, "Here it is")
    before = all_assurance_rows()
    with pytest.raises(services.Refused):
        services.challenge_close(challenge=challenge, by=assessor)
    assert all_assurance_rows() == before


def test_only_a_submitted_assessment_is_challenged(area_a, period, assessor, commissioner_a):
    draft = services.assessment_start(area=area_a, period=period, by=commissioner_a)
    with pytest.raises(services.Refused):
        services.challenge_raise(area=area_a, text="x", by=assessor, assessment=draft)


# Action plans -------------------------------------------------------------------------


def test_a_plan_is_proposed_by_either_side_and_agreed_by_the_assessor(
    area_a, assessor, commissioner_a
):
    services.challenge_raise(area=area_a, text="Improve awareness", by=assessor)
    a1 = services.action_add(
        area=area_a,
        description="Translate leaflets",
        owner="Comms",
        due_date=LATER,
        by=commissioner_a,
    )
    services.action_add(
        area=area_a, description="Police script", owner="OPCC", due_date=LATER, by=assessor
    )
    before = all_assurance_rows()
    with pytest.raises(services.NotPermitted):
        services.action_plan_agree(plan=a1.plan, by=commissioner_a)
    with pytest.raises(services.Refused, match="agreed plan"):
        services.action_update(action=a1, status="done", by=commissioner_a)
    assert all_assurance_rows() == before
    services.action_plan_agree(plan=a1.plan, by=assessor, note="Good plan")
    assert _state(area_a) == E.ACTION_PLAN_AGREED
    # Agreed: frozen for additions, open to progress.
    before = all_assurance_rows()
    with pytest.raises(services.Refused, match="Start a revision"):
        services.action_add(
            area=area_a, description="More", owner="X", due_date=LATER, by=commissioner_a
        )
    with pytest.raises(services.Refused):
        services.action_plan_agree(plan=a1.plan, by=assessor)
    assert all_assurance_rows() == before
    services.action_update(action=a1, status="done", by=commissioner_a)
    a1.refresh_from_db()
    assert a1.status == "done" and a1.done_at


def test_a_revision_carries_the_actions_not_done_and_replaces_the_plan_when_agreed(
    area_a, assessor, commissioner_a
):
    _set_state(area_a, E.CHALLENGED)
    done = services.action_add(
        area=area_a, description="Done one", owner="A", due_date=LATER, by=commissioner_a
    )
    services.action_add(
        area=area_a, description="Open one", owner="B", due_date=LATER, by=commissioner_a
    )
    services.action_plan_agree(plan=done.plan, by=assessor)
    services.action_update(action=done, status="done", by=assessor)
    revision = services.action_plan_revise(area=area_a, by=commissioner_a)
    assert list(revision.actions.values_list("description", flat=True)) == ["Open one"]
    services.action_add(
        area=area_a, description="New one", owner="C", due_date=LATER, by=commissioner_a
    )
    services.action_plan_agree(plan=revision, by=assessor)
    statuses = dict(ActionPlan.objects.filter(area=area_a).values_list("revision", "status"))
    assert statuses == {1: "replaced", 2: "agreed"}
    # Already at "action plan agreed": no second escalation step.
    assert _state(area_a) == E.ACTION_PLAN_AGREED


def test_a_plan_answers_a_challenge(area_a, assessor):
    action = services.action_add(
        area=area_a, description="x", owner="y", due_date=LATER, by=assessor
    )
    before = all_assurance_rows()
    with pytest.raises(services.Refused, match="raise a challenge"):
        services.action_plan_agree(plan=action.plan, by=assessor)
    assert all_assurance_rows() == before


def test_an_empty_plan_cannot_be_agreed(area_a, assessor):
    _set_state(area_a, E.CHALLENGED)
    action = services.action_add(
        area=area_a, description="x", owner="y", due_date=LATER, by=assessor
    )
    services.action_remove(action=action, by=assessor)
    with pytest.raises(services.Refused, match="at least one action"):
        services.action_plan_agree(plan=action.plan, by=assessor)


def test_providers_and_other_areas_touch_no_plan(area_a, provider_a_user, commissioner_b):
    for user in (provider_a_user, commissioner_b):
        with pytest.raises(services.NotPermitted):
            services.action_add(area=area_a, description="x", owner="y", due_date=LATER, by=user)
    assert not Action.objects.exists()


def test_overdue(area_a, assessor):
    action = services.action_add(
        area=area_a, description="x", owner="y", due_date=datetime.date(2020, 1, 1), by=assessor
    )
    assert action.is_overdue
    assert not action.is_overdue_on(datetime.date(2019, 12, 31))


def test_a_step_already_taken_says_so(area_a, assessor):
    """Most often a page out of date: the refusal says the step has been taken."""
    _set_state(area_a, E.SUSPENDED)
    with pytest.raises(services.Refused, match="already “grant payments suspended”"):
        services.escalation_advance(area=area_a, to=E.SUSPENDED, reason="Again", by=assessor)

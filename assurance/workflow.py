"""Every status change of the assurance cycle: one table and one function per workflow.

Each workflow's transitions live in one function with an allowed-transitions table
(docs/architecture.md, "Statuses and workflows"). A move not in the table raises
`Refused` and changes nothing; a move by someone whose role lacks the table's permission
for that area raises `NotPermitted` (a 403).

Escalation (the guidance, Executive summary: "challenge areas that are insufficient ...
putting in place timelines, action plans for improvement, escalating concerns where
necessary, and suspending grant payments ... where concerns are consistently not
addressed"). Decisions, recorded here so they are not undone by accident:
- the assessor (ESCALATION_ADVANCE) makes every step but one, each with a reason;
- "action plan agreed" is reached only by agreeing a plan (ACTION_PLAN_AGREE, the
  assessor, in `action_plan_agree`), never by the escalation controls;
- raising a challenge on an area with no open concerns moves it to "challenged";
- suspension is asked for only from "escalated", with the amount, the grant reference
  and the effective date (SUSPENSION_REQUEST); it waits in "suspension pending" until a
  second assessor approves it (SUSPENSION_APPROVE; never the one who asked: four eyes,
  also a database constraint on GrantSuspension), or it goes back to "escalated" when
  turned down or withdrawn; a suspension ends only by being lifted;
- "resolved" can be reached once concerns are addressed, but never while payments are
  suspended; a resolved area can be challenged again (a new cycle).
The commissioner never moves the state: their part is to answer challenges and propose
and carry out actions.
"""

from django.core.exceptions import PermissionDenied
from django.utils import timezone

from accounts.authorization import Permission, has_permission
from assurance.models import (
    ActionPlan,
    AreaEscalation,
    Challenge,
    EscalationEvent,
    EscalationState,
    SelfAssessment,
)
from core.audit import audit


class Refused(Exception):
    """The step is not allowed now (wrong order, or the record is frozen). Nothing changed."""


class NotPermitted(PermissionDenied):
    """The person's role may not take this step for this area. Nothing changed."""


E = EscalationState
ESCALATION_STEPS: dict[tuple[str, str], Permission] = {
    (E.NONE, E.CHALLENGED): Permission.ESCALATION_ADVANCE,
    (E.RESOLVED, E.CHALLENGED): Permission.ESCALATION_ADVANCE,
    (E.CHALLENGED, E.ACTION_PLAN_AGREED): Permission.ACTION_PLAN_AGREE,
    (E.ESCALATED, E.ACTION_PLAN_AGREED): Permission.ACTION_PLAN_AGREE,
    (E.CHALLENGED, E.ESCALATED): Permission.ESCALATION_ADVANCE,
    (E.ACTION_PLAN_AGREED, E.ESCALATED): Permission.ESCALATION_ADVANCE,
    (E.LIFTED, E.ESCALATED): Permission.ESCALATION_ADVANCE,
    (E.ESCALATED, E.SUSPENSION_PENDING): Permission.SUSPENSION_REQUEST,
    (E.SUSPENSION_PENDING, E.SUSPENDED): Permission.SUSPENSION_APPROVE,
    (E.SUSPENSION_PENDING, E.ESCALATED): Permission.SUSPENSION_APPROVE,
    (E.SUSPENDED, E.LIFTED): Permission.ESCALATION_ADVANCE,
    (E.CHALLENGED, E.RESOLVED): Permission.ESCALATION_ADVANCE,
    (E.ACTION_PLAN_AGREED, E.RESOLVED): Permission.ESCALATION_ADVANCE,
    (E.ESCALATED, E.RESOLVED): Permission.ESCALATION_ADVANCE,
    (E.LIFTED, E.RESOLVED): Permission.ESCALATION_ADVANCE,
}

S = SelfAssessment.Status
ASSESSMENT_STEPS: dict[tuple[str, str], Permission] = {
    (S.DRAFT, S.SIGNED_OFF): Permission.ASSESSMENT_SUBMIT,
    (S.SIGNED_OFF, S.DRAFT): Permission.ASSESSMENT_EDIT,  # a change withdraws the sign-off
    (S.SIGNED_OFF, S.SUBMITTED): Permission.ASSESSMENT_SUBMIT,
    (S.SUBMITTED, S.SUPERSEDED): Permission.ASSESSMENT_SUBMIT,  # its correction was submitted
}

C = Challenge.Status
CHALLENGE_STEPS: dict[tuple[str, str], Permission] = {
    (C.OPEN, C.ANSWERED): Permission.CHALLENGE_RESPOND,
    (C.ANSWERED, C.CLOSED): Permission.CHALLENGE_WRITE,
    (C.OPEN, C.CLOSED): Permission.CHALLENGE_WRITE,  # withdrawn by the assessor
}

P = ActionPlan.Status
PLAN_STEPS: dict[tuple[str, str], Permission] = {
    (P.PROPOSED, P.AGREED): Permission.ACTION_PLAN_AGREE,
    (P.AGREED, P.REPLACED): Permission.ACTION_PLAN_AGREE,  # its revision was agreed
}


def _label(choices, value) -> str:
    return choices(value).label.lower() if value in choices.values else str(value)


def _check_step(table, choices, current, to, by, area, what: str) -> Permission:
    permission = table.get((current, to))
    if permission is None and current == to:
        # Most often a page out of date: someone took the step since it was loaded.
        raise Refused(
            f"The {what} is already “{_label(choices, current)}”: the step may have been "
            "taken since the page was loaded. Go back to see where it stands."
        )
    if permission is None:
        allowed = [_label(choices, b) for (a, b) in table if a == current]
        raise Refused(
            f"The {what} cannot go from “{_label(choices, current)}” to “{_label(choices, to)}”. "
            + (
                "From here it can go to: " + ", ".join(f"“{s}”" for s in allowed) + "."
                if allowed
                else "Nothing further can be done to it."
            )
        )
    if not has_permission(by, permission, area=area):
        raise NotPermitted(f"Your role may not move the {what} to “{_label(choices, to)}”.")
    return permission


def escalation_next_steps(state: str, user, area) -> list[tuple[str, str]]:
    """The steps the escalation controls offer this person (never "action plan agreed")."""
    return [
        (to, E(to).label)
        for (current, to), permission in ESCALATION_STEPS.items()
        if current == state
        and permission == Permission.ESCALATION_ADVANCE
        and has_permission(user, permission, area=area)
    ]


def escalation_move(*, area, to: str, by, reason: str, via: Permission) -> EscalationEvent:
    """The one place an area's escalation state changes. Call inside a transaction.

    `via` is the permission the calling service acts under: the escalation controls act
    under ESCALATION_ADVANCE, agreeing a plan under ACTION_PLAN_AGREE. A step whose table
    permission differs from `via` is refused, so "action plan agreed" cannot be reached
    from the escalation controls.
    """
    reason = (reason or "").strip()
    if not reason:
        raise Refused("Give a reason for this step: it is shown to both sides on the timeline.")
    AreaEscalation.objects.get_or_create(area=area)
    record = AreaEscalation.objects.select_for_update().get(area=area)
    permission = _check_step(
        ESCALATION_STEPS, E, record.state, to, by, area, "area's escalation state"
    )
    if permission != via:
        raise Refused(
            f"“{E(to).label}” is reached by agreeing an action plan, not from the escalation controls."
            if to == E.ACTION_PLAN_AGREED
            else f"“{E(to).label}” cannot be reached this way."
        )
    now = timezone.now()
    event = EscalationEvent.objects.create(
        area=area, from_state=record.state, to_state=to, by=by, at=now, reason=reason
    )
    record.state, record.changed_at = to, now
    record.save(update_fields=["state", "changed_at"])
    audit(
        by=by,
        area=area,
        verb="escalation_step",
        target=event,
        summary=f"{E(event.from_state).label} → {E(to).label}: {reason}",
    )
    return event


def assessment_move(assessment: SelfAssessment, to: str, by) -> None:
    """Change a self-assessment's status (the caller saves). Fills the paired fields."""
    _check_step(ASSESSMENT_STEPS, S, assessment.status, to, by, assessment.area, "self-assessment")
    now = timezone.now()
    if to == S.SIGNED_OFF:
        assessment.signed_off_by, assessment.signed_off_at = by, now
    elif to == S.DRAFT:
        assessment.signed_off_by = assessment.signed_off_at = None
    elif to == S.SUBMITTED:
        assessment.submitted_by, assessment.submitted_at = by, now
    assessment.status = to


def challenge_move(challenge: Challenge, to: str, by) -> None:
    """Change a challenge's status (the caller saves). Fills the paired fields."""
    _check_step(CHALLENGE_STEPS, C, challenge.status, to, by, challenge.area, "challenge")
    now = timezone.now()
    if to == C.ANSWERED:
        challenge.responded_by, challenge.responded_at = by, now
    elif to == C.CLOSED:
        challenge.closed_by, challenge.closed_at = by, now
    challenge.status = to


def plan_move(plan: ActionPlan, to: str, by) -> None:
    """Change an action plan's status (the caller saves)."""
    _check_step(PLAN_STEPS, P, plan.status, to, by, plan.area, "action plan")
    if to == P.AGREED:
        plan.agreed_by, plan.agreed_at = by, timezone.now()
    plan.status = to

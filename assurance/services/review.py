"""Writes of the Ministry of Justice review: challenges, action plans, escalation.

The order of things is in assurance/workflow.py (tables of allowed moves); these
services add the checks that need the database (a plan with no actions cannot be agreed;
an agreed plan is frozen until revised) and write the audit record and the emails.
"""

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from accounts.authorization import Permission, has_permission
from assurance import notifications
from assurance.models import (
    Action,
    ActionPlan,
    ActionReminder,
    AreaEscalation,
    Challenge,
    EscalationState,
    GrantSuspension,
    SelfAssessment,
)
from assurance.services._common import Refused, clean_text, require
from assurance.workflow import challenge_move, escalation_move, plan_move
from core.audit import audit

E = EscalationState
P = ActionPlan.Status
REMINDER_DAYS = 7


def escalation_state(area) -> str:
    record = AreaEscalation.objects.filter(area=area).first()
    return record.state if record else E.NONE


# Challenges ---------------------------------------------------------------------------


def challenge_raise(*, area, text: str, by, assessment=None, standard=None) -> Challenge:
    """The assessor challenges an area; an area with no concerns open becomes "challenged"."""
    require(by, Permission.CHALLENGE_WRITE, area=area)
    text = clean_text(text, "the challenge")
    if assessment is not None:
        if assessment.area_id != area.pk:
            raise Refused("That self-assessment is not this area's.")
        if assessment.status not in (
            SelfAssessment.Status.SUBMITTED,
            SelfAssessment.Status.SUPERSEDED,
        ):
            raise Refused("Only a submitted self-assessment can be challenged.")
        if standard is not None and standard.edition_id != assessment.edition_id:
            raise Refused("That standard is not in the edition this self-assessment answers.")
    with transaction.atomic():
        challenge = Challenge.objects.create(
            area=area,
            assessment=assessment,
            standard=standard,
            text=text,
            raised_by=by,
            raised_at=timezone.now(),
        )
        audit(by=by, area=area, verb="challenge_raise", target=challenge, summary=text)
        if escalation_state(area) in (E.NONE, E.RESOLVED) and has_permission(
            by, Permission.ESCALATION_ADVANCE, area=area
        ):
            event = escalation_move(
                area=area,
                to=E.CHALLENGED,
                by=by,
                reason=f"Challenge raised: {text}",
                via=Permission.ESCALATION_ADVANCE,
            )
            notifications.escalation_moved(event)
        notifications.challenge_raised(challenge)
    return challenge


def _locked_challenge(challenge: Challenge) -> Challenge:
    return Challenge.objects.select_for_update().select_related("area").get(pk=challenge.pk)


def challenge_respond(*, challenge: Challenge, response: str, by) -> Challenge:
    require(by, Permission.CHALLENGE_RESPOND, area=challenge.area)
    response = clean_text(response, "your answer to the challenge")
    with transaction.atomic():
        challenge = _locked_challenge(challenge)
        challenge_move(challenge, Challenge.Status.ANSWERED, by)
        challenge.response = response
        challenge.save()
        audit(
            by=by, area=challenge.area, verb="challenge_respond", target=challenge, summary=response
        )
        notifications.challenge_answered(challenge)
    return challenge


def challenge_close(*, challenge: Challenge, by) -> Challenge:
    require(by, Permission.CHALLENGE_WRITE, area=challenge.area)
    with transaction.atomic():
        challenge = _locked_challenge(challenge)
        challenge_move(challenge, Challenge.Status.CLOSED, by)
        challenge.save()
        audit(by=by, area=challenge.area, verb="challenge_close", target=challenge)
    return challenge


# Action plans -------------------------------------------------------------------------

PLAN_WRITERS = (Permission.ACTION_PLAN_PROPOSE, Permission.ACTION_PLAN_AGREE)


def _plans(area) -> dict[str, ActionPlan]:
    """The area's live plans by status, locked, and the next revision number.

    Read into Python: PostgreSQL refuses FOR UPDATE with an aggregate or EXISTS.
    """
    plans = list(ActionPlan.objects.select_for_update().filter(area=area).order_by("revision"))
    live = {p.status: p for p in plans if p.status != P.REPLACED}
    live["next_revision"] = (plans[-1].revision if plans else 0) + 1
    return live


def action_add(*, area, description: str, owner: str, due_date: datetime.date, by) -> Action:
    """Add an action to the area's proposed plan (started if there is none)."""
    require(by, *PLAN_WRITERS, area=area)
    description = clean_text(description, "what the action is")
    owner = clean_text(owner, "who owns the action")
    with transaction.atomic():
        plans = _plans(area)
        plan = plans.get(P.PROPOSED)
        if plan is None:
            if P.AGREED in plans:
                raise Refused(
                    "The agreed action plan is frozen. Start a revision to add or change actions."
                )
            plan = ActionPlan.objects.create(
                area=area,
                revision=plans["next_revision"],
                created_by=by,
                created_at=timezone.now(),
            )
        now = timezone.now()
        action = Action.objects.create(
            plan=plan,
            description=description,
            owner=owner,
            due_date=due_date,
            created_by=by,
            created_at=now,
            updated_by=by,
            updated_at=now,
        )
        audit(by=by, area=area, verb="action_add", target=plan, summary=description)
    return action


def action_remove(*, action: Action, by) -> None:
    """Take an action out of a plan that is still only proposed."""
    area = action.plan.area
    require(by, *PLAN_WRITERS, area=area)
    with transaction.atomic():
        action = Action.objects.select_for_update().select_related("plan").get(pk=action.pk)
        if action.plan.status != P.PROPOSED:
            raise Refused("Actions of an agreed plan cannot be removed: start a revision.")
        audit(
            by=by, area=area, verb="action_remove", target=action.plan, summary=action.description
        )
        action.delete()


def action_plan_agree(*, plan: ActionPlan, by, note: str = "") -> ActionPlan:
    """The assessor agrees the proposed plan; the area moves to "action plan agreed"."""
    area = plan.area
    require(by, Permission.ACTION_PLAN_AGREE, area=area)
    with transaction.atomic():
        plan = ActionPlan.objects.select_for_update().get(pk=plan.pk)
        if plan.status == P.PROPOSED and not plan.actions.exists():
            raise Refused("Add at least one action before agreeing the plan.")
        state = escalation_state(area)
        if state in (E.NONE, E.RESOLVED):
            raise Refused(
                "An action plan answers a challenge: raise a challenge before agreeing a plan."
            )
        agreed = _plans(area).get(P.AGREED)
        previous = [agreed] if agreed is not None and agreed.pk != plan.pk else []
        plan_move(plan, P.AGREED, by)
        for old in previous:
            plan_move(old, P.REPLACED, by)
            old.save()
        plan.save()
        count = plan.actions.count()
        summary = f"Revision {plan.revision} agreed with {count} action{'s' if count != 1 else ''}"
        note = (note or "").strip()
        audit(by=by, area=area, verb="action_plan_agree", target=plan, summary=summary)
        if state in (E.CHALLENGED, E.ESCALATED):
            event = escalation_move(
                area=area,
                to=E.ACTION_PLAN_AGREED,
                by=by,
                reason=f"{summary}. {note}".strip(),
                via=Permission.ACTION_PLAN_AGREE,
            )
            notifications.escalation_moved(event)
    return plan


def action_plan_revise(*, area, by) -> ActionPlan:
    """Start a revision of the agreed plan, carrying over the actions not yet done."""
    require(by, *PLAN_WRITERS, area=area)
    with transaction.atomic():
        plans = _plans(area)
        if P.PROPOSED in plans:
            raise Refused("A revision is already proposed: add to that one.")
        agreed = plans.get(P.AGREED)
        if agreed is None:
            raise Refused("There is no agreed plan to revise.")
        now = timezone.now()
        plan = ActionPlan.objects.create(
            area=area, revision=agreed.revision + 1, created_by=by, created_at=now
        )
        Action.objects.bulk_create(
            Action(
                plan=plan,
                description=a.description,
                owner=a.owner,
                due_date=a.due_date,
                status=a.status,
                carried_from=a,
                created_by=by,
                created_at=now,
                updated_by=by,
                updated_at=now,
            )
            for a in agreed.actions.exclude(status=Action.Status.DONE)
        )
        audit(by=by, area=area, verb="action_plan_revise", target=plan)
    return plan


def action_update(*, action: Action, status: str, by) -> Action:
    """Either side records progress on an action of the agreed plan."""
    area = action.plan.area
    require(by, Permission.ACTION_UPDATE, area=area)
    if status not in Action.Status.values:
        raise Refused(f"Unknown status {status!r}.")
    with transaction.atomic():
        action = Action.objects.select_for_update().select_related("plan").get(pk=action.pk)
        if action.plan.status != P.AGREED:
            raise Refused(
                "Progress is recorded against the agreed plan only."
                if action.plan.status == P.PROPOSED
                else "This plan has been replaced by a revision: update the action there."
            )
        if action.status == status:
            return action
        old = action.get_status_display()
        action.status = status
        action.done_at = timezone.now() if status == Action.Status.DONE else None
        action.updated_by, action.updated_at = by, timezone.now()
        action.save()
        audit(
            by=by,
            area=area,
            verb="action_update",
            target=action,
            summary=f"{old} → {action.get_status_display()}",
        )
    return action


# Escalation ---------------------------------------------------------------------------


def escalation_advance(*, area, to: str, reason: str, by):
    """The assessor moves the area's escalation state one allowed step, giving a reason.
    Lifting a suspension records who lifted it on the suspension too."""
    require(by, Permission.ESCALATION_ADVANCE, area=area)
    with transaction.atomic():
        event = escalation_move(
            area=area, to=to, by=by, reason=reason, via=Permission.ESCALATION_ADVANCE
        )
        if to == E.LIFTED:
            GrantSuspension.objects.filter(
                area=area, decision=GrantSuspension.Decision.APPROVED, lifted_at__isnull=True
            ).update(lifted_by=by, lifted_at=event.at)
        notifications.escalation_moved(event)
    return event


# Suspension of grant payments (four eyes) ---------------------------------------------


def suspension_request(
    *,
    area,
    amount: Decimal,
    grant_reference: str,
    effective_date: datetime.date,
    reason: str,
    by,
) -> GrantSuspension:
    """An assessor asks to suspend the area's grant payments. Nothing is suspended until
    a second assessor approves (`suspension_decide`)."""
    require(by, Permission.SUSPENSION_REQUEST, area=area)
    reason = clean_text(reason, "why payments should be suspended")
    grant_reference = clean_text(grant_reference, "the grant reference")
    if amount is None or amount <= 0:
        raise Refused("Enter the amount to suspend, in pounds, more than £0.")
    with transaction.atomic():
        now = timezone.now()
        suspension = GrantSuspension.objects.create(
            area=area,
            amount=amount,
            grant_reference=grant_reference,
            effective_date=effective_date,
            reason=reason,
            requested_by=by,
            requested_at=now,
        )
        event = escalation_move(
            area=area,
            to=E.SUSPENSION_PENDING,
            by=by,
            reason=f"Suspension of £{amount:,.2f} (grant {grant_reference}) from "
            f"{effective_date.day} {effective_date:%B %Y} asked for: {reason}",
            via=Permission.SUSPENSION_REQUEST,
        )
        audit(
            by=by,
            area=area,
            verb="suspension_request",
            target=suspension,
            summary=f"£{amount:,.2f}, grant {grant_reference}, from {effective_date.day} {effective_date:%B %Y}",
        )
        notifications.escalation_moved(event)
    return suspension


def suspension_decide(
    *, suspension: GrantSuspension, approve: bool, by, note: str = ""
) -> GrantSuspension:
    """A second assessor approves (payments are suspended) or turns the request down
    (the area goes back to "escalated"). The assessor who asked may only withdraw it."""
    area = suspension.area
    require(by, Permission.SUSPENSION_APPROVE, area=area)
    note = (note or "").strip()
    with transaction.atomic():
        suspension = GrantSuspension.objects.select_for_update().get(pk=suspension.pk)
        if suspension.decision != GrantSuspension.Decision.PENDING:
            raise Refused(
                f"This request was already decided ({suspension.get_decision_display().lower()})."
            )
        own = suspension.requested_by_id == by.pk
        if own and approve:
            raise Refused(
                "You asked for this suspension, so another assessor must approve it "
                "(four eyes). You can withdraw it instead."
            )
        decision = (
            GrantSuspension.Decision.APPROVED
            if approve
            else GrantSuspension.Decision.WITHDRAWN
            if own
            else GrantSuspension.Decision.REJECTED
        )
        if not approve and not note and not own:
            raise Refused("Say why the suspension is not approved: both sides will see it.")
        now = timezone.now()
        suspension.decision, suspension.decided_by, suspension.decided_at = decision, by, now
        suspension.decision_note = note
        suspension.save()
        label = suspension.get_decision_display()
        event = escalation_move(
            area=area,
            to=E.SUSPENDED if approve else E.ESCALATED,
            by=by,
            reason=f"Suspension of £{suspension.amount:,.2f} (grant {suspension.grant_reference}) "
            f"{label.lower()}" + (f": {note}" if note else "."),
            via=Permission.SUSPENSION_APPROVE,
        )
        audit(
            by=by,
            area=area,
            verb="suspension_approve" if approve else "suspension_reject",
            target=suspension,
            summary=label + (f": {note}" if note else ""),
        )
        notifications.escalation_moved(event)
    return suspension


def pending_suspension(area) -> GrantSuspension | None:
    return (
        GrantSuspension.objects.filter(area=area, decision=GrantSuspension.Decision.PENDING)
        .select_related("requested_by")
        .first()
    )


# Reminders ----------------------------------------------------------------------------


def action_reminders_send(*, today: datetime.date) -> list[ActionReminder]:
    """Email about each live action due within 7 days or overdue, once per action per day."""
    due = (
        Action.objects.filter(
            plan__status=P.AGREED, due_date__lte=today + datetime.timedelta(days=REMINDER_DAYS)
        )
        .exclude(status=Action.Status.DONE)
        .exclude(reminders__sent_on=today)
        .select_related("plan__area")
    )
    sent = []
    for action in due:
        kind = (
            ActionReminder.Kind.OVERDUE if action.due_date < today else ActionReminder.Kind.DUE_SOON
        )
        with transaction.atomic():
            reminder, created = ActionReminder.objects.get_or_create(
                action=action, sent_on=today, defaults={"kind": kind}
            )
            if created:
                reminder.recipients = notifications.action_reminder(action, kind)
                reminder.save(update_fields=["recipients"])
                sent.append(reminder)
    return sent

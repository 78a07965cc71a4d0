"""Reads of the assurance cycle for the national view and the timelines.

`area_assurance_status` and `all_areas_status` are NOT scoped: they are for pages already
restricted to the assessor (NATIONAL_VIEW) or to a person the area is visible to. The
whole country costs seven queries, whatever the number of areas.

Shape of one area's status (both functions):

    {
        "area_id": 12,
        "assessments": {          # latest submitted version for each period
            "2026-27-H1": {"id": 5, "version": 2, "period": "2026-27-H1",
                           "period_start": date(2026, 4, 1), "submitted_at": datetime},
        },
        "latest_assessment": {...one of the above, the latest period...} or None,
        "ratings": {              # the latest rating of each standard, any period
            1: {"rating": "partly_met", "label": "Partly met – improvement needed",
                "rated_at": datetime, "period": "2026-27-H1", "assessment_id": 5},
        },
        "escalation": {"state": "challenged", "label": "Challenged", "changed_at": datetime or None,
                       "raised": True},  # False in the "no concerns raised" state
        "open_challenges": 1,     # awaiting the commissioner's answer
        "answered_challenges": 0, # answered, awaiting the assessor
        "overdue_actions": 0,     # actions of the agreed plan past their due date, not done
    }
"""

from django.db.models import Count
from django.utils import timezone

from assurance.models import (
    Action,
    ActionPlan,
    AreaEscalation,
    Challenge,
    EscalationEvent,
    EscalationState,
    SelfAssessment,
    StandardRating,
)
from core.models import AuditEvent
from reference.models import Area


def _empty(area_id: int) -> dict:
    return {
        "area_id": area_id,
        "assessments": {},
        "latest_assessment": None,
        "ratings": {},
        "escalation": {
            "state": EscalationState.NONE.value,
            "label": EscalationState.NONE.label,
            "changed_at": None,
            "raised": False,
        },
        "open_challenges": 0,
        "answered_challenges": 0,
        "overdue_actions": 0,
    }


def all_areas_status(areas=None, *, today=None) -> dict[int, dict]:
    """Status of every area (or of `areas`), keyed by area id."""
    today = today or timezone.localdate()
    area_ids = (
        [a.pk for a in areas]
        if areas is not None
        else list(Area.objects.values_list("pk", flat=True))
    )
    out = {pk: _empty(pk) for pk in area_ids}

    for a in (
        SelfAssessment.objects.filter(area_id__in=area_ids, status=SelfAssessment.Status.SUBMITTED)
        .values("id", "area_id", "version", "period__code", "period__start", "submitted_at")
        .order_by("period__start")
    ):
        entry = {
            "id": a["id"],
            "version": a["version"],
            "period": a["period__code"],
            "period_start": a["period__start"],
            "submitted_at": a["submitted_at"],
        }
        out[a["area_id"]]["assessments"][a["period__code"]] = entry
        out[a["area_id"]]["latest_assessment"] = entry  # ordered by period: the last wins

    labels = dict(StandardRating._meta.get_field("rating").choices)
    for r in (
        StandardRating.objects.filter(assessment__area_id__in=area_ids)
        .values(
            "assessment_id",
            "assessment__area_id",
            "assessment__period__code",
            "standard__number",
            "rating",
            "rated_at",
        )
        .order_by("rated_at", "pk")
    ):
        out[r["assessment__area_id"]]["ratings"][r["standard__number"]] = {
            "rating": r["rating"],
            "label": labels[r["rating"]],
            "rated_at": r["rated_at"],
            "period": r["assessment__period__code"],
            "assessment_id": r["assessment_id"],
        }

    for e in AreaEscalation.objects.filter(area_id__in=area_ids).values(
        "area_id", "state", "changed_at"
    ):
        out[e["area_id"]]["escalation"] = {
            "state": e["state"],
            "label": EscalationState(e["state"]).label,
            "changed_at": e["changed_at"],
            "raised": e["state"] != EscalationState.NONE,
        }

    for c in (
        Challenge.objects.filter(area_id__in=area_ids)
        .exclude(status=Challenge.Status.CLOSED)
        .values("area_id", "status")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        key = "open_challenges" if c["status"] == Challenge.Status.OPEN else "answered_challenges"
        out[c["area_id"]][key] = c["n"]

    for a in (
        Action.objects.filter(
            plan__area_id__in=area_ids, plan__status=ActionPlan.Status.AGREED, due_date__lt=today
        )
        .exclude(status=Action.Status.DONE)
        .values("plan__area_id")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        out[a["plan__area_id"]]["overdue_actions"] = a["n"]
    return out


def area_assurance_status(area, *, today=None) -> dict:
    return all_areas_status([area], today=today)[area.pk]


# What the timeline shows besides escalation steps: the milestones both sides act on.
TIMELINE_VERBS = {
    "assessment_submit": "Self-assessment submitted",
    "assessment_rate": "Standard rated",
    "challenge_raise": "Challenge raised",
    "challenge_respond": "Challenge answered",
    "challenge_close": "Challenge closed",
    "action_plan_agree": "Action plan agreed",
}


def area_timeline(area) -> list[dict]:
    """Escalation steps and milestones, newest first: {title, by, at, description, escalation}."""
    items = [
        {
            "title": f"{e.get_from_state_display()} → {e.get_to_state_display()}",
            "by": e.by.display_name,
            "at": e.at,
            "description": e.reason,
            "escalation": True,
        }
        for e in EscalationEvent.objects.filter(area=area).select_related("by")
    ]
    items += [
        {
            "title": TIMELINE_VERBS[a.verb],
            "by": a.actor.display_name if a.actor else "Reach",
            "at": a.at,
            "description": a.summary,
            "escalation": False,
        }
        for a in AuditEvent.objects.filter(area=area, verb__in=TIMELINE_VERBS).select_related(
            "actor"
        )
    ]
    return sorted(items, key=lambda i: i["at"], reverse=True)


def versions_for(user, area, period):
    """Versions of the self-assessment this person may see (the assessor sees submitted ones:
    SelfAssessment.objects.visible_to)."""
    qs = SelfAssessment.objects.visible_to(user).filter(area=area, period=period)
    return qs.select_related("edition", "signed_off_by", "submitted_by").order_by("-version")

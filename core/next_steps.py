"""What each person should do next, for the home page: one list per person, built from
the assurance selectors (assurance/selectors.py) and the records in their scope.

- a commissioner: challenges to answer, actions due within a fortnight or overdue, the
  latest period's self-assessment still to write, sign off or submit, its transparency
  report to publish once the self-assessment is submitted, and any suspension of the
  area's grant payments;
- the assessor: self-assessments waiting for a rating, answers to challenges waiting for
  a reply, suspensions waiting for a second assessor, and lock-outs;
- anyone who manages people: invitations not yet accepted.
"""

import datetime

from django.urls import reverse
from django.utils import timezone

from accounts.authorization import Permission, has_permission
from accounts.scope import scope_for

DUE_SOON_DAYS = 14


def _plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"


def next_steps_for(user, *, today: datetime.date | None = None) -> list[dict]:
    """[{title, detail, href, urgent}] for this person, the most pressing first."""
    today = today or timezone.localdate()
    steps: list[dict] = []
    scope = scope_for(user)
    if scope.area_ids and has_permission(user, Permission.ASSESSMENT_VIEW):
        steps += _commissioner_steps(user, scope.area_ids, today)
    if has_permission(user, Permission.ASSESSMENT_RATE):
        steps += _assessor_steps(user, today)
    if has_permission(user, Permission.PEOPLE_MANAGE):
        steps += _people_steps(user)
    return sorted(steps, key=lambda s: not s["urgent"])


def _commissioner_steps(user, area_ids, today) -> list[dict]:
    from assurance.models import Action, ActionPlan, EscalationState, SelfAssessment
    from assurance.selectors import all_areas_status
    from reference.models import Area
    from returns.periods import recent_complete_periods

    steps = []
    areas = list(Area.objects.filter(pk__in=area_ids).order_by("name"))
    statuses = all_areas_status(areas, today=today)
    latest = next(iter(recent_complete_periods(1)), None)
    for area in areas:
        status = statuses[area.pk]
        page = reverse("assurance:area", args=[area.slug])
        if status["open_challenges"]:
            steps.append(
                {
                    "title": f"Answer {_plural(status['open_challenges'], 'challenge')} "
                    f"from the Ministry of Justice",
                    "detail": area.name,
                    "href": page + "#challenges",
                    "urgent": True,
                }
            )
        actions = list(
            Action.objects.filter(
                plan__area=area,
                plan__status=ActionPlan.Status.AGREED,
                due_date__lte=today + datetime.timedelta(days=DUE_SOON_DAYS),
            )
            .exclude(status=Action.Status.DONE)
            .order_by("due_date")
        )
        for action in actions:
            overdue = action.due_date < today
            steps.append(
                {
                    "title": ("Overdue: " if overdue else "Due soon: ") + action.description[:120],
                    "detail": f"{area.name}; due {action.due_date:%d %B %Y}; owner {action.owner}",
                    "href": page + "#action-plan",
                    "urgent": overdue,
                }
            )
        state = status["escalation"]["state"]
        if state in (EscalationState.SUSPENSION_PENDING, EscalationState.SUSPENDED):
            steps.append(
                {
                    "title": status["escalation"]["label"],
                    "detail": f"{area.name}: see the timeline for why and what would lift it",
                    "href": page + "#escalation",
                    "urgent": True,
                }
            )
        if latest is not None:
            versions = SelfAssessment.objects.visible_to(user).filter(area=area, period=latest)
            statuses_now = set(versions.values_list("status", flat=True))
            assessment = reverse("assurance:assessment", args=[area.slug, latest.code])
            if not statuses_now:
                title = f"Start the self-assessment for {latest.label}"
            elif SelfAssessment.Status.SIGNED_OFF in statuses_now:
                title = f"Submit the signed-off self-assessment for {latest.label}"
            elif SelfAssessment.Status.DRAFT in statuses_now:
                title = f"Finish and sign off the self-assessment for {latest.label}"
            else:
                title = None
            if title:
                steps.append(
                    {"title": title, "detail": area.name, "href": assessment, "urgent": False}
                )
            steps += _publication_steps(user, area, latest, statuses_now)
    return steps


def _publication_steps(user, area, period, assessment_statuses) -> list[dict]:
    """Once the self-assessment is submitted: publish the transparency report."""
    from assurance.models import SelfAssessment
    from publication.models import PublishedReport

    if SelfAssessment.Status.SUBMITTED not in assessment_statuses:
        return []
    if not has_permission(user, Permission.REPORT_PUBLISH, area=area):
        return []
    reports = PublishedReport.objects.visible_to(user).filter(area=area, period=period)
    if reports.filter(status=PublishedReport.Status.PUBLISHED).exists():
        return []
    drafting = reports.filter(status=PublishedReport.Status.DRAFT).exists()
    return [
        {
            "title": ("Finish and publish" if drafting else "Publish")
            + f" the transparency report for {period.label}",
            "detail": f"{area.name}: the public summary of each standard, with the figures",
            "href": reverse("publishing:manage", args=[area.slug, period.code]),
            "urgent": False,
        }
    ]


def _assessor_steps(user, today) -> list[dict]:
    from accounts.lockout import current_lockouts
    from assurance.models import GrantSuspension, StandardsEdition
    from assurance.selectors import all_areas_status
    from reference.models import Area

    steps = []
    areas = {a.pk: a for a in Area.objects.all()}
    statuses = all_areas_status(list(areas.values()), today=today)
    edition = StandardsEdition.current()
    numbers = set(edition.standards.values_list("number", flat=True)) if edition else set()
    to_rate, answered = [], 0
    for pk, status in statuses.items():
        latest = status["latest_assessment"]
        if latest and any(
            status["ratings"].get(n, {}).get("assessment_id") != latest["id"] for n in numbers
        ):
            to_rate.append(areas[pk].name)
        answered += status["answered_challenges"]
    if to_rate:
        steps.append(
            {
                "title": f"Rate {_plural(len(to_rate), 'self-assessment')} waiting for review",
                "detail": ", ".join(sorted(to_rate)[:6]) + ("…" if len(to_rate) > 6 else ""),
                "href": reverse("assurance:home"),
                "urgent": False,
            }
        )
    if answered:
        steps.append(
            {
                "title": f"Reply to {_plural(answered, 'answered challenge')}",
                "detail": "Commissioners have answered; close each challenge or raise another",
                "href": reverse("assurance:home"),
                "urgent": False,
            }
        )
    for suspension in GrantSuspension.objects.filter(
        decision=GrantSuspension.Decision.PENDING
    ).select_related("area", "requested_by"):
        own = suspension.requested_by_id == user.pk
        steps.append(
            {
                "title": (
                    f"Your suspension request for {suspension.area.name} waits for another assessor"
                    if own
                    else f"Approve or turn down the suspension of {suspension.area.name}'s grant payments"
                ),
                "detail": f"£{suspension.amount:,.2f}, grant {suspension.grant_reference}, "
                f"asked for by {suspension.requested_by.display_name}",
                "href": reverse("assurance:area", args=[suspension.area.slug]) + "#escalation",
                "urgent": not own,
            }
        )
    if has_permission(user, Permission.SIGN_IN_SUPPORT):
        locks = current_lockouts()
        if locks:
            steps.append(
                {
                    "title": f"{_plural(len(locks), 'lock-out')} now",
                    "detail": "Accounts or addresses refused after wrong sign-ins",
                    "href": reverse("accounts:lockouts"),
                    "urgent": False,
                }
            )
    return steps


def _people_steps(user) -> list[dict]:
    from accounts.models import Invitation
    from accounts.people import may_manage_people

    if not may_manage_people(user):
        return []
    waiting = scope_for(user).invitations(Invitation.objects.pending()).count()
    if not waiting:
        return []
    return [
        {
            "title": f"{_plural(waiting, 'invitation')} not yet accepted",
            "detail": "Withdraw any sent to the wrong address",
            "href": reverse("accounts:people"),
            "urgent": False,
        }
    ]

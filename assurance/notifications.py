"""Plain emails about the assurance cycle, sent after the write commits.

Who hears what (the guidance's bi-annual reporting and challenge process):
- a self-assessment submitted: the assessor team;
- a challenge raised: the area's commissioner's office; a challenge answered: the assessors;
- an escalation step: both sides;
- an action due within 7 days or overdue: both sides (`manage.py send_action_reminders`).

The backend is Django's (reach/settings.py: console in the embedded default, SMTP when
EMAIL_HOST is set). Sending is queued with `transaction.on_commit`, so a write that rolls
back sends nothing.
"""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse

from accounts.models import Membership, Role

logger = logging.getLogger(__name__)


def commissioner_emails(area) -> list[str]:
    return _emails(Membership.objects.filter(role=Role.COMMISSIONER, area=area))


def assessor_emails() -> list[str]:
    return _emails(Membership.objects.filter(role=Role.ASSESSOR))


def _emails(memberships) -> list[str]:
    return sorted(
        set(
            memberships.filter(user__is_active=True)
            .exclude(user__email="")
            .values_list("user__email", flat=True)
        )
    )


def _link(path: str) -> str:
    base = getattr(settings, "SITE_URL", "").rstrip("/")
    return f"{base}{path}" if base else path


def send_after_commit(subject: str, body: str, recipients: list[str]) -> None:
    if not recipients:
        return
    footer = "\n\nThis message was sent by Reach. Sign in to see the details."

    def send():
        # The step is already committed: a mail server that fails must not turn it into an
        # error page (the person would retry a step that has happened). Log it instead.
        try:
            send_mail(f"Reach: {subject}", body + footer, None, recipients, fail_silently=False)
        except Exception:
            logger.exception("Could not send the email %r to %s", subject, recipients)

    transaction.on_commit(send)


def assessment_submitted(assessment) -> None:
    area, period = assessment.area, assessment.period
    path = reverse("assurance:review", args=[area.slug, period.code])
    send_after_commit(
        f"{area.name} submitted its Quality Standards self-assessment",
        f"{area.name} has submitted version {assessment.version} of its self-assessment for "
        f"{period.label}.\n\nReview it: {_link(path)}",
        assessor_emails(),
    )


def challenge_raised(challenge) -> None:
    area = challenge.area
    about = f" about Quality Standard {challenge.standard.number}" if challenge.standard_id else ""
    send_after_commit(
        f"The Ministry of Justice has raised a challenge{about}",
        f"A challenge has been raised for {area.name}{about}:\n\n{challenge.text}\n\n"
        f"Answer it: {_link(reverse('assurance:area', args=[area.slug]))}#challenges",
        commissioner_emails(area),
    )


def challenge_answered(challenge) -> None:
    area = challenge.area
    send_after_commit(
        f"{area.name} answered a challenge",
        f"{area.name} answered the challenge:\n\n{challenge.text}\n\nTheir answer:\n\n"
        f"{challenge.response}\n\n"
        f"See it: {_link(reverse('assurance:area', args=[area.slug]))}#challenges",
        assessor_emails(),
    )


def escalation_moved(event) -> None:
    area = event.area
    send_after_commit(
        f"{area.name}: {event.get_to_state_display().lower()}",
        f"The assurance status of {area.name} has moved from "
        f"“{event.get_from_state_display()}” to “{event.get_to_state_display()}”.\n\n"
        f"Reason given: {event.reason}\n\nBy: {event.by.display_name}\n\n"
        f"See the timeline: {_link(reverse('assurance:area', args=[area.slug]))}#timeline",
        sorted(set(commissioner_emails(area)) | set(assessor_emails())),
    )


def action_reminder(action, kind: str) -> int:
    """Email both sides about one action; returns the number of recipients."""
    area = action.plan.area
    recipients = sorted(set(commissioner_emails(area)) | set(assessor_emails()))
    when = (
        f"was due on {action.due_date:%d %B %Y} and is not done"
        if kind == "overdue"
        else f"is due on {action.due_date:%d %B %Y}"
    )
    send_after_commit(
        f"{area.name}: an action {'is overdue' if kind == 'overdue' else 'is due soon'}",
        f"An action in {area.name}'s agreed action plan {when}.\n\nAction: {action.description}\n"
        f"Owner: {action.owner}\nStatus: {action.get_status_display()}\n\n"
        f"Update it: {_link(reverse('assurance:area', args=[area.slug]))}#action-plan",
        recipients,
    )
    return len(recipients)

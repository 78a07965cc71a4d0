"""Emails about a person's account: invitations and notices of changes.

Sent with `transaction.on_commit`, so a change that rolls back sends nothing; a failure
to send after the change is logged, not shown as a failed change.
"""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)


def link(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def send_after_commit(*, to: str, subject: str, template: str, context: dict) -> None:
    body = render_to_string(template, context | {"service_name": settings.SERVICE_NAME})

    def send():
        try:
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [to])
        except Exception:  # the change stands; the sender is told to try again
            logger.exception("Could not send %r to %s", subject, to)

    transaction.on_commit(send)

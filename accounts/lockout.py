"""Lock-out after repeated failed sign-ins (django-axes), per account and per address.

After settings.AXES_FAILURE_LIMIT failures in a row for one email address (from
anywhere), or from one address (for any account), signing in is refused for
settings.AXES_COOLOFF_TIME; a success clears the count. An assessor sees who is locked
out, and clears it, on the lock-outs page (accounts/views/account.py).
"""

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.shortcuts import render
from django.utils import timezone

from accounts.models import normalise_email


def username_from_request(request, credentials) -> str:
    """The address tried, in lower case: "Name@X" and "name@x" are one account."""
    if credentials and credentials.get("username"):
        return normalise_email(credentials["username"])
    data = getattr(request, "data", None) or request.POST
    return normalise_email(data.get("username", ""))


def locked_out(request, original_response=None, credentials=None):
    """The page shown instead of signing in while locked out (429)."""
    from core.audit import RESULT_REFUSED, audit

    username = username_from_request(request, credentials)
    audit(
        by=None,
        verb="sign_in_locked_out",
        target=username or "an unknown account",
        actor_label=username,
        result=RESULT_REFUSED,
        summary="Too many failed sign-ins: refused without checking the password.",
    )
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(
        request,
        "accounts/locked_out.html",
        {"page_title": "You cannot sign in for now", "minutes": minutes},
        status=429,
    )


@dataclass(frozen=True)
class Lockout:
    kind: str  # "account" or "address"
    value: str
    failures: int
    last_attempt: datetime
    ends_at: datetime


def current_lockouts(*, now=None) -> list[Lockout]:
    """Accounts and addresses locked out now, newest first."""
    from axes.models import AccessAttempt
    from django.db.models import Max, Sum

    now = now or timezone.now()
    since = now - settings.AXES_COOLOFF_TIME
    recent = AccessAttempt.objects.filter(attempt_time__gte=since)
    found = []
    for kind, field in (("account", "username"), ("address", "ip_address")):
        for row in (
            recent.exclude(**{f"{field}__isnull": True})
            .exclude(**({field: ""} if field == "username" else {}))
            .values(field)
            .annotate(failures=Sum("failures_since_start"), last=Max("attempt_time"))
            .order_by()
        ):
            if row["failures"] >= settings.AXES_FAILURE_LIMIT:
                found.append(
                    Lockout(
                        kind=kind,
                        value=row[field],
                        failures=row["failures"],
                        last_attempt=row["last"],
                        ends_at=row["last"] + settings.AXES_COOLOFF_TIME,
                    )
                )
    return sorted(found, key=lambda lock: lock.last_attempt, reverse=True)

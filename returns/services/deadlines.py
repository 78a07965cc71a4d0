"""The date each period's returns are due: one month after the period ends unless the
assessor sets another (returns.models.Period.due_date)."""

from django.db import transaction

from core.audit import audit
from returns.models import Period
from returns.services._common import DecisionRefused


def period_due_date_set(*, period: Period, due_on, by, reason: str) -> Period:
    """Set (or, with `due_on` None, clear back to the default) the period's due date."""
    reason = reason.strip()
    if not reason:
        raise DecisionRefused("Say why the due date is changing.")
    if due_on is not None and due_on <= period.end:
        raise DecisionRefused(
            f"Returns for {period.label} cannot be due before the period ends on "
            f"{period.end.day} {period.end:%B %Y}. Choose a later date."
        )
    with transaction.atomic():
        locked = Period.objects.select_for_update().get(pk=period.pk)
        before = locked.due_date
        locked.due_on = None if due_on == locked.default_due_date else due_on
        locked.save(update_fields=["due_on"])
        audit(
            by=by,
            verb="period_due_date_set",
            target=f"Returns due for {locked.label}",
            area=None,
            summary=f"From {before:%d %B %Y} to {locked.due_date:%d %B %Y}: {reason}",
        )
    return locked

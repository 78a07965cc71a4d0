"""The audit trail: one function every app calls to record what was done, by whom.

Call it inside the transaction of the change it records, so that the record and the
change stand or fall together.
"""


def audit(*, by, verb: str, target, area=None, summary: str = ""):
    """Record that `by` did `verb` to `target` (in `area`, where it belongs to one)."""
    from django.utils import timezone

    from assurance.models import AuditEvent

    return AuditEvent.objects.create(
        actor=by, area=area, at=timezone.now(), verb=verb, target=str(target)[:300], summary=summary
    )

"""What the returns services share: refusals with a message for the person, and who serves where."""

from django.db.models import Max


class SubmissionRefused(ValueError):
    """A submission that cannot be started or sent; the message says what to do."""


class NotWaiting(SubmissionRefused):
    """The submission is not waiting to be sent: still being checked, rejected, sent,
    discarded or expired."""


class ExplanationNeeded(SubmissionRefused):
    """The submission raised queries, and they have not been explained."""


class DecisionRefused(ValueError):
    """A commissioner's decision that cannot be made; the message says why."""


def check_serves(provider, area) -> None:
    if not provider.areas.filter(pk=area.pk).exists():
        raise SubmissionRefused(
            f"{provider} does not serve {area}: a return can only be made for an area the "
            "provider is registered in. Ask the commissioner to add the area first."
        )


def next_number(record) -> int:
    return (record.versions.aggregate(n=Max("number"))["n"] or 0) + 1

"""Plain emails about returns, sent after the write commits (the pattern of
assurance/notifications.py: console in the embedded default, SMTP when EMAIL_HOST is set).

Who hears what:
- a version waits for acceptance: the area's commissioner's office;
- a version is returned with a reason, or an earlier one made current again: the provider;
- a return is due within a week, or overdue: the provider (`manage.py send_return_reminders`).
"""

from django.urls import reverse

from accounts.models import Membership, Role
from assurance.notifications import _emails, _link, commissioner_emails, send_after_commit


def provider_emails(provider) -> list[str]:
    return _emails(Membership.objects.filter(role=Role.PROVIDER, provider=provider))


def _version_link(version) -> str:
    record = version.return_record
    return _link(
        reverse(
            "returns:version",
            args=[record.provider.slug, record.area.slug, record.period.code, version.number],
        )
    )


def version_awaiting(version) -> None:
    """Tell the commissioner, once the version is committed, if it is still waiting then
    (a version accepted in the same transaction, as the demo data's are, is not news)."""
    from django.db import transaction

    transaction.on_commit(lambda: _if_still_waiting(version.pk))


def _if_still_waiting(pk) -> None:
    from returns.models import ReturnVersion

    version = (
        ReturnVersion.objects.filter(pk=pk, status=ReturnVersion.Status.AWAITING)
        .select_related("return_record__provider", "return_record__area", "return_record__period")
        .first()
    )
    if version is None:
        return
    record = version.return_record
    why = version.get_held_for_display().lower()
    send_after_commit(
        f"{record.provider} sent a return that waits for your acceptance",
        f"{record.provider} sent version {version.number} of its return for {record.area.name}, "
        f"{record.period.label}: {version.total_referrals:,} referrals. It does not count in "
        f"Reach's figures until you accept it, because {why}.\n\n"
        f"Accept it or return it: {_version_link(version)}",
        commissioner_emails(record.area),
    )


def version_returned(version, *, restored=None) -> None:
    record = version.return_record
    after = (
        f"Version {restored.number} counts again in the meantime."
        if restored
        else "Reach's figures do not use it."
    )
    send_after_commit(
        f"Your return for {record.area.name} was returned",
        f"The commissioner's office for {record.area.name} returned version {version.number} "
        f"of your return for {record.period.label}.\n\nTheir reason:\n\n"
        f"{version.decision_reason}\n\n{after}\n\n"
        f"See it and send a new version: {_version_link(version)}",
        provider_emails(record.provider),
    )


def version_restored(version) -> None:
    record = version.return_record
    send_after_commit(
        f"An earlier version of your return for {record.area.name} counts again",
        f"The commissioner's office for {record.area.name} made version {version.number} of "
        f"your return for {record.period.label} the one that counts.\n\nTheir reason:\n\n"
        f"{version.decision_reason}\n\nSee it: {_version_link(version)}",
        provider_emails(record.provider),
    )


def return_reminder(*, provider, area, period, kind: str) -> int:
    """Email the provider about a return due soon or overdue; returns the number of recipients."""
    recipients = provider_emails(provider)
    due = f"{period.due_date:%d %B %Y}".lstrip("0")
    if kind == "overdue":
        subject = f"Your return for {area.name} is overdue"
        when = f"was due on {due}"
    else:
        subject = f"Your return for {area.name} is due on {due}"
        when = f"is due on {due}"
    path = reverse("returns:list")
    send_after_commit(
        subject,
        f"Your six-monthly return for {area.name}, {period.label}, {when} and Reach has not "
        f"received it.\n\nSend it by upload, the web form or your case system: {_link(path)}",
        recipients,
    )
    return len(recipients)

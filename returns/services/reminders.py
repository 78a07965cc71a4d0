"""Reminders to providers: a week before a return is due, and once it is overdue; never
twice for the same return and kind (returns.models.ReturnReminder)."""

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone

from core.audit import audit
from organisations.models import Provider
from returns import notifications
from returns.models import ReturnReminder
from returns.selectors import DUE_SOON_DAYS, owed_returns

K = ReturnReminder.Kind


@dataclass
class RemindersSent:
    due_soon: int = 0
    overdue: int = 0

    def __str__(self) -> str:
        return f"due within {DUE_SOON_DAYS} days: {self.due_soon}; overdue: {self.overdue}"


def return_reminders_send(*, today=None) -> RemindersSent:
    today = today or timezone.localdate()
    sent = RemindersSent()
    for owed in owed_returns(Provider.objects.filter(is_active=True), today=today):
        if owed.overdue:
            kind = K.OVERDUE
        elif (owed.due_date - today).days <= DUE_SOON_DAYS:
            kind = K.DUE_SOON
        else:
            continue
        try:
            with transaction.atomic():
                reminder = ReturnReminder.objects.create(
                    provider=owed.provider,
                    area=owed.area,
                    period=owed.period,
                    kind=kind,
                    due_date=owed.due_date,
                )
                reminder.recipients = notifications.return_reminder(
                    provider=owed.provider, area=owed.area, period=owed.period, kind=kind
                )
                reminder.save(update_fields=["recipients"])
                audit(
                    by=None,
                    verb="return_reminder",
                    target=f"{owed.provider} in {owed.area}, {owed.period}",
                    area=owed.area,
                    summary=f"{reminder.get_kind_display()}: due {owed.due_date:%d %B %Y}",
                )
        except IntegrityError:
            continue  # sent before (perhaps by a run at the same time): never twice
        if kind == K.OVERDUE:
            sent.overdue += 1
        else:
            sent.due_soon += 1
    return sent

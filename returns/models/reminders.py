"""Which return reminders have been sent, so none is sent twice."""

from django.db import models


class ReturnReminder(models.Model):
    class Kind(models.TextChoices):
        DUE_SOON = "due_soon", "Due within a week"
        OVERDUE = "overdue", "Overdue"

    provider = models.ForeignKey(
        "organisations.Provider", on_delete=models.CASCADE, related_name="+"
    )
    area = models.ForeignKey("reference.Area", on_delete=models.CASCADE, related_name="+")
    period = models.ForeignKey("returns.Period", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    due_date = models.DateField()  # the due date the reminder spoke of
    sent_at = models.DateTimeField(auto_now_add=True)
    recipients = models.PositiveSmallIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "area", "period", "kind"], name="one_reminder_of_each_kind"
            )
        ]

    def __str__(self) -> str:
        return (
            f"{self.get_kind_display()} reminder to {self.provider} for {self.area}, {self.period}"
        )

"""Reporting periods and the date their returns are due."""

import calendar
import datetime

from django.db import models
from django.db.models import Q


def month_after(day: datetime.date) -> datetime.date:
    """The same day a calendar month later, or the month's last day if it is shorter
    (30 September -> 31 October: a period ends on its month's last day, so its return is
    due on the last day of the next month)."""
    year, month = (day.year + 1, 1) if day.month == 12 else (day.year, day.month + 1)
    last = calendar.monthrange(year, month)[1]
    if day.day == calendar.monthrange(day.year, day.month)[1]:
        return datetime.date(year, month, last)
    return datetime.date(year, month, min(day.day, last))


class Period(models.Model):
    """A six-monthly reporting period: April–September (H1) or October–March (H2)."""

    class Half(models.TextChoices):
        H1 = "H1", "April to September"
        H2 = "H2", "October to March"

    code = models.CharField(max_length=12, unique=True)  # e.g. "2026-27-H1"
    financial_year = models.PositiveSmallIntegerField()  # 2026 for 2026-27
    half = models.CharField(max_length=2, choices=Half.choices)
    start = models.DateField()
    end = models.DateField()
    # Set by the assessor (returns.services.period_due_date_set); blank means the default.
    due_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["start"]
        constraints = [
            models.UniqueConstraint(fields=["financial_year", "half"], name="unique_period"),
            models.CheckConstraint(
                condition=Q(end__gt=models.F("start")), name="period_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(due_on__isnull=True) | Q(due_on__gt=models.F("end")),
                name="period_due_after_end",
            ),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return f"{self.start:%B %Y} to {self.end:%B %Y}"

    @classmethod
    def bounds(cls, financial_year: int, half: str) -> tuple[datetime.date, datetime.date]:
        if half == cls.Half.H1:
            return datetime.date(financial_year, 4, 1), datetime.date(financial_year, 9, 30)
        return datetime.date(financial_year, 10, 1), datetime.date(financial_year + 1, 3, 31)

    @classmethod
    def code_for(cls, financial_year: int, half: str) -> str:
        return f"{financial_year}-{(financial_year + 1) % 100:02d}-{half}"

    @classmethod
    def containing(cls, day: datetime.date) -> tuple[int, str]:
        """The (financial year, half) a date falls in."""
        if 4 <= day.month <= 9:
            return day.year, cls.Half.H1
        if day.month >= 10:
            return day.year, cls.Half.H2
        return day.year - 1, cls.Half.H2

    def contains(self, day: datetime.date) -> bool:
        return self.start <= day <= self.end

    @property
    def default_due_date(self) -> datetime.date:
        """Returns are due a month after the period ends: the bi-annual monitoring rhythm
        of the grant (the exact deadline is set in grant agreements, not in the guidance),
        so the assessor can change it."""
        return month_after(self.end)

    @property
    def due_date(self) -> datetime.date:
        return self.due_on or self.default_due_date

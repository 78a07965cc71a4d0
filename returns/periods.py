"""Reporting periods: six-monthly, April–September (H1) and October–March (H2).

Periods are rows so that returns can point at them, but their dates are a rule
(docs/product.md, "The assurance cycle", step 1), so they are created on demand from
`Period.bounds` and `Period.code_for` rather than loaded from a file.
"""

from datetime import date

from returns.models import Period

# Reach's first reporting period: the guidance's monitoring applies from April 2023.
FIRST_FINANCIAL_YEAR = 2023


def period_ensure(financial_year: int, half: str) -> Period:
    """The period for (financial year, half), created if it does not exist yet."""
    if half not in Period.Half.values:
        raise ValueError(f"Unknown half {half!r}: use H1 (April to September) or H2.")
    start, end = Period.bounds(financial_year, half)
    period, _ = Period.objects.get_or_create(
        financial_year=financial_year,
        half=half,
        defaults={"code": Period.code_for(financial_year, half), "start": start, "end": end},
    )
    return period


def periods_ensure_until(
    day: date, first_financial_year: int = FIRST_FINANCIAL_YEAR
) -> list[Period]:
    """Every period from April of `first_financial_year` to the one containing `day`, in order."""
    last = Period.containing(day)
    periods = []
    year, half = first_financial_year, Period.Half.H1
    while (year, half) <= last:
        periods.append(period_ensure(year, half))
        year, half = (
            (year, Period.Half.H2) if half == Period.Half.H1 else (year + 1, Period.Half.H1)
        )
    return periods


def recent_complete_periods(count: int = 6, today: date | None = None) -> list[Period]:
    """The latest periods that have ended, newest first: a return, a self-assessment and a
    bi-annual return each cover a whole six months. The one place this choice is made."""
    from django.utils import timezone

    today = today or timezone.localdate()
    return list(Period.objects.filter(end__lt=today).order_by("-start")[:count])

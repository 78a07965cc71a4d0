"""Date rules: every referral date is readable and inside the return's period.

Accepted: YYYY-MM-DD, DD/MM/YYYY (the UK order, never the US one), Excel date numbers
and Excel date cells. A referral outside Period.start..end belongs to another return
(periods are six-monthly, April–September and October–March: returns/periods.py).
"""

from returns.ingest.context import ValueCheck
from returns.ingest.problems import Severity, empty_frame
from returns.ingest.rules.base import Stage, rule
from returns.ingest.rules.values import rows_with


@rule(
    "bad_date",
    Severity.ERROR,
    Stage.VALUES,
    "A referral date cannot be read. Write it as YYYY-MM-DD or DD/MM/YYYY.",
)
def bad_date(check: ValueCheck):
    conversion = check.conversions.get("referral_date")
    if conversion is None:
        return empty_frame()
    return rows_with(bad_date, check, conversion, conversion.bad)


@rule(
    "date_outside_period",
    Severity.ERROR,
    Stage.VALUES,
    "A referral date is outside the return's period. Check it, or send that referral in the "
    "return for its own period.",
)
def date_outside_period(check: ValueCheck):
    conversion = check.conversions.get("referral_date")
    if conversion is None:
        return empty_frame()
    return rows_with(date_outside_period, check, conversion, conversion.out_of_period)

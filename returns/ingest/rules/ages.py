"""Age rules: an exact age column is turned into its age band (reference AgeBand min/max)
and dropped, so a return never holds an exact age (docs/adr/0001-counts-not-people.md)."""

from returns.ingest.context import AGE, ValueCheck
from returns.ingest.problems import Severity, empty_frame
from returns.ingest.rules.base import Stage, rule
from returns.ingest.rules.values import rows_with


@rule(
    "bad_age",
    Severity.ERROR,
    Stage.VALUES,
    "An age is not a whole number of years from 0 to 120. Correct it, or write Not known.",
)
def bad_age(check: ValueCheck):
    conversion = check.conversions.get(AGE)
    if conversion is None:
        return empty_frame()
    return rows_with(bad_age, check, conversion, conversion.bad)

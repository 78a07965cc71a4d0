"""Value rules: is every cell a value the standard allows? (docs/data-standard.md)

Each problem names the row (as the officer sees it), the column (as headed in their file),
the value found and what is allowed. A blank referral ID or date is an error; a blank
characteristic is "not known" (a blank ethnicity counts against recording coverage and
raises its query); interpreter need and the outcome measures may be blank (not known /
not asked). A label that could mean more than one code is asked, never guessed.
"""

import polars as pl

from returns.ingest.context import ROW, Conversion, ValueCheck
from returns.ingest.problems import Severity, empty_frame
from returns.ingest.rules.base import Rule, Stage, rule


def rows_with(r: Rule, check: ValueCheck, conversion: Conversion, why: dict[str, str]):
    """Problems for every row whose raw value is a key of `why` (value -> message)."""
    if not why:
        return empty_frame()
    column = pl.col(conversion.field)
    found = check.frame.filter(column.is_in(list(why))).select(ROW, column.alias("value"))
    return r.rows(
        found,
        column=check.headings[conversion.field],
        message=pl.col("value").replace_strict(why, default=r.message, return_dtype=pl.String),
        allowed=conversion.allowed,
    )


@rule(
    "no_records",
    Severity.ERROR,
    Stage.VALUES,
    "The file has headings but no referrals. Add one row for each referral in the period; "
    "if there were none, make a nil return with the web form.",
)
def no_records(check: ValueCheck):
    return [] if check.frame.height else [no_records.problem()]


@rule(
    "blank_required",
    Severity.ERROR,
    Stage.VALUES,
    "A required cell is blank. Fill it in: write Not known if it was not recorded.",
)
def blank_required(check: ValueCheck):
    frames = []
    for conversion in check.conversions.values():
        if not conversion.required or conversion.blank_mask is None:
            continue
        heading = check.headings[conversion.field]
        found = check.frame.filter(conversion.blank_mask).select(ROW, value=pl.lit(""))
        frames.append(
            blank_required.rows(
                found,
                column=heading,
                message=f"'{heading}' is blank. {conversion.blank_hint}",
                allowed=conversion.allowed,
            )
        )
    return pl.concat(frames) if frames else empty_frame()


@rule(
    "unknown_code",
    Severity.ERROR,
    Stage.VALUES,
    "A value is not in its code list. Use a code or label from the data dictionary.",
)
def unknown_code(check: ValueCheck):
    frames = [
        rows_with(unknown_code, check, c, c.bad)
        for c in check.conversions.values()
        if c.kind in ("code", "measure")
    ]
    return pl.concat(frames) if frames else empty_frame()


@rule(
    "ambiguous_value",
    Severity.ERROR,
    Stage.VALUES,
    "A value could mean more than one code (such as 'Hate crime', which has five strands). "
    "Say which it means on your mapping page: Reach does not guess.",
)
def ambiguous_value(check: ValueCheck):
    frames = [
        rows_with(ambiguous_value, check, c, c.ambiguous)
        for c in check.conversions.values()
        if c.kind == "code"
    ]
    return pl.concat(frames) if frames else empty_frame()


@rule(
    "bad_yes_no",
    Severity.ERROR,
    Stage.VALUES,
    "A yes/no cell holds something else. Write Y or N, or leave it blank if not known.",
)
def bad_yes_no(check: ValueCheck):
    frames = [
        rows_with(bad_yes_no, check, c, c.bad)
        for c in check.conversions.values()
        if c.kind == "flag"
    ]
    return pl.concat(frames) if frames else empty_frame()

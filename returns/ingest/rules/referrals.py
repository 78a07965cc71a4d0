"""Referral ID rules: one row per referral, under a pseudonymous ID.

The ID is only used inside the upload (to spot a referral sent twice); it is never
stored. Still, an ID that is an email address, a postcode or a phone number identifies a
person, and "counts, not people" (docs/adr/0001-counts-not-people.md) means such a file
is refused at the door.
"""

import polars as pl

from returns.ingest.context import ROW, ValueCheck
from returns.ingest.problems import Severity, empty_frame
from returns.ingest.rules.base import Stage, rule

MAX_ID_LENGTH = 64
_IDENTIFYING = (
    r"(?i)^(?:"
    r"[^@\s]+@[^@\s]+\.[a-z]{2,}"  # an email address
    r"|[a-z]{1,2}[0-9][a-z0-9]? ?[0-9][a-z]{2}"  # a UK postcode
    r"|(?:\+44 ?|0)7\d{3} ?\d{3} ?\d{3}"  # a UK mobile number
    r")$"
)
_ALLOWED = "the provider's own pseudonymous reference, unique in the file"


def _ids(check: ValueCheck) -> pl.DataFrame | None:
    conversion = check.conversions.get("referral_id")
    if conversion is None:
        return None
    ids = check.frame.select(ROW, conversion.expr.alias("value"))
    return ids.filter(pl.col("value").is_not_null() & (pl.col("value") != ""))


@rule(
    "duplicate_referral_id",
    Severity.ERROR,
    Stage.VALUES,
    "A referral ID appears more than once. Each referral is one row: remove the repeat, or "
    "give it its own ID.",
)
def duplicate_referral_id(check: ValueCheck):
    ids = _ids(check)
    if ids is None or not ids.select(pl.col("value").is_duplicated().any()).item():
        return empty_frame()
    repeats = (
        ids.filter(pl.col("value").is_duplicated())
        .with_columns(first=pl.col(ROW).min().over("value"))
        .filter(pl.col(ROW) != pl.col("first"))
        .sort(ROW)
    )
    message = pl.format(
        "Referral ID '{}' appears again: it is first on row {}. Each referral is one row: "
        "remove the repeat, or give it its own ID.",
        pl.col("value"),
        pl.col("first"),
    )
    return duplicate_referral_id.rows(
        repeats, column=check.headings["referral_id"], message=message, allowed=_ALLOWED
    )


@rule(
    "referral_id_identifying",
    Severity.ERROR,
    Stage.VALUES,
    "A referral ID looks like an email address, postcode or phone number. Use your case "
    "system's own reference instead: returns hold counts, not people.",
)
def referral_id_identifying(check: ValueCheck):
    ids = _ids(check)
    if ids is None:
        return empty_frame()
    # The value itself is personal data: the problem list says where it is, never what.
    found = ids.filter(pl.col("value").str.contains(_IDENTIFYING)).with_columns(
        pl.lit("[withheld: looks like personal details]").alias("value")
    )
    return referral_id_identifying.rows(
        found, column=check.headings["referral_id"], allowed=_ALLOWED
    )


@rule(
    "referral_id_too_long",
    Severity.ERROR,
    Stage.VALUES,
    f"A referral ID is longer than {MAX_ID_LENGTH} characters. Use the case system's short "
    "reference, not a description.",
)
def referral_id_too_long(check: ValueCheck):
    ids = _ids(check)
    if ids is None:
        return empty_frame()
    found = ids.filter(pl.col("value").str.len_chars() > MAX_ID_LENGTH)
    return referral_id_too_long.rows(
        found.with_columns(pl.col("value").str.slice(0, MAX_ID_LENGTH) + "…"),
        column=check.headings["referral_id"],
        allowed=f"up to {MAX_ID_LENGTH} characters",
    )

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
    """The rows that give an ID (ROW, value), worked out once for the ID rules."""
    if "ids" not in check.worked_out:
        ids = None
        if "referral_id" in check.conversions:
            ids = check.frame.select(ROW, pl.col("referral_id").alias("value"))
            ids = ids.filter(pl.col("value").is_not_null() & (pl.col("value") != ""))
        check.worked_out["ids"] = ids
    return check.worked_out["ids"]


def _found(check: ValueCheck) -> dict[str, bool]:
    """Which ID rules have something to report, in one pass over the IDs: the rows are
    picked out only for a rule that has. Repeats are judged by 64-bit hashes: as many
    distinct hashes as IDs proves every ID distinct; fewer (a repeat, or a collision)
    sends the rule to compare the IDs themselves."""
    if "id_flags" not in check.worked_out:
        ids = _ids(check)
        if ids is None or not ids.height:
            flags = dict.fromkeys(("repeats", "identifying", "too_long"), False)
        else:
            value = pl.col("value")
            flags = ids.select(
                repeats=value.hash().n_unique() < pl.len(),
                identifying=value.str.contains(_IDENTIFYING).any(),
                too_long=(value.str.len_chars() > MAX_ID_LENGTH).any(),
            ).row(0, named=True)
        check.worked_out["id_flags"] = flags
    return check.worked_out["id_flags"]


@rule(
    "duplicate_referral_id",
    Severity.ERROR,
    Stage.VALUES,
    "A referral ID appears more than once. Each referral is one row: remove the repeat, or "
    "give it its own ID.",
)
def duplicate_referral_id(check: ValueCheck):
    if not _found(check)["repeats"]:
        return empty_frame()
    ids = _ids(check)
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
    if not _found(check)["identifying"]:
        return empty_frame()
    ids = _ids(check)
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
    if not _found(check)["too_long"]:
        return empty_frame()
    ids = _ids(check)
    found = ids.filter(pl.col("value").str.len_chars() > MAX_ID_LENGTH)
    return referral_id_too_long.rows(
        found.with_columns(pl.col("value").str.slice(0, MAX_ID_LENGTH) + "…"),
        column=check.headings["referral_id"],
        allowed=f"up to {MAX_ID_LENGTH} characters",
    )

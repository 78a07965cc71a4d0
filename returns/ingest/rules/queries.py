"""Queries: figures that may be right but need a word of explanation before they count.

A query does not block a return: the submitter writes an explanation, kept with the
version (returns.services.return_version_store(queries=..., explanation=...)), and the
commissioner sees both. Queries run on valid returns only.
"""

import polars as pl

from returns.ingest.context import QueryCheck
from returns.ingest.problems import Severity
from returns.ingest.rules.base import Stage, rule

COVERAGE_THRESHOLD = 0.9  # DESIGN.md: recording coverage is the first figure shown
CHANGE_THRESHOLD = 0.5
HIGH_LEVEL_THRESHOLD = 0.5
# Dimensions where "every referral not known" suggests an export that lost a column.
_CHECKED_FOR_NOT_KNOWN = (
    "sex", "age_band", "disability", "sexual_orientation", "crime_type", "referral_pathway",
    "outcome",
)  # fmt: skip


@rule(
    "ethnicity_coverage_low",
    Severity.QUERY,
    Stage.QUERIES,
    "Ethnicity is recorded for under 90% of referrals. Explain why, and what is being done "
    "to record it.",
)
def ethnicity_coverage_low(check: QueryCheck):
    total = check.records.height
    if not total:
        return []
    stated = check.records.select((~pl.col("ethnicity").is_in(list(check.not_stated))).sum()).item()
    if stated >= COVERAGE_THRESHOLD * total:
        return []
    return [
        ethnicity_coverage_low.problem(
            column=check.headings.get("ethnicity", "ethnicity"),
            value=f"{stated / total:.0%}",
            message=f"Ethnicity is recorded for {stated:,} of {total:,} referrals "
            f"({stated / total:.0%}); Reach expects at least {COVERAGE_THRESHOLD:.0%}. "
            "Explain why (for example, police referrals that arrive without it) and what is "
            "being done to record it.",
            allowed=f"at least {COVERAGE_THRESHOLD:.0%} recorded",
        )
    ]


@rule(
    "total_changed",
    Severity.QUERY,
    Stage.QUERIES,
    "The number of referrals moved by more than half since the previous period. Explain "
    "the change.",
)
def total_changed(check: QueryCheck):
    before, now = check.previous_total, check.records.height
    if not before or abs(now - before) <= CHANGE_THRESHOLD * before:
        return []
    direction = "up" if now > before else "down"
    return [
        total_changed.problem(
            value=f"{now:,}",
            message=f"This return has {now:,} referrals; the previous period's return for this "
            f"area had {before:,} ({direction} {abs(now - before) / before:.0%}). Explain the "
            "change (for example a new contract, a new referral route, or a missing export).",
            allowed=f"within half of {before:,}",
        )
    ]


@rule(
    "all_not_known",
    Severity.QUERY,
    Stage.QUERIES,
    "Every referral has the same 'not known' value in a column. Check the export, or "
    "explain why it is not recorded.",
)
def all_not_known(check: QueryCheck):
    problems = []
    for name in _CHECKED_FOR_NOT_KNOWN:
        values = set(check.records.get_column(name).unique().to_list())
        if not values or not values <= check.not_stated:
            continue
        labels = " or ".join(f"'{check.labels[name].get(v, v)}'" for v in sorted(values))
        heading = check.headings.get(name, name)
        problems.append(
            all_not_known.problem(
                column=heading,
                value=", ".join(sorted(values)),
                message=f"Every referral has {heading} {labels}. If your case system records "
                "it, check the export; otherwise explain why it is not recorded.",
            )
        )
    return problems


@rule(
    "ethnicity_high_level_only",
    Severity.QUERY,
    Stage.QUERIES,
    "Most stated ethnicities give only a broad group (such as 'Asian'). Explain why the "
    "detailed group is not recorded.",
)
def ethnicity_high_level_only(check: QueryCheck):
    ethnicity = pl.col("ethnicity")
    stated, broad = check.records.select(
        stated=(~ethnicity.is_in(list(check.not_stated))).sum(),
        broad=ethnicity.is_in(list(check.high_level_ethnicity)).sum(),
    ).row(0)
    if not stated or broad <= HIGH_LEVEL_THRESHOLD * stated:
        return []
    return [
        ethnicity_high_level_only.problem(
            column=check.headings.get("ethnicity", "ethnicity"),
            value=f"{broad / stated:.0%}",
            message=f"{broad:,} of the {stated:,} referrals with a stated ethnicity ({broad / stated:.0%}) "
            "give only a broad group such as 'Asian' or 'White'. The guidance warns that broad "
            "groups hide differences in need: record the detailed group, or explain why not.",
        )
    ]

"""Queries: figures that may be right but need a word of explanation, and the
commissioner's acceptance, before they count.

A query does not block a return: the submitter explains it
(returns/ingest/rules/explanations.py), the explanation is kept with the version, and the
version waits for the commissioner of the area to accept it (returns/services/versions.py). Queries run on a valid return's counts,
so an upload, the API, the web form and the confirmation step all ask the same questions
with the same thresholds and words (returns/ingest/queries.py builds what they read).
"""

from returns import dimensions
from returns.ingest.context import QueryCheck
from returns.ingest.problems import Severity
from returns.ingest.rules.base import Stage, rule

COVERAGE_THRESHOLD = 0.9  # recording coverage is the first figure shown (docs/adr/0004)
CHANGE_THRESHOLD = 0.5  # a total more than half away from the one it is compared with
# ... when either total is at least this: from 1 referral to 0, or 3 to 7, is not a change
# worth a query (a small group's totals move that much by chance).
CHANGE_MIN_TOTAL = 10
HIGH_LEVEL_THRESHOLD = 0.5
# Dimensions where "every referral not known" suggests an export that lost a column.
_CHECKED_FOR_NOT_KNOWN = dimensions.OPTIONAL_COLUMNS


def changed_sharply(now: int, before: int | None) -> bool:
    """The test of both "changed" queries, and of the commissioner's "changed sharply" list."""
    if not before or max(now, before) < CHANGE_MIN_TOTAL:
        return False
    return abs(now - before) > CHANGE_THRESHOLD * before


def _change(now: int, before: int) -> str:
    direction = "up" if now > before else "down"
    return f"{direction} {abs(now - before) / before:.0%}"


@rule(
    "ethnicity_coverage_low",
    Severity.QUERY,
    Stage.QUERIES,
    f"Ethnicity is recorded for under {COVERAGE_THRESHOLD:.0%} of referrals. Explain why, "
    "and what is being done to record it.",
)
def ethnicity_coverage_low(check: QueryCheck):
    total, stated = check.total, check.stated
    if not total or stated >= COVERAGE_THRESHOLD * total:
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
    f"The number of referrals moved by more than {CHANGE_THRESHOLD:.0%} since the previous "
    "period. Explain the change.",
)
def total_changed(check: QueryCheck):
    before, now = check.previous_total, check.total
    if not changed_sharply(now, before):
        return []
    return [
        total_changed.problem(
            value=f"{now:,}",
            message=f"This return has {now:,} referrals; the previous period's return for this "
            f"area had {before:,} ({_change(now, before)}). Explain the change (for example a "
            "new contract, a new referral route, or a missing export).",
            allowed=f"within {CHANGE_THRESHOLD:.0%} of {before:,}",
        )
    ]


@rule(
    "total_changed_since_last_version",
    Severity.QUERY,
    Stage.QUERIES,
    f"The number of referrals is more than {CHANGE_THRESHOLD:.0%} away from the version it "
    "would replace. Explain the change.",
)
def total_changed_since_last_version(check: QueryCheck):
    before, now = check.replaced_total, check.total
    if not changed_sharply(now, before):
        return []
    return [
        total_changed_since_last_version.problem(
            value=f"{now:,}",
            message=f"This return has {now:,} referrals; the version it would replace has "
            f"{before:,} ({_change(now, before)}). If this is right (for example the first "
            "version was a test, or missed a team's referrals), say why.",
            allowed=f"within {CHANGE_THRESHOLD:.0%} of {before:,}",
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
        if name not in check.recorded:
            continue  # a column the return does not have is "not recorded", said as a note
        values = {code for code, n in check.counts.get(name, {}).items() if n}
        if not values or not values <= check.not_stated:
            continue
        labels = " or ".join(f"'{check.labels[name].get(v, v)}'" for v in sorted(values))
        heading = check.headings.get(name, name.replace("_", " "))
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
    stated = check.stated
    broad = sum(
        n
        for code, n in check.counts.get("ethnicity", {}).items()
        if code in check.high_level_ethnicity
    )
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


@rule(
    "local_authority_outside_area",
    Severity.QUERY,
    Stage.QUERIES,
    "Some referrals name a local authority outside the return's area. Check them, or "
    "explain why the service supports people who live there.",
)
def local_authority_outside_area(check: QueryCheck):
    if not check.outside_area:
        return []
    n = sum(check.outside_area.values())
    places = ", ".join(f"{name} ({count:,})" for name, count in check.outside_area.items())
    return [
        local_authority_outside_area.problem(
            column=check.headings.get("local_authority", "local_authority"),
            value=", ".join(check.outside_area),
            message=f"{n:,} referral{'s' if n != 1 else ''} name{'' if n != 1 else 's'} a local "
            f"authority outside {check.area_name}: {places}. Check the local authority, or "
            f"explain why a service in {check.area_name} supports people who live there (for "
            "example a victim who moved, or a service that covers a neighbouring council).",
            allowed=f"a local authority in {check.area_name}",
        )
    ]

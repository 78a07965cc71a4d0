"""Column rules: does the heading row give what the data standard needs (returns/standard.py)?

Identifying columns refuse the whole file ("counts, not people": names, addresses,
dates of birth and free text are refused at the door), and so does a column Reach does
not read whose values look like personal details. Other columns Reach does not read are
left out, and the result says which, so the provider can map one if it holds something
Reach needs. A missing required column is an error; a missing optional one means "not
recorded" for every referral, and the result says so.
"""

import difflib

from returns.ingest.context import AGE, ColumnCheck
from returns.ingest.personal import matches_pattern
from returns.ingest.problems import Severity
from returns.ingest.rules.base import Stage, declare, rule
from returns.standard import COLUMNS, EXACT_AGE_COLUMNS, NOT_RECORDED_IF_MISSING

# A column Reach does not read is refused if this share of its first values look personal.
PERSONAL_SHARE = 0.2
SAMPLE_SIZE = 200


@rule(
    "identifying_column",
    Severity.ERROR,
    Stage.COLUMNS,
    "The file has a column that identifies people. Remove it: returns hold counts, not people.",
)
def identifying_column(check: ColumnCheck):
    return [
        identifying_column.problem(
            column=m.heading,
            value=m.heading,
            message=f"Remove the column '{m.heading}': Reach does not accept {m.reason}. "
            "Returns hold counts, not people.",
            allowed="none: this column must be removed",
        )
        for m in check.matches
        if m.how == "identifying"
    ]


def _personal_kind(values: list[str]) -> bool:
    if not values:
        return False
    personal = sum(1 for v in values if matches_pattern(v))
    return personal >= max(1, PERSONAL_SHARE * len(values))


@rule(
    "identifying_values",
    Severity.ERROR,
    Stage.COLUMNS,
    "A column Reach does not read holds what look like postcodes, phone numbers, email "
    "addresses, addresses or dates of birth. Remove it: returns hold counts, not people.",
)
def identifying_values(check: ColumnCheck):
    problems = []
    for m in check.matches:
        if m.field is not None or m.how == "identifying":
            continue
        if _personal_kind(check.samples.get(m.position, [])):
            name = f"'{m.heading}'" if m.heading else f"{m.position + 1} (no heading)"
            problems.append(
                identifying_values.problem(
                    column=m.heading or f"column {m.position + 1}",
                    message=f"Remove column {name}: its values look like personal details "
                    "(postcodes, phone numbers, email addresses, addresses or dates of "
                    "birth). Returns hold counts, not people.",
                    allowed="none: this column must be removed",
                )
            )
    return problems


@rule(
    "column_left_out",
    Severity.NOTE,
    Stage.COLUMNS,
    "Reach left out a column it does not read. If it holds something Reach needs (such as "
    "the referral ID or the outcome), say what it is on your mapping page.",
)
def column_left_out(check: ColumnCheck):
    problems = []
    for m in check.matches:
        if m.how not in ("unknown", "unnamed"):
            continue
        if m.how == "unnamed":
            problems.append(
                column_left_out.problem(
                    column=f"column {m.position + 1}",
                    message=f"Column {m.position + 1} has values but no heading, so Reach "
                    "left it out.",
                )
            )
            continue
        close = difflib.get_close_matches(m.heading.lower(), check.accepted, n=1, cutoff=0.6)
        hint = f" Is it '{close[0]}'?" if close else ""
        problems.append(
            column_left_out.problem(
                column=m.heading,
                value=m.heading,
                message=f"Reach left out the column '{m.heading}': it is not a column of the "
                f"data standard.{hint} If it holds something Reach reads, say what it is on "
                "your mapping page.",
                allowed=", ".join(check.accepted),
            )
        )
    return problems


@rule(
    "missing_column",
    Severity.ERROR,
    Stage.COLUMNS,
    "The file lacks a column every return needs. Add it, or say which of your columns it "
    "is on your mapping page.",
)
def missing_column(check: ColumnCheck):
    present = {m.field for m in check.matches}
    problems = []
    for column in COLUMNS:
        if column.name not in check.required or column.name in present:
            continue
        also = [column.title, *column.synonyms[:4]]
        problems.append(
            missing_column.problem(
                column=column.name,
                message=f"The file has no {column.title.lower()} column. Add it (a heading "
                f"of {', '.join(repr(a) for a in also)} is recognised), or say which of your "
                "columns it is on your mapping page.",
                allowed=column.meaning,
            )
        )
    return problems


@rule(
    "column_not_recorded",
    Severity.NOTE,
    Stage.COLUMNS,
    "The file has no column for a characteristic Reach asks about, so every referral is "
    "counted as 'not recorded' for it.",
)
def column_not_recorded(check: ColumnCheck):
    present = {m.field for m in check.matches}
    if AGE in present:
        present.add("age_band")
    problems = []
    for column in COLUMNS:
        if column.name not in NOT_RECORDED_IF_MISSING or column.name in present:
            continue
        also = ""
        if column.name == "age_band":
            also = f" (or an exact age, headed {EXACT_AGE_COLUMNS[0]!r})"
        problems.append(
            column_not_recorded.problem(
                column=column.name,
                message=f"The file has no {column.title.lower()} column{also}, so every "
                f"referral is counted as 'not recorded' for {column.title.lower()}. If your "
                "case system records it, add the column.",
            )
        )
    return problems


@rule(
    "duplicate_column",
    Severity.ERROR,
    Stage.COLUMNS,
    "Two columns give the same information. Keep one of them.",
)
def duplicate_column(check: ColumnCheck):
    first: dict[str, str] = {}
    problems = []
    for m in check.matches:
        if not m.field:
            continue
        if m.field in first:
            name = "age" if m.field == AGE else m.field
            problems.append(
                duplicate_column.problem(
                    column=m.heading,
                    value=m.heading,
                    message=f"The columns '{first[m.field]}' and '{m.heading}' both give "
                    f"{name}. Keep one of them, or leave one out on your mapping page.",
                )
            )
        else:
            first[m.field] = m.heading
    return problems


@rule(
    "title_rows_left_out",
    Severity.NOTE,
    Stage.COLUMNS,
    "The headings are not on the first row: the rows above them were read as a title and left out.",
)
def title_rows_left_out(check: ColumnCheck):
    if check.header_row <= 1:
        return []
    above = check.header_row - 1
    return [
        title_rows_left_out.problem(
            row=check.header_row,
            message=f"The headings were found on row {check.header_row}; the {above} "
            f"row{'s' if above > 1 else ''} above {'them were' if above > 1 else 'it was'} "
            "read as a title and left out.",
        )
    ]


@rule(
    "footer_rows_left_out",
    Severity.NOTE,
    Stage.COLUMNS,
    "Rows after the referrals with only a value or two (a report footer, such as a total) "
    "were left out.",
)
def footer_rows_left_out(check: ColumnCheck):
    if not check.footer_rows:
        return []
    n = check.footer_rows
    return [
        footer_rows_left_out.problem(
            message=f"The last {n} row{'s' if n > 1 else ''} of the file "
            f"{'have' if n > 1 else 'has'} only a value or two (a report footer, such as "
            "a total or the date it was run) and were left out."
        )
    ]


MAPPING_APPLIED = declare(
    "mapping_applied",
    Severity.NOTE,
    Stage.COLUMNS,
    "Your saved mapping was used to read some of the file's headings or labels.",
)

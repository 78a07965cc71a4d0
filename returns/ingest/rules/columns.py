"""Column rules: does the heading row match the data standard (returns/standard.py)?

Identifying columns refuse the whole file (DESIGN.md "counts, not people": names,
addresses, dates of birth and free text are refused at the door). Other unknown columns
are errors too, listing what is accepted: a data officer can delete or rename them, and
a column Reach silently ignored today could be one it misreads tomorrow.
"""

import difflib

from returns.ingest.context import AGE, ColumnCheck
from returns.ingest.problems import Severity
from returns.ingest.rules.base import Stage, rule
from returns.standard import COLUMNS, EXACT_AGE_COLUMNS


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


@rule(
    "unknown_column",
    Severity.ERROR,
    Stage.COLUMNS,
    "The file has a column Reach does not use. Remove it, or rename it to a column of the "
    "data standard.",
)
def unknown_column(check: ColumnCheck):
    problems = []
    for m in check.matches:
        if m.how != "unknown":
            continue
        close = difflib.get_close_matches(m.heading.lower(), check.accepted, n=1, cutoff=0.6)
        hint = f" Did you mean '{close[0]}'?" if close else ""
        problems.append(
            unknown_column.problem(
                column=m.heading,
                value=m.heading,
                message=f"Reach does not use a column called '{m.heading}'.{hint} Remove it, "
                "or rename it to one of the accepted columns.",
                allowed=", ".join(check.accepted),
            )
        )
    return problems


@rule(
    "unnamed_column",
    Severity.ERROR,
    Stage.COLUMNS,
    "A column has values but no heading. Give it a heading, or remove it.",
)
def unnamed_column(check: ColumnCheck):
    return [
        unnamed_column.problem(
            column=f"column {m.position + 1}",
            message=f"Column {m.position + 1} has values but no heading. Give it the heading "
            "of a column in the data standard, or remove it.",
            allowed=", ".join(check.accepted),
        )
        for m in check.matches
        if m.how == "unnamed"
    ]


@rule(
    "missing_column",
    Severity.ERROR,
    Stage.COLUMNS,
    "The file lacks a column every return needs. Add it (write Not known where a value was "
    "not recorded).",
)
def missing_column(check: ColumnCheck):
    present = {m.field for m in check.matches}
    if AGE in present:
        present.add("age_band")
    problems = []
    for column in COLUMNS:
        if column.name not in check.required or column.name in present:
            continue
        also = [column.title, *column.synonyms]
        if column.name == "age_band":
            also += list(EXACT_AGE_COLUMNS)
        problems.append(
            missing_column.problem(
                column=column.name,
                message=f"The file has no '{column.name}' column ({column.title.lower()}). "
                f"Add it; a heading of '{column.name}' or {', '.join(repr(a) for a in also)} "
                "is recognised.",
                allowed=column.meaning,
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
                    f"{name}. Keep one of them.",
                )
            )
        else:
            first[m.field] = m.heading
    return problems

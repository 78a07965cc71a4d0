"""Match a file's headings to the data standard's columns (returns/standard.py).

Headings are compared ignoring case, spaces and punctuation (`standard.normalise_column`),
so "Ethnic Group", "ETHNIC_GROUP" and "ethnic-group" are one column, and each column's
synonyms ("Date of referral", "Gender") are accepted. Identifying columns are recognised
in their usual variants too ("Post Code", "Client postcode", "D.O.B."): a file holding one
is refused whole, because Reach holds counts, not people (DESIGN.md).
"""

from returns.ingest.context import AGE, ColumnCheck, ColumnMatch
from returns.standard import (
    COLUMNS,
    EXACT_AGE_COLUMNS,
    IDENTIFYING_COLUMNS,
    normalise_column,
)

# Identifying names too common inside harmless headings to match as a part of one
# ("Provider name", "Outcome description"); they are refused only as the whole heading.
_WHOLE_HEADING_ONLY = {"name", "description", "urn", "zip", "street"}
# "<word> name" headings that name a person.
_PERSON_WORDS = {
    "victim", "client", "person", "service_user", "user", "first", "last", "full", "given",
    "family", "middle", "maiden", "preferred", "known_as", "christian", "child", "parent",
}  # fmt: skip


def match_table(measure_columns: dict[str, str]) -> dict[str, tuple[str, str]]:
    """Normalised heading -> (standard column, how it matched)."""
    table: dict[str, tuple[str, str]] = {}
    for column in COLUMNS:
        table[normalise_column(column.name)] = (column.name, "standard")
        table.setdefault(normalise_column(column.title), (column.name, "standard"))
    for name, label in measure_columns.items():
        table[normalise_column(name)] = (name, "measure")
        table.setdefault(normalise_column(label), (name, "measure"))
    for column in COLUMNS:
        for synonym in column.synonyms:
            table.setdefault(normalise_column(synonym), (column.name, "synonym"))
    for name in EXACT_AGE_COLUMNS:
        table.setdefault(normalise_column(name), (AGE, "exact age"))
    return table


def _singular(token: str) -> str:
    return token[:-1] if token.endswith("s") and len(token) > 3 else token


def identifying_reason(key: str) -> str | None:
    """What kind of personal data a normalised heading holds, or None."""
    compact = key.replace("_", "")
    tokens = [_singular(t) for t in key.split("_")]
    for ident, reason in IDENTIFYING_COLUMNS.items():
        if key == ident or compact == ident.replace("_", ""):
            return reason
    # Longest first, so "email_address" is read as an email address, not an address.
    for ident, reason in sorted(IDENTIFYING_COLUMNS.items(), key=lambda i: -i[0].count("_")):
        if ident in _WHOLE_HEADING_ONLY:
            continue
        wanted = [_singular(t) for t in ident.split("_")]
        n = len(wanted)
        if any(tokens[i : i + n] == wanted for i in range(len(tokens) - n + 1)):
            return reason
    if key.endswith("_name") and key[: -len("_name")] in _PERSON_WORDS:
        return "names"
    if key in {"forenames", "surnames", "first_names"}:
        return "names"
    return None


def match_columns(headings: list[str], measure_columns: dict[str, str]) -> ColumnCheck:
    """What each heading is, in file order, with what the rules need to judge them."""
    table = match_table(measure_columns)
    matches: list[ColumnMatch] = []
    for position, heading in enumerate(headings):
        key = normalise_column(heading)
        if not key:
            matches.append(ColumnMatch(position, heading, None, "unnamed"))
        elif key in table:
            name, how = table[key]
            matches.append(ColumnMatch(position, heading, name, how))
        elif reason := identifying_reason(key):
            matches.append(ColumnMatch(position, heading, None, "identifying", reason))
        else:
            matches.append(ColumnMatch(position, heading, None, "unknown"))
    # An age band beats an exact age: the exact age is then not read at all.
    fields = {m.field for m in matches}
    if "age_band" in fields and AGE in fields:
        matches = [
            ColumnMatch(m.position, m.heading, None, "not used", "the age band column is used")
            if m.field == AGE
            else m
            for m in matches
        ]
    accepted = [c.name for c in COLUMNS] + list(measure_columns)
    required = [c.name for c in COLUMNS if c.required]
    return ColumnCheck(matches=matches, accepted=accepted, required=required)


def mapping_for_display(check: ColumnCheck) -> list[dict[str, str]]:
    """What each file column was matched to, for the page that shows the officer."""
    shown = []
    for m in check.matches:
        field = "age_band (from exact age)" if m.field == AGE else (m.field or "")
        shown.append({"heading": m.heading, "column": field, "how": m.how, "note": m.reason})
    return shown

"""Match a file's headings to the data standard's columns (returns/standard.py).

Headings are compared ignoring case, spaces and punctuation (`standard.normalise_column`)
and then, if need be, ignoring word order and small words ("Date of referral" is
"Referral date"; "Case No." is "Case number"). Each column's own name and title, the
headings of reference/data/codes/column_headings.csv and the provider's saved mapping
are accepted; a leading "client", "victim" or "service user" is ignored where the rest is
known ("Client Ethnicity"). Identifying columns are recognised in their usual variants too
("Post Code", "Client postcode", "D.O.B."): a file holding one is refused whole, because
Reach holds counts, not people (docs/adr/0001-counts-not-people.md). Other columns are left
out, and the result says so.
"""

from dataclasses import dataclass, field

from returns.ingest.context import AGE, ColumnCheck, ColumnMatch
from returns.standard import (
    COLUMNS,
    EXACT_AGE_COLUMNS,
    IDENTIFYING_COLUMNS,
    normalise_column,
)

LEAVE_OUT = "leave_out"
# Identifying names too common inside harmless headings to match as a part of one
# ("Provider name", "Outcome description"); they are refused only as the whole heading.
_WHOLE_HEADING_ONLY = {"name", "description", "urn", "zip", "street"}
# "<word> name" headings that name a person.
_PERSON_WORDS = {
    "victim", "client", "person", "service_user", "user", "first", "last", "full", "given",
    "family", "middle", "maiden", "preferred", "known_as", "christian", "child", "parent",
}  # fmt: skip
# Words a heading may begin with that say whose the value is, not what it is.
_WHOSE = ("service_user", "client", "victim", "su", "customer", "patient", "person", "referral")
_TOKENS = {"no": "number", "num": "number", "nbr": "number", "ref": "reference"}
_SMALL = {"of", "the", "a", "an", "if", "any"}


def heading_bag(key: str) -> str:
    tokens = {_TOKENS.get(t, t) for t in key.split("_") if t}
    return " ".join(sorted(t for t in tokens if t not in _SMALL))


@dataclass
class HeadingTable:
    exact: dict[str, tuple[str, str]] = field(default_factory=dict)  # key -> (field, how)
    bags: dict[str, tuple[str, str]] = field(default_factory=dict)
    clashing: set[str] = field(default_factory=set)

    def add(self, heading: str, target: str, how: str) -> None:
        key = normalise_column(heading)
        if not key:
            return
        self.exact.setdefault(key, (target, how))
        b = heading_bag(key)
        if b in self.clashing:
            return
        if b in self.bags and self.bags[b][0] != target:
            self.clashing.add(b)
            del self.bags[b]
        else:
            self.bags.setdefault(b, (target, how))

    def find(self, key: str) -> tuple[str, str] | None:
        return self.exact.get(key) or self.bags.get(heading_bag(key))


def match_table(measure_columns: dict[str, str]) -> HeadingTable:
    """Every heading Reach knows -> (standard column, AGE or LEAVE_OUT; how it matched)."""
    from reference.loading import column_headings

    table = HeadingTable()
    for column in COLUMNS:
        table.add(column.name, column.name, "standard")
        table.add(column.title, column.name, "standard")
    for name, label in measure_columns.items():
        table.add(name, name, "measure")
        table.add(label, name, "measure")
    for column in COLUMNS:
        for synonym in column.synonyms:
            table.add(synonym, column.name, "synonym")
    for name in EXACT_AGE_COLUMNS:
        table.add(name, AGE, "exact age")
    for heading in column_headings():
        target = AGE if heading.column == "age" else heading.column
        how = (
            "known, not read"
            if target == LEAVE_OUT
            else ("exact age" if target == AGE else "synonym")
        )
        table.add(heading.heading, target, how)
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


def _without_whose(key: str) -> str | None:
    for word in _WHOSE:
        if key.startswith(word + "_"):
            return key[len(word) + 1 :]
    return None


def match_heading(heading: str, table: HeadingTable, mapping=None) -> tuple[str | None, str, str]:
    """(field or None, how, note) for one heading."""
    key = normalise_column(heading)
    if not key:
        return None, "unnamed", ""
    if mapping is not None and (target := mapping.heading(heading)):
        if target == LEAVE_OUT:
            return None, "left out by your mapping", ""
        return (AGE if target == "age" else target), "your mapping", ""
    if found := table.exact.get(key):
        return _field(found)
    if reason := identifying_reason(key):
        return None, "identifying", reason
    for candidate in (key, _without_whose(key)):
        if candidate and (found := table.find(candidate)):
            return _field(found)
    return None, "unknown", ""


def _field(found: tuple[str, str]) -> tuple[str | None, str, str]:
    target, how = found
    if target == LEAVE_OUT:
        return None, how, ""
    return target, how, ""


def match_columns(
    headings: list[str],
    measure_columns: dict[str, str],
    *,
    mapping=None,
    samples: dict[int, list[str]] | None = None,
    header_row: int = 1,
    footer_rows: int = 0,
) -> ColumnCheck:
    """What each heading is, in file order, with what the rules need to judge them."""
    table = match_table(measure_columns)
    matches: list[ColumnMatch] = []
    for position, heading in enumerate(headings):
        field_name, how, note = match_heading(heading, table, mapping)
        matches.append(ColumnMatch(position, heading, field_name, how, note))
        if mapping is not None and how in ("your mapping", "left out by your mapping"):
            mapping.note_used("heading", "", heading)
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
    return ColumnCheck(
        matches=matches,
        accepted=accepted,
        required=required,
        samples=samples or {},
        header_row=header_row,
        footer_rows=footer_rows,
    )


def known_heading(heading: str, table: HeadingTable) -> bool:
    """Is this a heading Reach would read or refuse (to find the heading row of a file)?"""
    field_name, how, _ = match_heading(heading, table)
    return field_name is not None or how in ("identifying", "known, not read")


# Fields whose values are free text, one a referral: read as text, never as categories.
_TEXT_FIELDS = frozenset({"referral_id"})


def coded_heading(heading: str, table: HeadingTable, mapping=None) -> bool:
    """Does this heading's column hold values from a short list (a code, a date, an age),
    so that reading it as categories pays (returns/ingest/reader.py)?"""
    field_name, _, _ = match_heading(heading, table, mapping)
    return field_name is not None and field_name not in _TEXT_FIELDS


def mapping_for_display(check: ColumnCheck) -> list[dict[str, str]]:
    """What each file column was matched to, for the page that shows the officer."""
    shown = []
    for m in check.matches:
        field_name = "age_band (from exact age)" if m.field == AGE else (m.field or "")
        shown.append({"heading": m.heading, "column": field_name, "how": m.how, "note": m.reason})
    return shown

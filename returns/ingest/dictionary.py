"""The data dictionary and the downloadable templates (docs/data-standard.md).

Everything here is built from the standard (returns/standard.py), the reference tables
and the rule registry, so the page a data officer reads, the template they fill in and
the checks their file meets cannot drift apart.
"""

from dataclasses import dataclass

from core.exports import csv_bytes, xlsx_bytes
from reference import models as ref
from reference.loading import code_aliases
from returns.ingest.codes import CODE_COLUMNS, YES_NO
from returns.ingest.rules import REGISTRY
from returns.standard import COLUMNS, EXACT_AGE_COLUMNS, IDENTIFYING_COLUMNS

# A second example row, different from each column's own example, so the template shows
# that labels, "Prefer not to say" and blanks are all fine.
SECOND_EXAMPLE = {
    "referral_id": "R-000124",
    "referral_date": "02/06/2026",
    "ethnicity": "Prefer not to say",
    "sex": "Male",
    "age_band": "45-54",
    "disability": "Not known",
    "sexual_orientation": "PNS",
    "crime_type": "HATE_RACE",
    "referral_pathway": "Police referral",
    "outcome": "OPEN",
    "interpreter_needed": "",
}
MEASURE_EXAMPLES = ("YES", "")


@dataclass(frozen=True)
class DictionaryColumn:
    name: str
    title: str
    meaning: str
    required: bool
    blank: str  # what a blank cell means, or that it is not allowed
    headings: tuple[str, ...]  # other headings accepted for the column
    codes: tuple[tuple[str, str], ...]  # (code, label) allowed, in order
    aliases: tuple[tuple[str, str], ...]  # (other spelling accepted, code)
    example: str
    ambiguous: tuple[tuple[str, str], ...] = ()  # (label, the codes it could mean): asked


def _codes(model) -> tuple[tuple[str, str], ...]:
    return tuple((c.code, c.label) for c in model.objects.filter(disabled_on__isnull=True))


def _ethnicity_aliases() -> tuple[tuple[str, str], ...]:
    rows = ref.EthnicityAlias.objects.select_related("group").order_by("group__order", "alias")
    return tuple((a.alias, a.group.code) for a in rows if a.alias != a.group.code)


def data_dictionary() -> list[DictionaryColumn]:
    """One entry per column of a record-level return, in template order."""
    entries = []
    for column in COLUMNS:
        codes, aliases, ambiguous = (), (), ()
        if column.name == "ethnicity":
            codes = _codes(ref.EthnicGroup)
            aliases = _ethnicity_aliases()
        elif column.name in CODE_COLUMNS:
            codes = _codes(CODE_COLUMNS[column.name])
            aliases = tuple((label, code) for code, label in codes) + tuple(
                (a.alias, a.codes[0])
                for a in code_aliases()
                if a.column == column.name and len(a.codes) == 1
            )
            ambiguous = tuple(
                (a.alias, ", ".join(a.codes))
                for a in code_aliases()
                if a.column == column.name and len(a.codes) > 1
            )
        elif column.name == "interpreter_needed":
            codes = (("Y", "Yes"), ("N", "No"))
            aliases = tuple((s, "Y" if v else "N") for s, v in YES_NO.items() if v is not None)
        headings = (column.title, *column.synonyms)
        if column.name == "age_band":
            headings += EXACT_AGE_COLUMNS
        entries.append(
            DictionaryColumn(
                name=column.name,
                title=column.title,
                meaning=column.meaning,
                required=column.required,
                blank=_blank(column),
                headings=headings,
                codes=codes,
                aliases=aliases,
                example=column.example,
                ambiguous=ambiguous,
            )
        )
    answers = _codes(ref.MeasureAnswer)
    for measure in ref.OutcomeMeasure.objects.filter(disabled_on__isnull=True):
        entries.append(
            DictionaryColumn(
                name=measure.code.lower(),
                title=measure.label,
                meaning=f"The victim's answer to the outcome measure '{measure.label}'. "
                + (measure.description or ""),
                required=False,
                blank="allowed: not asked",
                headings=(measure.label,),
                codes=answers,
                aliases=tuple((label, code) for code, label in answers),
                example=MEASURE_EXAMPLES[0],
            )
        )
    return entries


def _blank(column) -> str:
    if column.name in ("referral_id", "referral_date"):
        return "not allowed"
    if column.name == "ethnicity":
        return "allowed: read as Not known (it counts against recording coverage)"
    if column.name == "interpreter_needed":
        return "allowed: not known"
    return "allowed: read as Not known. A file without this column records it as Not recorded."


def refused_columns() -> dict[str, list[str]]:
    """What kind of personal data -> the headings that are refused for it."""
    refused: dict[str, list[str]] = {}
    for heading, reason in IDENTIFYING_COLUMNS.items():
        refused.setdefault(reason, []).append(heading)
    return refused


def rules_table() -> list[dict[str, str]]:
    """Every check a return meets: code, severity and what it means."""
    return [
        {"code": r.code, "severity": str(r.severity), "stage": str(r.stage), "message": r.message}
        for r in REGISTRY.values()
    ]


def _template() -> tuple[list[str], list[list[str]]]:
    entries = data_dictionary()
    header = [e.name for e in entries]
    first = [e.example for e in entries]
    second = [SECOND_EXAMPLE.get(e.name, MEASURE_EXAMPLES[1]) for e in entries]
    return header, [first, second]


def template_csv() -> bytes:
    """The heading row and two example rows, as CSV UTF-8."""
    header, rows = _template()
    return csv_bytes(header, rows)


def template_xlsx() -> bytes:
    """The template as a workbook: the return on the first sheet (columns formatted as
    text, so Excel cannot turn "12-15" into a date), every code on the second, and the
    other ethnicity spellings accepted on the third."""
    header, rows = _template()
    entries = data_dictionary()
    codes = [(e.name, code, label) for e in entries for code, label in e.codes]
    ethnicity = next(e for e in entries if e.name == "ethnicity")
    return xlsx_bytes(
        {
            "Return": (header, rows),
            "Codes": (["column", "code", "label"], codes),
            "Ethnicity spellings": (["spelling", "code"], list(ethnicity.aliases)),
        },
        text_sheets={"Return"},
    )

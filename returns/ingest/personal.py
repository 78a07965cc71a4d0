"""Does a value found in a file look like personal details? Then it is never stored.

A rejected file's problems are kept as row, column and kind; the values found are kept
only while the provider fixes that file, and even then never a value that looks like a
name, an address, a postcode, an email address, a phone or NHS number, or a date of birth
(docs/returns.md, "What is kept"). Two tests, the stricter where it can be applied:

- in a code column (ethnicity, crime type, ...), a value is shown only if every word of
  it is a word of that column's labels (or close to one: a typo), or it is on at least
  LABEL_ROWS rows (a label of the provider's case system, not one person's details); so
  "Jane Doe" on one row of the ethnicity column is withheld, "Pakstani" is shown, and so
  is "Dual Heritage" on forty rows;
- anywhere, a value matching the patterns below is withheld, however often it appears.
"""

import datetime
import difflib
import re

from returns.ingest import labels

WITHHELD = "[withheld: looks like personal details]"

_PATTERNS = (
    re.compile(r"[^@\s]+@[^@\s]+\.[a-z]{2,}", re.I),  # an email address
    re.compile(r"\b[a-z]{1,2}\d[a-z\d]?\s*\d[a-z]{2}\b", re.I),  # a UK postcode
    re.compile(r"(?:\d[\s-]?){10,}"),  # a phone or NHS number: ten digits or more
    re.compile(r"\+\d[\d\s-]{7,}"),  # an international phone number
    re.compile(  # a street address
        r"\b\d+[a-z]?\s+(?:[a-z']+\s+){0,3}(?:street|st|road|rd|avenue|ave|lane|ln|close|"
        r"drive|dr|way|crescent|court|ct|place|pl|grove|gardens|terrace|hill|square)\b",
        re.I,
    ),
)
_DATE = re.compile(
    r"\b(?:(?P<y1>\d{4})[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}[-/.]\d{1,2}[-/.](?P<y2>\d{4})|"
    r"\d{1,2}\s+[a-z]{3,9}\s+(?P<y3>\d{4}))\b",
    re.I,
)
# Two or more capitalised words, as a name is written ("Jane Doe", "Mary-Ann O'Brien",
# "Ian McDonald"): each begins with a capital and has a small letter somewhere.
_NAME_WORD = r"[A-Z][A-Za-z'’-]*[a-z][A-Za-z'’-]*"
_NAME = re.compile(rf"^{_NAME_WORD}(?:\s+{_NAME_WORD})+$")
DATE_OF_BIRTH_YEARS = 10  # a date this many years before today reads as a date of birth
LABEL_ROWS = 5  # a value on this many rows of a code column is a label, not a person


def matches_pattern(value: str, *, today: datetime.date | None = None) -> bool:
    """An email, a postcode, a phone or NHS number, an address or a date of birth."""
    if any(p.search(value) for p in _PATTERNS):
        return True
    today = today or datetime.date.today()
    for m in _DATE.finditer(value):
        year = int(m["y1"] or m["y2"] or m["y3"])
        if year <= today.year - DATE_OF_BIRTH_YEARS:
            return True
    return False


def looks_personal(value: str, *, vocabulary: frozenset[str] | None = None, rows: int = 1) -> bool:
    """Should this value be withheld? `vocabulary`: the words of the column's labels, for a
    code column; `rows`: how many rows hold it (see the module's docstring)."""
    value = (value or "").strip()
    if not value:
        return False
    if matches_pattern(value):
        return True
    if vocabulary is not None:
        if rows >= LABEL_ROWS:
            return False
        return not all(_known(word, vocabulary) for word in labels.words(value))
    return bool(_NAME.match(value))


def _known(word: str, vocabulary: frozenset[str]) -> bool:
    if word in vocabulary or (word.isdigit() and len(word) <= 3) or len(word) <= 2:
        return True
    return bool(difflib.get_close_matches(word, vocabulary, n=1, cutoff=0.8))

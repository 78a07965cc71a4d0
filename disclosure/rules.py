"""Every threshold and every word of disclosure control, in one place (docs/disclosure.md).

The ONS "10-5" rule: a count of 1 to 9 is never published (shown `[c]`); every other
count is rounded to the nearest 5; true zeros are published as 0, except beside a
confidential count (then they are confidential too, so `[c]` means 0 to 9). Rates are published
only over a base of at least 10 and only where neither their numerator nor their base is
confidential. Sensitive breakdowns are published only for 12 months and 5+1 groups.
"""

#: Counts from 1 up to this are confidential (the "10" of the 10-5 rule: 10 is the
#: smallest count published).
SMALLEST_PUBLISHED = 10
#: Every published count is rounded to the nearest multiple of this (the "5").
ROUND_TO = 5
#: No rate or ratio over a base smaller than this.
MIN_BASE = 10
#: No confidential count may be narrowed, from everything published with it, to a range
#: of fewer than this many values' width (maximum minus minimum).
MIN_RANGE = 5
#: Sensitive breakdowns cover this many months, never fewer.
SENSITIVE_MONTHS = 12
#: Rates are published as whole percentages (no decimal places): finer percentages of small bases would give away the exact counts that rounding hides.
RATE_PLACES = 0

# GSS symbols for statistical tables (Analysis Function, "Symbols, suppression and
# rounding"), with the words a reader sees in a table's notes and on a cover sheet.
CONFIDENTIAL = "[c]"
NOT_AVAILABLE = "[x]"
NOT_APPLICABLE = "[z]"

SYMBOLS = {
    CONFIDENTIAL: "confidential: withheld so that no small number of people can be "
    "identified (a count from 0 to 9, or a larger figure that would let one be worked out)",
    NOT_AVAILABLE: f"not available: the rate's base is under {MIN_BASE} people, too few "
    "for a reliable rate",
    NOT_APPLICABLE: "not applicable: there is nobody to take a rate of",
}

ROUNDING_NOTE = (
    f"Counts are rounded to the nearest {ROUND_TO}, and counts of 1 to "
    f"{SMALLEST_PUBLISHED - 1} are shown as {CONFIDENTIAL}, as is a 0 in the same row or "
    "column as one. Totals are rounded from the "
    "exact figures, so they need not equal the sum of the rounded figures beside them."
)
SECONDARY_NOTE = (
    f"Some larger counts are also shown as {CONFIDENTIAL}, so that a withheld small count "
    "cannot be worked out from the totals."
)
RATE_NOTE = (
    "Percentages are worked out from the exact counts, before rounding. A percentage is "
    f"shown as {CONFIDENTIAL} where its count or its base is confidential and as "
    f"{NOT_AVAILABLE} where its base is under {MIN_BASE}."
)
SENSITIVE_NOTE = (
    "This breakdown can reveal sensitive facts about people, so it covers 12 months and "
    "the 5 high-level ethnic groups (and not stated) only."
)


def symbol_notes() -> list[str]:
    """The symbols, explained: one sentence each, for a table's notes or a cover sheet."""
    return [f"{symbol} means {words}." for symbol, words in SYMBOLS.items()]

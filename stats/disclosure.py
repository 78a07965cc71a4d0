"""Disclosure control for published figures: the ONS "10-5" rule and GSS table symbols.

Every published number passes the ONS 10-5 rule (docs/statistical-methods.md): counts
1–9 shown as ``[c]``, every other count rounded to the nearest 5, totals rounded from the
unrounded data; no rate, ratio or interval published whose numerator is suppressed or whose
denominator is under 10. Sources: ONS, "Comparison of post-tabular statistical
disclosure control methods" (the 10-5 rule); UK LLC TRE output rules (rates on fewer
than 10 people are disclosive); GSS/Analysis Function guidance "Symbols in tables".
Internal views show exact counts and do not call these functions.
"""

from ._checks import check_count, check_non_negative, check_part_of_whole

#: GSS symbol: confidential (suppressed to protect individuals).
SUPPRESSED = "[c]"
#: GSS symbol: not available (data not collected or not supplied).
NOT_AVAILABLE = "[x]"
#: GSS symbol: not applicable (the figure cannot exist, e.g. a rate with no base).
NOT_APPLICABLE = "[z]"
#: GSS-style symbol: low base (shown internally beside an exact figure).
LOW_BASE = "[low]"

#: Counts strictly below this (other than 0) are suppressed; bases below it block rates.
THRESHOLD = 10
#: Published counts are rounded to a multiple of this.
ROUNDING_BASE = 5


def round_to_base(n: int, base: int = ROUNDING_BASE) -> int:
    """Round a whole number to the nearest multiple of ``base`` (conventional rounding).

    With base 5: n mod 5 in {1, 2} rounds down, {3, 4} rounds up; an exact half (only
    possible for even bases) rounds up. Source: OECD glossary, "Rounding (to base)".
    """
    n = check_count("n", n)
    base = check_count("base", base)
    if base == 0:
        raise ValueError("base must be positive")
    return (n + base // 2) // base * base


def disclose_count(n: int) -> int | str:
    """The published form of a count: 0 → 0, 1–9 → "[c]", otherwise rounded to the nearest 5.

    Examples: 9 → "[c]", 10 → 10, 12 → 10, 13 → 15, 17 → 15, 18 → 20, 9999 → 10000.
    A true zero is shown as 0: it reveals nothing about an individual. Source: ONS 10-5.
    """
    n = check_count("count", n)
    if 0 < n < THRESHOLD:
        return SUPPRESSED
    return round_to_base(n)


def disclose_total(unrounded_total: int) -> int | str:
    """The published form of a total, from the UNROUNDED total, by the same rule.

    Totals are rounded independently of their cells, so a published total need not equal
    the sum of the published (rounded or suppressed) cells; tables must footnote this.
    Rounding the sum of rounded cells instead would let readers recover suppressed cells
    by differencing. Source: ONS 10-5 rule.
    """
    return disclose_count(unrounded_total)


def is_publishable(numerator: int, denominator: float) -> bool:
    """True when a rate, ratio or interval built on these figures may be published.

    Rule: the numerator is not suppressed (it is 0 or at least 10) and the denominator is
    at least 10. The denominator may be an expected count (a float) for O/E ratios.
    Sources: ONS 10-5 rule; UK LLC output rules (rates on fewer than 10 people).
    """
    n = check_count("numerator", numerator)
    d = check_non_negative("denominator", denominator)
    return not 0 < n < THRESHOLD and d >= THRESHOLD


def disclose_rate(numerator: int, denominator: int) -> float | None:
    """numerator/denominator from UNROUNDED data, or None ("not published").

    None when the numerator is 1–9 (suppressed) or the denominator is below 10 (show
    ``SUPPRESSED`` or ``LOW_BASE`` as the context requires). Computing from rounded
    counts would add rounding error and can reveal the unrounded values.
    Raises ValueError when the numerator exceeds the denominator.
    """
    n, d = check_part_of_whole("numerator", numerator, "denominator", denominator)
    if not is_publishable(n, d):
        return None
    return n / d


def disclose_ratio(value: float | None, numerator: int, denominator: float) -> float | None:
    """A ratio (or interval limit) computed elsewhere from unrounded data, or None.

    Same guard as ``disclose_rate``: None unless ``is_publishable(numerator,
    denominator)``. For a representation ratio pass the group's count and the number
    with stated ethnicity; for O/E pass O and E. A None value stays None.
    """
    if not is_publishable(numerator, denominator):
        return None
    return value

"""Formatting of figures on pages: one way to write a percentage, a ratio, an interval."""

from django import template

register = template.Library()


@register.filter
def pct(value, places=1):
    if value is None or value == "":
        return "[x]"
    return f"{100 * value:.{int(places)}f}%"


@register.filter
def ratio(value):
    return "[x]" if value is None else f"{value:.2f}"


@register.filter
def ratio_interval(r):
    if r is None or r.low is None:
        return "[x]"
    return f"{r.low:.2f} to {r.high:.2f}"


@register.filter
def pct_interval(interval):
    if interval is None:
        return "[x]"
    return f"{100 * interval.low:.1f}% to {100 * interval.high:.1f}%"


@register.filter
def pp_difference(diff):
    """A difference of proportions in percentage points, with its interval."""
    if diff is None:
        return "[x]"
    return f"{100 * diff.diff:+.1f} (from {100 * diff.low:+.1f} to {100 * diff.high:+.1f})"


@register.filter
def get(mapping, key):
    return mapping.get(key) if mapping else None


@register.filter
def pct_range(interval):
    """A compact interval in whole percentages, for dense tables: "69–90%"."""
    if interval is None:
        return "[x]"
    return f"{100 * interval.low:.0f}–{100 * interval.high:.0f}%"


RATING_TAGS = {
    "met": "govuk-tag--green",
    "partly_met": "govuk-tag--yellow",
    "not_met": "govuk-tag--red",
    "evidence_missing": "govuk-tag--grey",
}


@register.filter
def rating_tag(rating: str) -> str:
    """The GOV.UK tag colour for a Quality Standard rating."""
    return RATING_TAGS.get(rating, "govuk-tag--grey")

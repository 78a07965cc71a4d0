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


def _places(values) -> int:
    """Decimal places a column of numbers is shown with: the most any of its values has."""
    places = 0
    for value in values:
        if isinstance(value, float):
            text = repr(value)
            if "e" not in text and "." in text:
                places = max(places, min(len(text.split(".")[1]), 4))
    return places


@register.filter
def table_cells(table):
    """A core.tables.Table's rows as cells for templates/monitoring/_table.html: each
    {"text", "header", "numeric", "css"}, the values exactly as the downloads hold them (a
    blank is [x]; a column of numbers is written to one number of decimal places, with
    thousands separators)."""
    from monitoring.verdicts import CSS_BY_LABEL

    columns = list(zip(*table.rows, strict=True)) if table.rows else []
    numeric = [
        any(isinstance(v, int | float) and not isinstance(v, bool) for v in column)
        for column in columns
    ]
    places = [_places(column) for column in columns]
    out = []
    for row in table.rows:
        cells = []
        for i, value in enumerate(row):
            if value is None:
                text = "[x]"
            elif isinstance(value, bool):
                text = "Yes" if value else "No"
            elif isinstance(value, float):
                text = f"{value:,.{places[i]}f}"
            elif isinstance(value, int):
                text = f"{value:,}"
            else:
                text = str(value)
            cells.append(
                {
                    "text": text,
                    "header": table.headers[i],
                    "numeric": numeric[i] and i > 0,
                    "css": table.tags.get(text) or CSS_BY_LABEL.get(text.split(";")[0], ""),
                }
            )
        out.append(cells)
    return out


@register.filter
def numeric_columns(table):
    """Which headers head a column of numbers (right-aligned, as GOV.UK tables do)."""
    return [
        i > 0
        and any(
            isinstance(row[i], int | float) and not isinstance(row[i], bool) for row in table.rows
        )
        for i in range(len(table.headers))
    ]


@register.simple_tag
def table_markup(table, table_id):
    """The GOV.UK table for a core.tables.Table, built in one pass (a dashboard's tables
    hold thousands of cells; the template language would take most of the page's time).
    Each cell carries its heading for the stacked layout at 320 pixels."""
    from html import escape

    from django.utils.safestring import mark_safe

    numeric = numeric_columns(table)
    head = "".join(
        f'<th scope="col" class="govuk-table__header'
        f'{" govuk-table__header--numeric" if numeric[i] else ""}">{escape(h)}</th>'
        for i, h in enumerate(table.headers)
    )
    body = []
    for r, row in enumerate(table_cells(table)):
        cells = []
        for i, cell in enumerate(row):
            text, label = escape(cell["text"]), escape(cell["header"])
            if i == 0 and r < len(table.links) and table.links[r]:
                text = f'<a class="govuk-link" href="{escape(table.links[r])}">{text}</a>'
            if i == 0:
                cells.append(
                    f'<th scope="row" class="govuk-table__header" data-label="{label}">{text}</th>'
                )
                continue
            css = " govuk-table__cell--numeric reach-numeric" if cell["numeric"] else ""
            if cell["css"]:
                text = f'<span class="{cell["css"]}">{text}</span>'
            cells.append(f'<td class="govuk-table__cell{css}" data-label="{label}">{text}</td>')
        body.append(f'<tr class="govuk-table__row">{"".join(cells)}</tr>')
    if not body:
        body.append(
            f'<tr class="govuk-table__row"><td class="govuk-table__cell" '
            f'colspan="{len(table.headers)}">No referrals.</td></tr>'
        )
    return mark_safe(
        f'<table class="govuk-table reach-compact reach-stack" id="{escape(table_id)}-table">'
        f'<caption class="govuk-table__caption govuk-table__caption--s">{escape(table.title)}</caption>'
        f'<thead class="govuk-table__head"><tr class="govuk-table__row">{head}</tr></thead>'
        f'<tbody class="govuk-table__body">{"".join(body)}</tbody></table>'
    )


@register.inclusion_tag("monitoring/_verdict.html")
def verdict(verdict_key):
    """A verdict in its words and colour (monitoring/verdicts.py), for any page."""
    from monitoring.verdicts import VERDICTS

    v = VERDICTS[verdict_key]
    return {"label": v.label, "css": v.css}

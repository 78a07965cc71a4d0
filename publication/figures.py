"""A published report's figures as a reader sees them: each table, with a chart where
one helps, and the symbols explained once.

Everything here reads the snapshot kept with the report (`PublishedReport.tables`,
written by disclosure.snapshot), never the returns, so the page, the PDF and the open
data show the same figures as were published.
"""

from dataclasses import dataclass, field

import disclosure
from core.tables import Table
from disclosure.rules import CONFIDENTIAL, NOT_APPLICABLE, NOT_AVAILABLE
from monitoring.charts import Bar, bar_chart, bar_chart_print

SYMBOLS = (CONFIDENTIAL, NOT_AVAILABLE, NOT_APPLICABLE)
TOTAL = "Total"


@dataclass
class Figure:
    table: Table
    anchor: str
    numeric: list[bool] = field(default_factory=list)  # per column: right-aligned
    notes: list[str] = field(default_factory=list)  # the table's own notes
    chart: str = ""  # SVG, wide and narrow (the page)
    chart_print: str = ""  # SVG, wide only (the PDF)
    chart_text: str = ""  # the chart's point in words: its text alternative


def cell(value) -> str:
    """A cell as printed: whole numbers with thousands separators, symbols as they are."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        return f"{value:,.0f}" if value.is_integer() else f"{value:,g}"
    return str(value)


def _is_symbol_note(note: str) -> bool:
    return any(note.startswith(f"{symbol} means") for symbol in SYMBOLS)


def _totals_chart(table: Table, anchor: str) -> tuple[str, str, str]:
    column = table.headers.index(TOTAL)
    bars = []
    for row in table.rows:
        if str(row[0]) == TOTAL:
            continue
        value = row[column]
        if isinstance(value, int | float) and not isinstance(value, bool):
            bars.append(Bar(str(row[0]), float(value)))
        else:
            bars.append(Bar(str(row[0]), None, note=str(value or NOT_AVAILABLE)))
    shown = [b for b in bars if b.value is not None]
    largest = max(shown, key=lambda b: b.value) if shown else None
    words = (
        f"Referrals by ethnic group ({table.title.split(', ', 1)[-1]}). "
        + "; ".join(f"{b.label}: {cell(b.value) if b.value is not None else b.note}" for b in bars)
        + "."
        + (f" The largest group is {largest.label}." if largest else "")
    )
    title = f"Referrals by ethnic group: {table.title}"
    svg = bar_chart(bars, chart_id=f"chart-{anchor}", title=title, description=words)
    printed = bar_chart_print(bars, chart_id=f"print-{anchor}", title=title, description=words)
    return svg, printed, words


def figures(snapshot: list[dict]) -> list[Figure]:
    """The report's tables in order; the first table of each time span gets a chart of
    its totals by ethnic group (the tables after it break the same referrals down)."""
    out, charted = [], set()
    for table in disclosure.from_snapshot(snapshot):
        anchor = f"table-{table.slug}"
        numeric = [
            i > 0
            and any(
                isinstance(r[i], int | float) or r[i] in SYMBOLS for r in table.rows if i < len(r)
            )
            for i in range(len(table.headers))
        ]
        figure = Figure(
            table=table,
            anchor=anchor,
            numeric=numeric,
            notes=[n for n in table.notes if not _is_symbol_note(n)],
        )
        span = table.title.rsplit(", ", 1)[-1]
        if TOTAL in table.headers and span not in charted and table.rows:
            charted.add(span)
            figure.chart, figure.chart_print, figure.chart_text = _totals_chart(table, anchor)
        out.append(figure)
    return out


def rows(figure: Figure) -> list[list[str]]:
    return [[cell(v) for v in row] for row in figure.table.rows]


def period_words(period) -> str:
    """The period in words, in the language in force ("April 2026 to September 2026")."""
    from django.utils.formats import date_format
    from django.utils.translation import gettext

    return gettext("%(start)s to %(end)s") % {
        "start": date_format(period.start, "F Y"),
        "end": date_format(period.end, "F Y"),
    }

"""Server-drawn SVG charts: no JavaScript, and each one has its data table beside it.

Charts carry role="img" with a title and a description that states the main reading, so
a screen-reader user gets the point and then the table. Each chart is drawn twice: wide,
and narrow for a phone or 400% zoom (320 CSS pixels), where labels sit above their bars
and fewer ticks are drawn, so text stays at a readable size; CSS shows one of the two
(`reach-chart--wide`, `reach-chart--narrow`).
"""

import math
from dataclasses import dataclass
from html import escape

from monitoring.verdicts import BLUE, INK, RED

GREY = "#b1b4b6"
SERIES = ["#1d70b8", "#d4351c", "#00703c", "#6f72af", "#f47738", "#28a197", "#912b88"]


def _open(chart_id, title, description, width, height, narrow) -> list[str]:
    variant = "narrow" if narrow else "wide"
    return [
        f'<svg class="reach-chart reach-chart--{variant}" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" viewBox="0 0 {width:.0f} {height:.0f}" '
        f'width="100%" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>',
    ]


def _text(x, y, text, *, size=12, anchor="start", colour=INK, weight="normal") -> str:
    bold = ' font-weight="700"' if weight == "bold" else ""
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}" '
        f'fill="{colour}"{bold}>{escape(text)}</text>'
    )


@dataclass
class RatioPoint:
    label: str
    ratio: float | None
    low: float | None  # the interval drawn: adjusted for the family's comparisons
    high: float | None
    colour: str = INK
    flagged: bool = False  # drawn as a square
    hollow: bool = False  # clear of 1 alone, not after the control: an open circle
    note: str = "no referrals with a stated ethnicity"  # shown when there is no ratio


def ratio_chart(points: list[RatioPoint], *, chart_id: str, title: str, description: str) -> str:
    """Representation ratios as dots with interval bars against the line at 1, wide and narrow."""
    return _ratio_chart(points, chart_id, title, description, narrow=False) + _ratio_chart(
        points, f"{chart_id}-narrow", title, description, narrow=True
    )


def ratio_chart_print(
    points: list[RatioPoint], *, chart_id: str, title: str, description: str
) -> str:
    """The wide drawing alone, as one SVG document (for print, where width is fixed)."""
    return _ratio_chart(points, chart_id, title, description, narrow=False)


def _ratio_chart(points, chart_id, title, description, *, narrow: bool) -> str:
    if narrow:
        label_width, plot_width, row_height, top, left = 0, 290, 44, 34, 10
    else:
        label_width, plot_width, row_height, top, left = 250, 420, 26, 34, 250
    highs = [p.high for p in points if p.high is not None]
    x_max = min(max([2.0, *highs]) * 1.05, 5.0)
    height = top + row_height * len(points) + 30

    def x(value: float) -> float:
        return left + plot_width * min(value, x_max) / x_max

    parts = _open(chart_id, title, description, left + plot_width + 20, height, narrow)
    for tick in _ticks(x_max, narrow):
        parts.append(
            f'<line x1="{x(tick):.1f}" x2="{x(tick):.1f}" y1="{top - 6}" y2="{height - 24}" '
            f'stroke="{GREY}" stroke-width="{2 if tick == 1 else 0.5}"/>'
        )
        parts.append(_text(x(tick), height - 8, f"{tick:g}", anchor="middle"))
    parts.append(_text(x(1), top - 12, "In proportion (1)", anchor="middle"))
    for i, point in enumerate(points):
        y = top + row_height * i + (row_height - 6 if narrow else row_height / 2)
        if narrow:
            parts.append(_text(left, y - 14, point.label, size=13))
        else:
            parts.append(_text(label_width - 8, y + 4, point.label, size=13, anchor="end"))
        if point.ratio is None:
            parts.append(_text(left + 6, y + 4, point.note))
            continue
        if point.low is not None and point.high is not None:
            parts.append(
                f'<line x1="{x(point.low):.1f}" x2="{x(point.high):.1f}" y1="{y:.1f}" '
                f'y2="{y:.1f}" stroke="{point.colour}" stroke-width="3"/>'
            )
            if point.high > x_max:
                parts.append(_text(x(x_max) + 2, y + 4, "→", colour=point.colour))
        cx = x(point.ratio)
        if point.flagged:
            parts.append(
                f'<rect x="{cx - 5:.1f}" y="{y - 5:.1f}" width="10" height="10" fill="{point.colour}"/>'
            )
        elif point.hollow:
            parts.append(
                f'<circle cx="{cx:.1f}" cy="{y:.1f}" r="4.5" fill="#ffffff" '
                f'stroke="{point.colour}" stroke-width="2"/>'
            )
        else:
            parts.append(f'<circle cx="{cx:.1f}" cy="{y:.1f}" r="5" fill="{point.colour}"/>')
    parts.append("</svg>")
    return "".join(parts)


def _ticks(x_max: float, narrow: bool = False) -> list[float]:
    step = (1.0 if x_max > 2.5 else 0.5) if narrow else (0.5 if x_max <= 3 else 1.0)
    ticks, value = [], 0.0
    while value <= x_max + 1e-9:
        ticks.append(round(value, 2))
        value += step
    return ticks


@dataclass
class Line:
    label: str
    values: list[float | None]  # one per period


def _spread(labels: list[list], gap: float, bottom: float | None = None) -> None:
    """Push labels apart, keeping their order, so none prints on top of another; then,
    if the lowest has been pushed past ``bottom``, move them up together."""
    labels.sort()
    for i in range(1, len(labels)):
        labels[i][0] = max(labels[i][0], labels[i - 1][0] + gap)
    if bottom is not None:
        for i in range(len(labels) - 1, -1, -1):
            limit = bottom - gap * (len(labels) - 1 - i)
            labels[i][0] = min(labels[i][0], limit)


def _nice_ticks(top: float, ratio: bool) -> list[float]:
    """Round ticks from 0 to about `top`: steps of 0.5 or 1 for ratios, 5%…25% for shares."""
    steps = (0.25, 0.5, 1.0, 2.0) if ratio else (0.05, 0.1, 0.2, 0.25)
    step = next((s for s in steps if top / s <= 6), steps[-1])
    ticks, value = [], 0.0
    while value <= top + 1e-9:
        ticks.append(round(value, 4))
        value += step
    return ticks


def trend_chart(
    lines: list[Line],
    period_labels: list[tuple[str, str]],
    *,
    chart_id: str,
    title: str,
    description: str,
    ratio: bool = False,
) -> str:
    """Values over the periods, one line per group: shares (ratio=False) or ratios to the
    benchmark with a line at 1 (ratio=True). Period labels are two lines of words."""
    return _trend_chart(
        lines, period_labels, chart_id, title, description, ratio, narrow=False
    ) + _trend_chart(
        lines, period_labels, f"{chart_id}-narrow", title, description, ratio, narrow=True
    )


def _trend_chart(lines, period_labels, chart_id, title, description, ratio, *, narrow) -> str:
    if narrow:
        left, width, top, height, right_labels = 44, 250, 20, 200, 16
    else:
        left, width, top, height, right_labels = 56, 520, 20, 220, 190
    values = [v for line in lines for v in line.values if v is not None]
    ticks = _nice_ticks(max([1.5 if ratio else 0.05, *values]) * 1.05, ratio)
    if ticks[-1] < max([0.0, *values]):
        ticks.append(ticks[-1] + (ticks[1] - ticks[0]))
    y_max = ticks[-1]
    n = max(len(period_labels), 2)
    legend = 18 * len(lines) + 10 if narrow else 0
    total_height = top + height + 52 + legend

    def x(i: int) -> float:
        return left + width * i / (n - 1)

    def y(v: float) -> float:
        return top + height * (1 - v / y_max)

    parts = _open(chart_id, title, description, left + width + right_labels, total_height, narrow)
    for v in ticks:
        parts.append(
            f'<line x1="{left}" x2="{left + width}" y1="{y(v):.1f}" y2="{y(v):.1f}" '
            f'stroke="{GREY}" stroke-width="0.5"/>'
        )
        parts.append(_text(left - 6, y(v) + 4, f"{v:g}" if ratio else f"{v:.0%}", anchor="end"))
    if ratio:
        # The line at 1 (in proportion) is drawn heavier; the heading says what it means.
        parts.append(
            f'<line x1="{left}" x2="{left + width}" y1="{y(1):.1f}" y2="{y(1):.1f}" '
            f'stroke="{INK}" stroke-width="2"/>'
        )
    shown = {0, len(period_labels) - 1} if narrow else set(range(len(period_labels)))
    for i, (first, second) in enumerate(period_labels):
        if i in shown:
            anchor = "middle" if not narrow else ("start" if i == 0 else "end")
            parts.append(_text(x(i), top + height + 18, first, size=11, anchor=anchor))
            parts.append(_text(x(i), top + height + 32, second, size=11, anchor=anchor))
    labels = []
    for index, line in enumerate(lines):
        colour = SERIES[index % len(SERIES)]
        coords = [(x(i), y(v)) for i, v in enumerate(line.values) if v is not None]
        if not coords:
            continue
        path = " ".join(f"{cx:.1f},{cy:.1f}" for cx, cy in coords)
        parts.append(
            f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2.5"/>'
        )
        for cx, cy in coords:
            parts.append(f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="3.5" fill="{colour}"/>')
        labels.append([coords[-1][1], coords[-1][0], colour, line.label])
    if narrow:
        # A legend under the plot: labels at the line ends would not fit on a phone.
        for i, (_y, _x, colour, text) in enumerate(labels):
            ly = top + height + 52 + 18 * i
            parts.append(
                f'<line x1="{left}" x2="{left + 20}" y1="{ly - 4}" y2="{ly - 4}" '
                f'stroke="{colour}" stroke-width="3"/>'
            )
            parts.append(_text(left + 26, ly, text, size=12, colour=INK))
    else:
        _spread(labels, 14, bottom=top + height + 4)
        for label_y, label_x, colour, text in labels:
            parts.append(_text(label_x + 8, label_y + 4, text, colour=colour))
    parts.append("</svg>")
    return "".join(parts)


@dataclass
class FunnelPoint:
    label: str
    expected: float
    ratio: float
    position: str | None


def funnel_chart(
    points: list[FunnelPoint], limits, target: float, *, chart_id: str, title: str, description: str
) -> str:
    """O/E against E (log scale) with the 95% and 99.8% limits around ``target``.

    `limits(expected, level)` returns (low, high) on the ratio scale: the same function
    that places each area, so every dot sits outside the drawn lines exactly when its
    label says so.
    """
    return _funnel_chart(points, limits, target, chart_id, title, description, narrow=False) + (
        _funnel_chart(points, limits, target, f"{chart_id}-narrow", title, description, narrow=True)
    )


def _colour(position: str | None) -> str:
    if position and position.startswith("below"):
        return RED
    if position and position.startswith("above"):
        return BLUE
    return INK


def _funnel_chart(points, limits, target, chart_id, title, description, *, narrow) -> str:
    if narrow:
        left, width, top, height, legend_w = 48, 250, 30, 260, 10
    else:
        left, width, top, height, legend_w = 64, 560, 16, 320, 160
    usable = [p for p in points if p.expected > 0]
    if not usable:
        return ""
    e_min = max(min(p.expected for p in usable) / 1.5, 0.5)
    e_max = max(p.expected for p in usable) * 1.5
    y_max = max([2.0, *(p.ratio * 1.1 for p in usable)])
    bottom = top + height + (70 if narrow else 50)

    def x(e: float) -> float:
        return left + width * (math.log(e) - math.log(e_min)) / (math.log(e_max) - math.log(e_min))

    def y(r: float) -> float:
        return top + height * (1 - min(r, y_max) / y_max)

    parts = _open(chart_id, title, description, left + width + legend_w, bottom, narrow)
    for r in (0, 0.5, 1, 1.5, 2, 3, 4):
        if r <= y_max:
            parts.append(
                f'<line x1="{left}" x2="{left + width}" y1="{y(r):.1f}" y2="{y(r):.1f}" '
                f'stroke="{GREY}" stroke-width="0.5"/>'
            )
            parts.append(_text(left - 6, y(r) + 4, f"{r:g}", anchor="end"))
    parts.append(
        f'<line x1="{left}" x2="{left + width}" y1="{y(target):.1f}" y2="{y(target):.1f}" '
        f'stroke="{INK}" stroke-width="1.5"/>'
    )
    # Axis titles: what each axis measures.
    parts.append(
        f'<text transform="translate({14},{top + height / 2:.0f}) rotate(-90)" font-size="12" '
        f'text-anchor="middle" fill="{INK}">Observed ÷ expected</text>'
    )
    ticks = []
    tick = 10 ** math.floor(math.log10(e_min))
    while tick <= e_max:
        for m in (1, 2, 5) if not narrow else (1,):
            if e_min <= tick * m <= e_max:
                ticks.append(tick * m)
        tick *= 10
    for e in ticks:
        parts.append(_text(x(e), top + height + 16, f"{e:,.0f}", size=11, anchor="middle"))
    parts.append(
        _text(
            left + width / 2, top + height + 36, "Expected referrals (log scale)", anchor="middle"
        )
    )
    steps = [e_min * (e_max / e_min) ** (i / 120) for i in range(121)]
    for level, dash in ((0.95, "6 4"), (0.998, "2 3")):
        for side in (0, 1):
            coords = []
            for e in steps:
                bounds = limits(e, level)
                if bounds is not None:
                    coords.append(f"{x(e):.1f},{y(max(bounds[side], 0)):.1f}")
            parts.append(
                f'<polyline points="{" ".join(coords)}" fill="none" stroke="{INK}" '
                f'stroke-width="1" stroke-dasharray="{dash}"/>'
            )
    labels = []
    for p in usable:
        colour = _colour(p.position)
        parts.append(
            f'<circle cx="{x(p.expected):.1f}" cy="{y(p.ratio):.1f}" r="4" fill="{colour}">'
            f"<title>{escape(p.label)}: {p.ratio:.2f}</title></circle>"
        )
        if p.position and p.position != "within" and not narrow:
            labels.append([y(p.ratio) + 4, x(p.expected) + 7, colour, p.label])
    # Outlying areas are named beside their dots; labels are pushed apart vertically so
    # none overlaps another (the table below lists every area).
    _spread(labels, 13)
    for label_y, label_x, colour, text in labels:
        parts.append(_text(label_x, label_y, text, size=11, colour=colour))
    if narrow:
        ly = top + height + 56
        parts.append(
            f'<line x1="{left}" x2="{left + 24}" y1="{ly - 4}" y2="{ly - 4}" stroke="{INK}" '
            f'stroke-dasharray="6 4"/>'
        )
        parts.append(_text(left + 28, ly, "95%", size=11))
        parts.append(
            f'<line x1="{left + 70}" x2="{left + 94}" y1="{ly - 4}" y2="{ly - 4}" '
            f'stroke="{INK}" stroke-dasharray="2 3"/>'
        )
        parts.append(_text(left + 98, ly, "99.8% limits", size=11))
    else:
        lx = left + width + 10
        parts.append(
            f'<line x1="{lx}" x2="{lx + 24}" y1="{top + 10}" y2="{top + 10}" stroke="{INK}" '
            f'stroke-dasharray="6 4"/>'
        )
        parts.append(_text(lx + 28, top + 14, "95% limits", size=11))
        parts.append(
            f'<line x1="{lx}" x2="{lx + 24}" y1="{top + 28}" y2="{top + 28}" stroke="{INK}" '
            f'stroke-dasharray="2 3"/>'
        )
        parts.append(_text(lx + 28, top + 32, "99.8% limits", size=11))
    parts.append("</svg>")
    return "".join(parts)


@dataclass
class Bar:
    label: str
    value: float | None  # None: withheld or not available; `note` says which
    note: str = ""


def bar_chart(
    bars: list[Bar], *, chart_id: str, title: str, description: str, unit: str = ""
) -> str:
    """Horizontal bars with their values written beside them, wide and narrow.

    A bar whose value is withheld is drawn as no bar with its symbol (such as [c]) in its
    place, so a chart never shows a figure its table does not.
    """
    return _bar_chart(bars, chart_id, title, description, unit, narrow=False) + _bar_chart(
        bars, f"{chart_id}-narrow", title, description, unit, narrow=True
    )


def bar_chart_print(
    bars: list[Bar], *, chart_id: str, title: str, description: str, unit: str = ""
) -> str:
    """The wide drawing alone, as one SVG document (for print, where width is fixed)."""
    return _bar_chart(bars, chart_id, title, description, unit, narrow=False)


def _bar_chart(bars, chart_id, title, description, unit, *, narrow: bool) -> str:
    if narrow:
        label_width, plot_width, row_height, top, left = 0, 230, 46, 10, 10
    else:
        label_width, plot_width, row_height, top, left = 200, 380, 28, 10, 200
    top_value = max([b.value for b in bars if b.value is not None] or [0]) or 1
    height = top + row_height * len(bars) + 6
    parts = _open(chart_id, title, description, left + plot_width + 80, height, narrow)
    for i, bar in enumerate(bars):
        y = top + row_height * i + (row_height - 22 if narrow else 4)
        if narrow:
            parts.append(_text(left, y - 4, bar.label, size=13))
        else:
            parts.append(_text(label_width - 8, y + 14, bar.label, size=13, anchor="end"))
        if bar.value is None:
            parts.append(_text(left + 4, y + 14, bar.note or "[x]", size=13))
            continue
        width = plot_width * bar.value / top_value
        parts.append(
            f'<rect x="{left:.1f}" y="{y:.1f}" width="{width:.1f}" height="18" fill="{SERIES[0]}"/>'
        )
        parts.append(_text(left + width + 6, y + 14, f"{bar.value:,g}{unit}", size=13))
    parts.append("</svg>")
    return "".join(parts)

"""Server-drawn SVG charts: no JavaScript, and each one has its data table beside it.

Charts carry role="img" with a title and a description that states the main reading, so
a screen-reader user gets the point and then the table.
"""

from dataclasses import dataclass
from html import escape

# GOV.UK colour palette: black for points, dark blue and red for flags, mid grey for guides.
INK = "#0b0c0c"
BLUE = "#1d70b8"
RED = "#d4351c"
GREY = "#b1b4b6"
GREEN = "#00703c"
SERIES = ["#1d70b8", "#d4351c", "#00703c", "#6f72af", "#f47738", "#28a197", "#912b88"]


@dataclass
class RatioPoint:
    label: str
    ratio: float | None
    low: float | None
    high: float | None
    flag: str | None  # "under", "over" or None
    note: str = "no referrals with a stated ethnicity"  # shown when there is no ratio


def ratio_chart(points: list[RatioPoint], *, chart_id: str, title: str, description: str) -> str:
    """Representation ratios as dots with interval bars against the line at 1."""
    label_width, plot_width, row_height, top = 250, 420, 26, 34
    highs = [p.high for p in points if p.high is not None]
    x_max = min(max([2.0, *highs]) * 1.05, 5.0)
    height = top + row_height * len(points) + 30

    def x(value: float) -> float:
        return label_width + plot_width * min(value, x_max) / x_max

    parts = [
        f'<svg class="reach-chart" role="img" aria-labelledby="{chart_id}-title {chart_id}-desc" '
        f'viewBox="0 0 {label_width + plot_width + 20} {height}" width="100%" '
        f'xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>',
    ]
    for tick in _ticks(x_max):
        parts.append(
            f'<line x1="{x(tick):.1f}" x2="{x(tick):.1f}" y1="{top - 6}" y2="{height - 24}" stroke="{GREY}" stroke-width="{2 if tick == 1 else 0.5}"/>'
        )
        parts.append(
            f'<text x="{x(tick):.1f}" y="{height - 8}" font-size="12" text-anchor="middle" fill="{INK}">{tick:g}</text>'
        )
    parts.append(
        f'<text x="{x(1):.1f}" y="{top - 12}" font-size="12" text-anchor="middle" fill="{INK}">In proportion (1)</text>'
    )
    for i, point in enumerate(points):
        y = top + row_height * i + row_height / 2
        colour = RED if point.flag == "under" else BLUE if point.flag == "over" else INK
        parts.append(
            f'<text x="{label_width - 8}" y="{y + 4:.1f}" font-size="13" text-anchor="end" fill="{INK}">{escape(point.label)}</text>'
        )
        if point.ratio is None:
            parts.append(
                f'<text x="{label_width + 6}" y="{y + 4:.1f}" font-size="12" fill="{INK}">no referrals with a stated ethnicity</text>'
            )
            continue
        if point.low is not None and point.high is not None:
            parts.append(
                f'<line x1="{x(point.low):.1f}" x2="{x(point.high):.1f}" y1="{y:.1f}" y2="{y:.1f}" stroke="{colour}" stroke-width="3"/>'
            )
            if point.high > x_max:
                parts.append(
                    f'<text x="{x(x_max) + 2:.1f}" y="{y + 4:.1f}" font-size="12" fill="{colour}">→</text>'
                )
        marker = f'<circle cx="{x(point.ratio):.1f}" cy="{y:.1f}" r="5" fill="{colour}"/>'
        if point.flag:
            marker = f'<rect x="{x(point.ratio) - 5:.1f}" y="{y - 5:.1f}" width="10" height="10" fill="{colour}"/>'
        parts.append(marker)
    parts.append("</svg>")
    return "".join(parts)


def _ticks(x_max: float) -> list[float]:
    step = 0.5 if x_max <= 3 else 1.0
    ticks, value = [], 0.0
    while value <= x_max + 1e-9:
        ticks.append(round(value, 2))
        value += step
    return ticks


@dataclass
class Line:
    label: str
    values: list[float | None]  # shares, one per period


def trend_chart(
    lines: list[Line], period_labels: list[str], *, chart_id: str, title: str, description: str
) -> str:
    """Shares over the periods, one line per group, labelled at the right end."""
    left, width, top, height = 56, 520, 20, 220
    right_labels = 170
    values = [v for line in lines for v in line.values if v is not None]
    y_max = max([0.05, *values]) * 1.1
    n = max(len(period_labels), 2)

    def x(i: int) -> float:
        return left + width * i / (n - 1)

    def y(v: float) -> float:
        return top + height * (1 - v / y_max)

    parts = [
        f'<svg class="reach-chart" role="img" aria-labelledby="{chart_id}-title {chart_id}-desc" '
        f'viewBox="0 0 {left + width + right_labels} {top + height + 46 + 14 * len(lines)}" width="100%" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>',
    ]
    for fraction in (0, 0.25, 0.5, 0.75, 1.0):
        v = y_max * fraction
        parts.append(
            f'<line x1="{left}" x2="{left + width}" y1="{y(v):.1f}" y2="{y(v):.1f}" stroke="{GREY}" stroke-width="0.5"/>'
        )
        parts.append(
            f'<text x="{left - 6}" y="{y(v) + 4:.1f}" font-size="12" text-anchor="end" fill="{INK}">{v:.0%}</text>'
        )
    for i, label in enumerate(period_labels):
        parts.append(
            f'<text x="{x(i):.1f}" y="{top + height + 18}" font-size="11" text-anchor="middle" fill="{INK}">{escape(label)}</text>'
        )
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
    # Lines ending close together would print their labels on top of each other: push
    # labels apart, keeping their order, so each stays readable.
    labels.sort()
    for i in range(1, len(labels)):
        labels[i][0] = max(labels[i][0], labels[i - 1][0] + 14)
    for label_y, label_x, colour, text in labels:
        parts.append(
            f'<text x="{label_x + 8:.1f}" y="{label_y + 4:.1f}" font-size="12" fill="{colour}">{escape(text)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


@dataclass
class FunnelPoint:
    label: str
    expected: float
    ratio: float
    position: str | None


def funnel_chart(
    points: list[FunnelPoint], limits, *, chart_id: str, title: str, description: str
) -> str:
    """O/E against E (log scale), with the 95% and 99.8% limits drawn as lines.

    `limits(expected, level)` returns (low, high) on the ratio scale, so over-dispersed
    limits draw as they were judged.
    """
    import math

    left, width, top, height = 56, 560, 16, 300
    usable = [p for p in points if p.expected > 0]
    if not usable:
        return ""
    e_min = max(min(p.expected for p in usable) / 1.5, 0.5)
    e_max = max(p.expected for p in usable) * 1.5
    y_max = max([2.0, *(p.ratio * 1.1 for p in usable)])

    def x(e: float) -> float:
        return left + width * (math.log(e) - math.log(e_min)) / (math.log(e_max) - math.log(e_min))

    def y(r: float) -> float:
        return top + height * (1 - min(r, y_max) / y_max)

    parts = [
        f'<svg class="reach-chart" role="img" aria-labelledby="{chart_id}-title {chart_id}-desc" '
        f'viewBox="0 0 {left + width + 150} {top + height + 50}" width="100%" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>',
    ]
    for r in (0, 0.5, 1, 1.5, 2, 3, 4):
        if r <= y_max:
            parts.append(
                f'<line x1="{left}" x2="{left + width}" y1="{y(r):.1f}" y2="{y(r):.1f}" stroke="{GREY}" stroke-width="{1.5 if r == 1 else 0.5}"/>'
            )
            parts.append(
                f'<text x="{left - 6}" y="{y(r) + 4:.1f}" font-size="12" text-anchor="end" fill="{INK}">{r:g}</text>'
            )
    tick = 10 ** math.floor(math.log10(e_min))
    while tick <= e_max:
        for m in (1, 2, 5):
            e = tick * m
            if e_min <= e <= e_max:
                parts.append(
                    f'<text x="{x(e):.1f}" y="{top + height + 16}" font-size="11" text-anchor="middle" fill="{INK}">{e:g}</text>'
                )
        tick *= 10
    parts.append(
        f'<text x="{left + width / 2:.0f}" y="{top + height + 36}" font-size="12" text-anchor="middle" fill="{INK}">Expected referrals (log scale)</text>'
    )
    steps = [e_min * (e_max / e_min) ** (i / 80) for i in range(81)]
    for level, dash in ((0.95, "6 4"), (0.998, "2 3")):
        for side in (0, 1):
            coords = []
            for e in steps:
                bounds = limits(e, level)
                if bounds is not None:
                    coords.append(f"{x(e):.1f},{y(max(bounds[side], 0)):.1f}")
            parts.append(
                f'<polyline points="{" ".join(coords)}" fill="none" stroke="{INK}" stroke-width="1" stroke-dasharray="{dash}"/>'
            )
    for p in usable:
        colour = (
            RED
            if p.position and p.position.startswith("below")
            else BLUE
            if p.position and p.position.startswith("above")
            else INK
        )
        parts.append(
            f'<circle cx="{x(p.expected):.1f}" cy="{y(p.ratio):.1f}" r="4" fill="{colour}"><title>{escape(p.label)}: {p.ratio:.2f}</title></circle>'
        )
        if p.position and p.position != "within":
            parts.append(
                f'<text x="{x(p.expected) + 6:.1f}" y="{y(p.ratio) + 4:.1f}" font-size="11" fill="{colour}">{escape(p.label)}</text>'
            )
    legend_x = left + width + 10
    parts.append(
        f'<line x1="{legend_x}" x2="{legend_x + 24}" y1="{top + 10}" y2="{top + 10}" stroke="{INK}" stroke-dasharray="6 4"/><text x="{legend_x + 28}" y="{top + 14}" font-size="11" fill="{INK}">95% limits</text>'
    )
    parts.append(
        f'<line x1="{legend_x}" x2="{legend_x + 24}" y1="{top + 28}" y2="{top + 28}" stroke="{INK}" stroke-dasharray="2 3"/><text x="{legend_x + 28}" y="{top + 32}" font-size="11" fill="{INK}">99.8% limits</text>'
    )
    parts.append("</svg>")
    return "".join(parts)

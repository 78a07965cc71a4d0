"""Representation charts for the PDF, drawn with reportlab.graphics.

The same reading as the area figures page (monitoring/charts.py `ratio_chart`): each
group's ratio of its share of referrals to its benchmark share as a dot, its 95% interval
as a bar, against a line at 1 ("in proportion"). A confident finding is a square, red for
under-represented and blue for over; the legend says so in words, and the table below
each chart gives every number, so nothing rests on colour alone.
"""

from reportlab.graphics.shapes import Circle, Drawing, Line, Polygon, Rect, String
from reportlab.pdfbase.pdfmetrics import stringWidth

from reports.pdf.layout import BLUE, FONT, GREY, INK, RED, SECONDARY

LABEL_WIDTH = 150
RIGHT_PAD = 34
TOP = 22
BOTTOM = 26
LEGEND = 16


def _colour(flag):
    return RED if flag == "under" else BLUE if flag == "over" else INK


def _ticks(x_max: float) -> list[float]:
    step = 0.5 if x_max <= 3 else 1.0
    ticks, value = [], 0.0
    while value <= x_max + 1e-9:
        ticks.append(round(value, 2))
        value += step
    return ticks


def _fit(label: str, size: float, width: float) -> str:
    """Shorten a label that would run into the plot, keeping its start."""
    if stringWidth(label, FONT, size) <= width:
        return label
    while label and stringWidth(label + "…", FONT, size) > width:
        label = label[:-1]
    return label + "…"


def ratio_chart(points, width: float) -> Drawing:
    """`points`: (label, ratio, low, high, flag) with ratio None for no stated referrals."""
    row = 16 if len(points) <= 8 else 13.5
    font_size = 8.5 if len(points) <= 8 else 7.5
    plot_width = width - LABEL_WIDTH - RIGHT_PAD
    highs = [p[3] for p in points if p[3] is not None]
    x_max = min(max([2.0, *highs]) * 1.05, 5.0)
    height = TOP + row * len(points) + BOTTOM + LEGEND
    drawing = Drawing(width, height)

    def x(value: float) -> float:
        return LABEL_WIDTH + plot_width * min(value, x_max) / x_max

    plot_top = height - TOP
    plot_bottom = plot_top - row * len(points)
    for tick in _ticks(x_max):
        drawing.add(
            Line(
                x(tick),
                plot_bottom - 2,
                x(tick),
                plot_top + 4,
                strokeColor=INK if tick == 1 else GREY,
                strokeWidth=1.2 if tick == 1 else 0.4,
            )
        )
        drawing.add(
            String(
                x(tick),
                plot_bottom - 11,
                f"{tick:g}",
                fontName=FONT,
                fontSize=7.5,
                fillColor=INK,
                textAnchor="middle",
            )
        )
    drawing.add(
        String(
            x(1),
            plot_top + 8,
            "In proportion (1)",
            fontName=FONT,
            fontSize=7.5,
            fillColor=INK,
            textAnchor="middle",
        )
    )
    drawing.add(
        String(
            LABEL_WIDTH + plot_width / 2,
            plot_bottom - 21,
            "Ratio of share of referrals to benchmark share, with 95% interval",
            fontName=FONT,
            fontSize=7.5,
            fillColor=SECONDARY,
            textAnchor="middle",
        )
    )
    for i, (label, ratio, low, high, flag) in enumerate(points):
        y = plot_top - row * i - row / 2
        colour = _colour(flag)
        drawing.add(
            String(
                LABEL_WIDTH - 6,
                y - 3,
                _fit(label, font_size, LABEL_WIDTH - 10),
                fontName=FONT,
                fontSize=font_size,
                fillColor=INK,
                textAnchor="end",
            )
        )
        if ratio is None:
            drawing.add(
                String(
                    LABEL_WIDTH + 6,
                    y - 3,
                    "no referrals with a stated ethnic group",
                    fontName=FONT,
                    fontSize=7.5,
                    fillColor=SECONDARY,
                )
            )
            continue
        if low is not None and high is not None:
            drawing.add(Line(x(low), y, x(high), y, strokeColor=colour, strokeWidth=2.2))
            if high > x_max:  # the interval runs off the scale: an arrowhead says so
                end = x(x_max)
                drawing.add(
                    Polygon(
                        [end, y + 3.5, end + 6, y, end, y - 3.5], fillColor=colour, strokeColor=None
                    )
                )
        if ratio > x_max:  # off the scale: the value is printed where the dot would be
            drawing.add(
                String(
                    x(x_max) + 9,
                    y - 3,
                    f"{ratio:.1f}",
                    fontName=FONT,
                    fontSize=7.5,
                    fillColor=colour,
                )
            )
            continue
        if flag:
            drawing.add(Rect(x(ratio) - 3.8, y - 3.8, 7.6, 7.6, fillColor=colour, strokeColor=None))
        else:
            drawing.add(Circle(x(ratio), y, 3.4, fillColor=colour, strokeColor=None))
    _legend(drawing, 6)
    return drawing


def _legend(drawing: Drawing, y: float) -> None:
    x = LABEL_WIDTH
    for shape, colour, words in (
        ("circle", INK, "No confident difference"),
        ("square", RED, "Under-represented"),
        ("square", BLUE, "Over-represented"),
        ("line", INK, "95% interval"),
    ):
        if shape == "circle":
            drawing.add(Circle(x + 3.5, y + 3, 3.2, fillColor=colour, strokeColor=None))
        elif shape == "square":
            drawing.add(Rect(x, y - 0.5, 7, 7, fillColor=colour, strokeColor=None))
        else:
            drawing.add(Line(x - 2, y + 3, x + 10, y + 3, strokeColor=colour, strokeWidth=2.2))
        drawing.add(String(x + 13, y, words, fontName=FONT, fontSize=7.5, fillColor=INK))
        x += 13 + stringWidth(words, FONT, 7.5) + 16

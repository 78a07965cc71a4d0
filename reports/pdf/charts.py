"""Representation charts for the PDF: the area figures page's chart (monitoring/charts.py
`ratio_chart`), drawn once at the page's width.

Each group's ratio of its share of referrals to its benchmark share is a dot, its 95%
interval a bar, against a line at 1 ("in proportion"). A confident finding is a square,
red for under-represented and blue for over; the reading below each chart says so in
words, and the table below it gives every number, so nothing rests on colour alone.
"""

from monitoring import verdicts
from monitoring.charts import RatioPoint, ratio_chart_print
from reports.pdf.layout import chart

COLOURS = {"under": verdicts.RED, "over": verdicts.BLUE}


def ratio_chart(points, *, chart_id: str, title: str, reading: str):
    """`points`: (label, ratio, low, high, flag) with ratio None for no stated referrals."""
    drawn = [
        RatioPoint(
            label,
            ratio,
            low,
            high,
            colour=COLOURS.get(flag, verdicts.INK),
            flagged=flag is not None,
        )
        for label, ratio, low, high, flag in points
    ]
    svg = ratio_chart_print(drawn, chart_id=chart_id, title=title, description=reading)
    return chart(svg, f"{title}. {reading}")

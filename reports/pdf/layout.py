"""The pieces the bi-annual return's PDF is made of, for templates/reports/pdf/return.html.

document.py and figures.py say what goes where in these terms (paragraphs, headings,
tables, boxes, charts); the template turns each piece into HTML, and core/pdf.py (the one
PDF writer) lays it out with the print stylesheet: A4, the marking at the head and foot of
every page, "Page n of m", DRAFT across every page of a draft, bookmarks from headings.
Text is always printed as typed: the template escapes it.
"""

from dataclasses import dataclass, field

RED = "red"
INK = "ink"
#: Column widths are given as fractions of the page's text width.
FRAME_WIDTH = 1.0


@dataclass
class Block:
    kind: str
    text: str = ""
    style: str = ""
    href: str = ""
    children: list = field(default_factory=list)
    headers: list = field(default_factory=list)
    rows: list = field(default_factory=list)
    widths: list = field(default_factory=list)
    numeric: set = field(default_factory=set)
    flagged: set = field(default_factory=set)
    svg: str = ""


def para(value, style="body") -> Block:
    return Block("h3" if style == "h3" else "p", text=str(value), style=style)


def link(url: str, style="link") -> Block:
    """A web address, clickable when it is one; anything else is printed as typed."""
    href = url if url.startswith(("https://", "http://")) else ""
    return Block("link", text=url, style=style, href=href)


def Heading(value, style="h1", level=0) -> Block:  # noqa: N802 (reads as the piece it makes)
    """A heading: h1 for a section (or the title), h2 below it; each is a bookmark."""
    kind = "h2" if level else "h1"
    return Block(kind, text=str(value), style=style)


def data_table(headers, rows, widths, *, numeric=(), flagged_rows=()) -> Block:
    """A table whose header row repeats on each page it runs on to.

    `widths` are fractions of the text width; `numeric` columns are right-aligned;
    `flagged_rows` (row indexes) are printed in bold red.
    """
    cells = [["" if v is None else v for v in row] for row in rows]
    return Block(
        "table",
        headers=list(headers),
        rows=[
            {"cells": [{"value": v, "numeric": i in set(numeric)} for i, v in enumerate(r)],
             "flagged": n in set(flagged_rows)}
            for n, r in enumerate(cells)
        ],
        widths=[f"{100 * w:.1f}%" for w in widths],
        numeric=set(numeric),
    )  # fmt: skip


def pairs_table(rows, widths=(0.32, 0.68)) -> Block:
    """Label and value rows, as a GOV.UK summary list."""
    return Block(
        "pairs",
        rows=[{"label": label, "value": value} for label, value in rows],
        widths=[f"{100 * w:.1f}%" for w in widths],
    )


def boxed(blocks, colour=INK, width=1.5) -> Block:
    """Pieces inside a bordered box (the marking and the draft warning)."""
    return Block("box", style="box--draft" if colour == RED else "", children=list(blocks))


def inset(block) -> Block:
    """GOV.UK inset text: a thick grey rule on the left (for the verbatim statements)."""
    return Block("inset", children=[block])


def KeepTogether(blocks) -> Block:  # noqa: N802
    """Pieces kept on one page where they fit."""
    return Block("keep", children=[b for b in blocks if b is not None])


def PageBreak() -> Block:  # noqa: N802
    return Block("page-break")


def CondPageBreak(room: float = 0):  # noqa: N802
    """Headings keep with what follows them in the print stylesheet: nothing to add."""
    return None


def Spacer(width: float = 0, height: float = 0) -> Block:  # noqa: N802
    return Block("space", style=f"{height:.0f}pt")


def chart(svg: str, alt: str) -> Block:
    """A chart: its drawing, and the text that stands for it in the PDF's structure."""
    return Block("chart", svg=svg, text=alt)


def story(blocks) -> list[Block]:
    """The pieces in order, without the no-ops."""
    return [b for b in blocks if b is not None]

"""The PDF's look: A4 pages, GOV.UK-like styles, the marking, page numbers and tables.

Black text, #1d70b8 for headings and rules (the GOV.UK link and brand blue), Helvetica
(a PDF standard font, so nothing is embedded). Every page carries the marking at top and
bottom, as government documents do, and "Page n of m"; a draft carries DRAFT across
every page.
"""

import functools
import os
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate, Paragraph, TableStyle
from reportlab.platypus import Table as PdfTable

INK = colors.HexColor("#0b0c0c")
BLUE = colors.HexColor("#1d70b8")
RED = colors.HexColor("#d4351c")
GREY = colors.HexColor("#b1b4b6")
SECONDARY = colors.HexColor("#505a5f")
LIGHT = colors.HexColor("#f3f2f1")

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN_X, MARGIN_TOP, MARGIN_BOTTOM = 18 * mm, 22 * mm, 20 * mm
FRAME_WIDTH = PAGE_WIDTH - 2 * MARGIN_X

FONT, BOLD, ITALIC = "Helvetica", "Helvetica-Bold", "Helvetica-Oblique"


def _style(name, **kw) -> ParagraphStyle:
    base = {"fontName": FONT, "fontSize": 9.5, "leading": 13, "textColor": INK, "spaceAfter": 5}
    return ParagraphStyle(name, **{**base, **kw})


STYLES = {
    "title": _style("title", fontName=BOLD, fontSize=26, leading=31, spaceAfter=10),
    "subtitle": _style("subtitle", fontSize=13, leading=17, spaceAfter=16, textColor=SECONDARY),
    "h1": _style("h1", fontName=BOLD, fontSize=19, leading=23, textColor=BLUE, spaceAfter=10),
    "h2": _style(
        "h2", fontName=BOLD, fontSize=13.5, leading=17, textColor=BLUE, spaceBefore=10, spaceAfter=6
    ),
    "h3": _style("h3", fontName=BOLD, fontSize=11, leading=14, spaceBefore=8, spaceAfter=4),
    "body": _style("body"),
    "strong": _style("strong", fontName=BOLD),
    "small": _style("small", fontSize=8, leading=10.5, textColor=SECONDARY, spaceBefore=4),
    "prompt": _style("prompt", fontName=BOLD, spaceBefore=6, spaceAfter=3),
    "answer": _style("answer", leftIndent=8),
    "link": _style("link", leftIndent=8, fontSize=8.5, leading=11, spaceAfter=1),
    "inset": _style(
        "inset", fontSize=10.5, leading=14.5, leftIndent=10, borderPadding=(4, 0, 4, 8)
    ),
    "cell": _style("cell", fontSize=8, leading=10, spaceAfter=0),
    "cell-right": _style("cell-right", fontSize=8, leading=10, spaceAfter=0, alignment=TA_RIGHT),
    "cell-head": _style("cell-head", fontName=BOLD, fontSize=8, leading=10, spaceAfter=0),
    "cell-head-right": _style(
        "cell-head-right", fontName=BOLD, fontSize=8, leading=10, spaceAfter=0, alignment=TA_RIGHT
    ),
    "marking": _style("marking", fontName=BOLD, fontSize=11, leading=15),
    "draft": _style("draft", fontName=BOLD, fontSize=11, leading=15, textColor=RED),
}


# Helvetica, a PDF standard font, has only the Windows-1252 characters: Welsh ŵ and ŷ, or
# a language's own script in an answer, would print as black boxes. Runs of such
# characters are set in a Unicode font when the machine has one (not shipped with Reach).
FALLBACK_FONTS = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
    "/usr/share/fonts/liberation-sans/LiberationSans-Regular.ttf",
)


@functools.cache
def fallback_font() -> str | None:
    for path in FALLBACK_FONTS:
        if os.path.exists(path):
            pdfmetrics.registerFont(TTFont("ReachUnicode", path))
            return "ReachUnicode"
    return None


def _outside_helvetica(char: str) -> bool:
    try:
        char.encode("cp1252")
    except UnicodeEncodeError:
        return True
    return False


def text(value) -> str:
    """Plain text made safe for reportlab's paragraph markup; line breaks kept."""
    markup = escape(str(value))
    font = fallback_font() if any(_outside_helvetica(c) for c in markup) else None
    if font:
        markup = "".join(
            f'<font name="{font}">{c}</font>' if _outside_helvetica(c) else c for c in markup
        ).replace(f'</font><font name="{font}">', "")
    return markup.replace("\n", "<br/>")


def para(value, style="body") -> Paragraph:
    return Paragraph(text(value), STYLES[style])


def link(url: str, style="link") -> Paragraph:
    """A web address, clickable when it is one; anything else is printed as typed."""
    if url.startswith(("https://", "http://")):
        href = escape(url, {'"': "&quot;"})
        return Paragraph(
            f'<link href="{href}" color="#1d70b8"><u>{escape(url)}</u></link>', STYLES[style]
        )
    return para(url, style)


class Heading(Paragraph):
    """A heading that also becomes an entry in the PDF's bookmarks."""

    def __init__(self, value, style="h1", level=0):
        super().__init__(text(value), STYLES[style])
        self.outline = (str(value), level)


def data_table(headers, rows, widths, *, numeric=(), flagged_rows=()) -> PdfTable:
    """A table that splits across pages with its header row repeated.

    `widths` are fractions of the frame width; `numeric` columns are right-aligned;
    `flagged_rows` (row indexes) are printed in bold red.
    """
    numeric = set(numeric)
    head = [
        Paragraph(text(h), STYLES["cell-head-right" if i in numeric else "cell-head"])
        for i, h in enumerate(headers)
    ]
    body = []
    for r, row in enumerate(rows):
        cells = []
        for i, value in enumerate(row):
            if isinstance(value, Paragraph):
                cells.append(value)
                continue
            markup = text("" if value is None else value)
            if r in flagged_rows:
                markup = f'<font color="#d4351c"><b>{markup}</b></font>'
            cells.append(Paragraph(markup, STYLES["cell-right" if i in numeric else "cell"]))
        body.append(cells)
    if not body:
        body = [[Paragraph("None recorded.", STYLES["cell"])] + [""] * (len(headers) - 1)]
    table = PdfTable(
        [head, *body],
        colWidths=[w * FRAME_WIDTH for w in widths],
        repeatRows=1,
        splitInRow=1,  # a long answer or challenge may run on to the next page
        hAlign="LEFT",
    )
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("BACKGROUND", (0, 0), (-1, 0), LIGHT),
                ("LINEBELOW", (0, 0), (-1, 0), 1, INK),
                ("LINEBELOW", (0, 1), (-1, -1), 0.4, GREY),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
                ("LEFTPADDING", (0, 0), (-1, -1), 3),
                ("RIGHTPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    return table


def pairs_table(rows, widths=(0.32, 0.68)) -> PdfTable:
    """Label and value rows, as a GOV.UK summary list."""
    data = [
        [
            Paragraph(text(label), STYLES["cell-head"]),
            value if isinstance(value, Paragraph) else Paragraph(text(value), STYLES["cell"]),
        ]
        for label, value in rows
    ]
    table = PdfTable(data, colWidths=[w * FRAME_WIDTH for w in widths], hAlign="LEFT", splitInRow=1)
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.4, GREY),
                ("TOPPADDING", (0, 0), (-1, -1), 4),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return table


def boxed(flowables, colour=INK, width=1.5) -> PdfTable:
    """Flowables inside a bordered box (the marking and the draft warning)."""
    table = PdfTable([[flowables]], colWidths=[FRAME_WIDTH], hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("BOX", (0, 0), (-1, -1), width, colour),
                ("TOPPADDING", (0, 0), (-1, -1), 8),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
                ("LEFTPADDING", (0, 0), (-1, -1), 10),
                ("RIGHTPADDING", (0, 0), (-1, -1), 10),
            ]
        )
    )
    return table


def inset(flowable) -> PdfTable:
    """GOV.UK inset text: a thick grey rule on the left (for the verbatim statements)."""
    table = PdfTable([[flowable]], colWidths=[FRAME_WIDTH], hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("LINEBEFORE", (0, 0), (0, -1), 4, GREY),
                ("LEFTPADDING", (0, 0), (-1, -1), 12),
                ("TOPPADDING", (0, 0), (-1, -1), 6),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
            ]
        )
    )
    return table


class ReturnDocTemplate(BaseDocTemplate):
    """A4 pages with the marking at top and bottom, "Page n of m", and bookmarks.

    The total page count is known only at the end, so each page draws a reference to a
    form ("page-total") that is defined once the last page is done (_endBuild). Unlike
    re-drawing every page at the end, this keeps bookmarks pointing at the right pages.
    """

    def __init__(self, buffer, *, marking: str, running_title: str, draft: bool, **kw):
        super().__init__(
            buffer,
            pagesize=A4,
            leftMargin=MARGIN_X,
            rightMargin=MARGIN_X,
            topMargin=MARGIN_TOP,
            bottomMargin=MARGIN_BOTTOM,
            **kw,
        )
        self.marking, self.running_title, self.draft = marking, running_title, draft
        frame = Frame(
            MARGIN_X,
            MARGIN_BOTTOM,
            FRAME_WIDTH,
            PAGE_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM,
            id="body",
            leftPadding=0,
            rightPadding=0,
        )
        self.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=self._decorate)])
        self._outline_keys = 0

    def _decorate(self, canvas: Canvas, doc) -> None:
        """Drawn before the page's content, so the DRAFT watermark lies under the text."""
        canvas.saveState()
        if self.draft:
            canvas.saveState()
            canvas.setFillColor(RED)
            canvas.setFillAlpha(0.08)
            canvas.setFont(BOLD, 130)
            canvas.translate(PAGE_WIDTH / 2, PAGE_HEIGHT / 2)
            canvas.rotate(55)
            canvas.drawCentredString(0, -45, "DRAFT")
            canvas.restoreState()
        top = PAGE_HEIGHT - 12 * mm
        canvas.setFillColor(INK)
        canvas.setFont(BOLD, 8.5)
        canvas.drawCentredString(PAGE_WIDTH / 2, top, self.marking)
        if self.draft:
            canvas.setFillColor(RED)
            canvas.drawRightString(PAGE_WIDTH - MARGIN_X, top, "DRAFT")
        canvas.setStrokeColor(BLUE)
        canvas.setLineWidth(1)
        canvas.line(MARGIN_X, top - 5, PAGE_WIDTH - MARGIN_X, top - 5)
        bottom = 11 * mm
        canvas.line(MARGIN_X, bottom + 10, PAGE_WIDTH - MARGIN_X, bottom + 10)
        canvas.setFillColor(INK)
        canvas.setFont(FONT, 8)
        canvas.drawString(MARGIN_X, bottom, self.running_title)
        label = f"Page {canvas.getPageNumber()} of "
        x = PAGE_WIDTH - MARGIN_X - 62
        canvas.drawString(x, bottom, label)
        canvas.translate(x + canvas.stringWidth(label, FONT, 8), bottom)
        canvas.doForm("page-total")
        canvas.restoreState()
        canvas.saveState()
        canvas.setFont(BOLD, 8)
        canvas.drawCentredString(PAGE_WIDTH / 2, bottom - 11, self.marking)
        canvas.restoreState()

    def _endBuild(self):
        self._doSave = 0
        super()._endBuild()
        total = self.canv.getPageNumber() - 1  # the last page is finished: the count is one past it
        self.canv.beginForm("page-total")
        self.canv.setFont(FONT, 8)
        self.canv.setFillColor(INK)
        self.canv.drawString(0, 0, str(total))
        self.canv.endForm()
        self.canv.save()

    def afterFlowable(self, flowable) -> None:
        outline = getattr(flowable, "outline", None)
        if outline:
            title, level = outline
            self._outline_keys += 1
            key = f"section-{self._outline_keys}"
            self.canv.bookmarkPage(key)
            self.canv.addOutlineEntry(title, key, level=level, closed=level > 0)

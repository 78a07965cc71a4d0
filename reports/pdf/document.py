"""The bi-annual return as a PDF: cover, summary, each standard, then the review.

The pieces are in layout.py, the figures in figures.py and the charts in charts.py; the
template templates/reports/pdf/return.html and core/pdf.py (the one PDF writer) make the
tagged PDF. `compress=False` leaves the page contents uncompressed.
"""

from core.pdf import render_pdf
from reports.content import ReturnContent, StandardSection, long_date
from reports.pdf import figures
from reports.pdf.layout import (
    RED,
    CondPageBreak,
    Heading,
    KeepTogether,
    PageBreak,
    Spacer,
    boxed,
    data_table,
    inset,
    link,
    pairs_table,
    para,
    story,
)
from reports.workbook import cover_rows


def cover(content: ReturnContent) -> list:
    out = [
        Spacer(1, 30),
        Heading("Bi-annual return to the Ministry of Justice", "title"),
        para(f"{content.area_name} · {content.period_label}", "subtitle"),
        para(
            "Quality Standards self-assessment, with the figures Reach computes for each standard",
            "body",
        ),
        Spacer(1, 10),
        pairs_table(cover_rows(content)),
        Spacer(1, 16),
        boxed(
            [
                para(content.classification, "marking"),
                para(
                    "The commissioner sends this return to the Ministry of Justice under the grant "
                    "agreement. It carries exact counts, small numbers included, without the "
                    "disclosure control applied to published figures: do not publish it or share it "
                    "beyond those entitled to see it. The published transparency report is the "
                    "document for the public:"
                ),
                link(content.public_report_url),
            ]
        ),
    ]
    if content.is_draft:
        what = (
            f"Version {content.assessment.version} of the self-assessment is "
            f"{content.assessment.status_label.lower()}, not submitted. "
            if content.assessment
            else "There is no self-assessment for this period. "
        )
        out += [
            Spacer(1, 10),
            boxed(
                [
                    para("DRAFT – not submitted", "draft"),
                    para(what + "This is not the return the Ministry of Justice holds."),
                ],
                colour=RED,
                width=2.5,
            ),
        ]
    return out


def summary(content: ReturnContent) -> list:
    rows = [
        (label, f"{value:,}" if isinstance(value, int) else value)
        for label, value in content.summary
    ]
    return [
        PageBreak(),
        Heading("Key findings"),
        *[para(f"• {sentence}") for sentence in content.key_findings],
        para(
            "Each finding rests on a difference that survives allowing for the many "
            "comparisons made (false discovery rate 5%); Quality Standard 1 gives every figure.",
            "small",
        ),
        Spacer(1, 8),
        Heading("Summary"),
        pairs_table(rows, widths=(0.45, 0.55)),
        Spacer(1, 8),
        para(
            "Counts are exact (internal figures). Ratings are the Ministry of Justice's, of the "
            "submitted self-assessment; escalation is the area's state when this document was generated.",
            "small",
        ),
    ]


def _answer(text: str) -> list:
    paragraphs = [p.strip() for p in text.replace("\r\n", "\n").split("\n\n") if p.strip()]
    return [para(p, "answer") for p in paragraphs]


def prompts(standard: StandardSection) -> list:
    out = [Heading("Prompts and the commissioner's answers", "h2", level=1)]
    for p in standard.prompts:
        question = para(f"{p.number}. {p.text}", "prompt")
        if p.heading:
            out.append(question)
            continue
        body = (
            _answer(p.answer)
            if p.answer
            else [para("Not answered (optional)." if p.optional else "Not answered.", "answer")]
        )
        evidence = [para("Evidence:", "link"), *(link(url) for url in p.links)] if p.links else []
        # Keep a prompt with the start of its answer, and the evidence with the end of it:
        # neither stranded alone at the foot or head of a page.
        if len(body) == 1:
            out.append(KeepTogether([question, body[0], *evidence]))
        else:
            out.append(KeepTogether([question, body[0]]))
            out += body[1:-1]
            out.append(KeepTogether([body[-1], *evidence]))
    return out


def rating(standard: StandardSection) -> list:
    out = [CondPageBreak(90), Heading("The Ministry of Justice's rating", "h2", level=1)]
    r = standard.rating
    if r is None:
        out.append(para("Not rated."))
        return out
    out.append(
        pairs_table(
            [
                ("Rating", r.label),
                ("Comment", r.comment or "None"),
                ("Rated", f"{long_date(r.on)} by {r.by}"),
            ]
        )
    )
    return out


def standard_section(content: ReturnContent, standard: StandardSection) -> list:
    return [
        PageBreak(),
        Heading(standard.heading),
        para("The standard (verbatim from the guidance)", "strong"),
        inset(para(standard.statement, "inset")),
        Spacer(1, 6),
        *prompts(standard),
        CondPageBreak(120),
        Heading("Figures bearing on this standard", "h2", level=1),
        *figures.for_standard(content, standard.number),
        *rating(standard),
    ]


def review(content: ReturnContent) -> list:
    t = content.tables
    challenges = [
        [
            f"{long_date(r[0])}\n{r[1]}",
            r[2],
            r[3],
            r[4],
            (r[5] + (f"\n({long_date(r[6])}, {r[7]})" if r[6] else ""))
            if r[5]
            else "No response yet",
        ]
        for r in t["challenges"].rows
    ]
    actions, overdue = [], []
    for i, r in enumerate(t["actions"].rows):
        status = r[6] + ("\nOVERDUE" if r[7] else "") + (f"\n{long_date(r[8])}" if r[8] else "")
        plan = f"Revision {r[0]}: {r[1].lower()}" + (f" {long_date(r[2])}" if r[2] else "")
        actions.append([plan, r[3], r[4], long_date(r[5]), status])
        if r[7]:
            overdue.append(i)
    timeline = [[long_date(r[0]), r[1], r[2], r[3]] for r in t["timeline"].rows]
    return [
        PageBreak(),
        Heading("Challenges and responses"),
        data_table(
            ["Raised", "About", "Challenge", "Status", "Response"],
            challenges,
            [0.14, 0.17, 0.28, 0.09, 0.32],
        ),
        *[para(n, "small") for n in t["challenges"].notes],
        CondPageBreak(120),
        Heading("Action plan"),
        data_table(
            ["Plan", "Action", "Owner", "Due", "Status"],
            actions,
            [0.17, 0.39, 0.16, 0.13, 0.15],
            flagged_rows=overdue,
        ),
        para("Rows in red are overdue: not done and past their due date.", "small"),
        CondPageBreak(120),
        Heading("Escalation timeline"),
        data_table(["Date", "Step", "By", "Details"], timeline, [0.14, 0.24, 0.18, 0.44]),
        *[para(n, "small") for n in t["timeline"].notes],
    ]


def build_pdf(content: ReturnContent, *, compress: bool = True) -> bytes:
    pieces = cover(content) + summary(content)
    for standard in content.standards:
        pieces += standard_section(content, standard)
    pieces += review(content)
    return render_pdf(
        "reports/pdf/return.html",
        {"content": content, "blocks": story(pieces)},
        lang="en",
        marking=content.classification,
        running_title=f"Bi-annual return · {content.area_name} · {content.period_label}",
        compress=compress,
    )

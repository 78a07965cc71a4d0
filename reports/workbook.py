"""The bi-annual return as a workbook: one sheet per section, the same for XLSX and ODS.

Every sheet opens with the document's title and its marking, so a sheet printed or
copied on its own still says what it is and that it holds exact counts.
"""

from core import spreadsheets
from core.spreadsheets import Heading, Pairs, Sheet, Text
from core.tables import Table
from monitoring.dashboard import Dashboard
from reports.content import ReturnContent, StandardSection, long_date

# Which sheets hold the figures that bear on each standard (the guidance's chapters:
# understanding needs through data and engagement; proportionate services and a diverse
# workforce; awareness through pathways, outreach and indicators).
FIGURE_SHEETS = {
    1: ["Representation 19", "Representation 5", "Outcomes", "Engagement"],
    2: ["Representation 19", "Representation 5", "Outcomes", "Workforce"],
    3: ["Pathways", "Outreach", "Awareness"],
}


def _marking(content: ReturnContent) -> list:
    lines = [
        Heading(content.title),
        Text(content.classification, strong=True),
    ]
    if content.is_draft:
        lines.append(Text("DRAFT – this self-assessment has not been submitted.", strong=True))
    return lines


def cover_rows(content: ReturnContent) -> list[tuple[str, object]]:
    a = content.assessment
    rows = [
        ("Area", content.area_name),
        ("Commissioner", content.commissioner),
        ("Period", f"{content.period_label} ({content.period_code})"),
        ("Generated", f"{long_date(content.generated_at)} at {content.generated_at:%H:%M}"),
        (
            "Self-assessment",
            a.description if a else "None: no self-assessment for this period – DRAFT",
        ),
    ]
    if a and a.signed_off:
        rows.append(("Signed off", a.signed_off))
    if a and a.submitted:
        rows.append(("Submitted to the Ministry of Justice", a.submitted))
    rows += [
        ("Quality Standards", content.edition),
        (
            "Figures",
            "Computed from the providers' current returns when this document was generated; "
            f"{content.dashboard.counts.returns_included} returns included.",
        ),
        ("Marking", content.classification),
    ]
    return rows


def summary_sheet(content: ReturnContent) -> Sheet:
    return Sheet(
        "Summary",
        [
            *_marking(content),
            Pairs(cover_rows(content)),
            Heading("Key findings"),
            *[Text(sentence) for sentence in content.key_findings],
            Heading("Summary"),
            Pairs(content.summary),
        ],
        widths={0: 55, 1: 80},
    )


def standard_sheet(content: ReturnContent, standard: StandardSection) -> Sheet:
    rows = []
    for p in standard.prompts:
        if p.heading:
            rows.append([p.number, p.text, "(answered in its parts below)", ""])
            continue
        answer = p.answer or ("Not answered (optional)" if p.optional else "Not answered")
        rows.append([p.number, p.text, answer, "\n".join(p.links)])
    prompts = Table(
        title="Prompts and the commissioner's answers",
        headers=["Prompt", "Prompt (verbatim from the guidance)", "Answer", "Evidence links"],
        rows=rows,
    )
    rating = standard.rating
    rating_rows = (
        [
            ("Rating", rating.label),
            ("Comment", rating.comment),
            ("Rated by", rating.by),
            ("Rated on", rating.on),
        ]
        if rating
        else [("Rating", "Not rated")]
    )
    return Sheet(
        f"QS{standard.number}",
        [
            *_marking(content),
            Heading(standard.heading),
            Pairs([("Statement", standard.statement)]),
            prompts,
            Heading("The Ministry of Justice's rating"),
            Pairs(rating_rows),
            Text(
                "Figures bearing on this standard: the sheets "
                + ", ".join(FIGURE_SHEETS.get(standard.number, []))
                + "."
            ),
        ],
        widths={0: 11, 1: 55, 2: 80, 3: 40},
    )


def _benchmark_notes(dashboard: Dashboard) -> list:
    return [
        Text(f"{b.title}: {b.explanation}" + "".join(f" {n}" for n in b.notes))
        for b in dashboard.benchmarks.values()
    ]


def sheets(content: ReturnContent) -> list[Sheet]:
    t = content.tables

    def section(name, *tables, notes=(), widths=None):
        return Sheet(name, [*_marking(content), *tables, *notes], widths=widths or {})

    out = [summary_sheet(content)]
    out += [standard_sheet(content, s) for s in content.standards]
    out += [
        section(
            "Representation 19",
            t["representation-19"],
            notes=_benchmark_notes(content.dashboard),
            widths={0: 30},
        ),
        section(
            "Representation 5",
            t["representation-5"],
            notes=_benchmark_notes(content.dashboard),
            widths={0: 30},
        ),
        section("Outcomes", t["outcomes"], widths={0: 30}),
        section("Pathways", t["pathways"], t["pathway-differences"], widths={0: 30}),
        section("Engagement", t["engagement"]),
        section("Workforce", t["workforce"], t["workforce-detail"], widths={0: 30}),
        section("Outreach", t["outreach"]),
        section("Awareness", t["awareness"], widths={0: 40}),
        section("Challenges", t["challenges"]),
        section("Actions", t["actions"], widths={3: 50}),
        section("Escalation", t["timeline"], widths={3: 60}),
    ]
    return out


def build_xlsx(content: ReturnContent) -> bytes:
    return spreadsheets.to_xlsx(sheets(content), title=content.title, author=content.commissioner)


def build_ods(content: ReturnContent) -> bytes:
    return spreadsheets.to_ods(sheets(content), title=content.title, author=content.commissioner)

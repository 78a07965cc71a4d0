"""The figures beside each standard in the PDF: charts with their data tables.

The spreadsheets carry the dashboard's wide tables whole; a page of A4 cannot, so here
each is cut to what a reader needs on paper, and tables of groups by rates or pathways
are turned so that the groups are the columns.
"""

import stats
from monitoring import groups
from monitoring.benchmarks import NEED, POPULATION
from monitoring.tables import VERDICTS
from reports.content import ReturnContent, long_date
from reports.pdf.charts import ratio_chart
from reports.pdf.layout import CondPageBreak, KeepTogether, Spacer, data_table, para

BENCHMARK_WORDS = {POPULATION: "the population", NEED: "need"}


def subheading(words: str, room: float = 110) -> list:
    """A subheading, moved to the next page unless `room` points are left for what follows."""
    return [CondPageBreak(room), para(words, "h3")]


def _pct(value) -> str:
    return "[x]" if value is None else f"{100 * value:.1f}%"


def _ratio(r) -> tuple[str, str]:
    if r.ratio is None:
        return "[x]", "[x]"
    return f"{r.ratio:.2f}", f"{r.low:.2f} to {r.high:.2f}"


def coverage(content: ReturnContent) -> list:
    d = content.dashboard
    if not d.total:
        return [
            para("No provider has submitted a return for this period yet, so there are no figures.")
        ]
    out = [
        para(
            f"{d.total:,} referrals in {d.counts.returns_included} returns; ethnicity recorded for "
            f"{d.stated:,} ({_pct(d.coverage)}). Shares are of referrals with a stated ethnic group."
        )
    ]
    if d.low_coverage:
        out.append(
            para(
                "Ethnicity is recorded for fewer than 90% of referrals: read the shares with care.",
                "strong",
            )
        )
    return out


def representation(content: ReturnContent, level: str) -> list:
    d = content.dashboard
    view = d.representation[level]
    out = [
        # Room for the heading, the definition and the first chart, kept on one page.
        *subheading(
            f"Representation, {groups.LEVELS[level]['title']}", room=120 + 15 * len(view.rows)
        ),
        para(groups.LEVELS[level]["definition"], "small"),
    ]
    for bench in (POPULATION, NEED):
        benchmark = d.benchmarks[bench]
        points, rows, flagged = [], [], []
        for i, row in enumerate(view.rows):
            c = row.comparisons[bench]
            points.append((row.group.label, c.ratio.ratio, c.ratio.low, c.ratio.high, c.flag))
            ratio, interval = _ratio(c.ratio)
            finding = VERDICTS[c.verdict] + (
                " (depends on missing ethnicity)" if c.flag_depends_on_missing else ""
            )
            rows.append(
                [
                    row.group.label,
                    f"{row.count:,}",
                    _pct(row.share),
                    _pct(c.benchmark_share),
                    ratio,
                    interval,
                    finding,
                ]
            )
            if c.flag == stats.UNDER:
                flagged.append(i)
        under = [view.rows[i].group.label for i in flagged]
        reading = (
            f"Under-represented against {BENCHMARK_WORDS[bench]}: {', '.join(under)}."
            if under
            else f"No group is confidently under-represented against {BENCHMARK_WORDS[bench]}."
        )
        heading = f"Benchmark: {benchmark.title}; {groups.LEVELS[level]['title']}"
        out.append(
            KeepTogether(
                [
                    para(heading, "strong"),
                    ratio_chart(
                        points,
                        chart_id=f"ratio-{level}-{bench}",
                        title=f"Representation ratios by ethnic group. {heading}",
                        reading=reading,
                    ),
                    para(reading, "small"),
                ]
            )
        )
        out.append(
            data_table(
                [
                    "Ethnic group",
                    "Referrals",
                    "Share of stated",
                    "Benchmark share",
                    "Ratio",
                    "95% interval",
                    "Finding",
                ],
                rows,
                [0.25, 0.09, 0.1, 0.11, 0.07, 0.13, 0.25],
                numeric={1, 2, 3, 4, 5},
                flagged_rows=flagged,
            )
        )
        out.append(Spacer(1, 8))
    out.append(
        para(
            f"Stated ethnicity in this view: {view.stated:,}; not stated: {view.not_stated:,}"
            + (f"; recorded only as a high-level group: {view.unplaced:,}" if view.unplaced else "")
            + ". Intervals are exact (Clopper–Pearson). A group is flagged only where its exact "
            "test survives Benjamini–Hochberg control of the false discovery rate: "
            + view.family_words
            + " 'Not confirmed': the 95% interval is clear of 1 but the difference does not "
            "survive that control. Rows in red are under-represented.",
            "small",
        )
    )
    return out


def benchmark_notes(content: ReturnContent) -> list:
    return [
        para(f"{b.title}: {b.explanation}" + "".join(f" {n}" for n in b.notes), "small")
        for b in content.dashboard.benchmarks.values()
    ]


def outcomes(content: ReturnContent) -> list:
    """Rates as rows, groups as columns: a stage over the previous one, with its base."""
    table = content.dashboard.outcomes
    if not table:
        return [para("No outcomes recorded.")]
    keys = list(table[0].rates)
    headers = ["Rate", *(g.group.label for g in table)]
    rows = []
    for key in keys:
        cells = [table[0].rates[key].title]
        for g in table:
            r = g.rates[key]
            cell = f"{_pct(r.value)}\nof {r.denominator:,}" if r.denominator else "[x]"
            if r.small_base and r.denominator:
                cell += " [low]"
            elif r.flag:
                cell += f"\n{r.flag} than the rest"
            cells.append(cell)
        rows.append(cells)
    share = 0.72 / len(table)
    return [
        *subheading("How victims in each group fare, 5 groups"),
        data_table(
            headers, rows, [0.28] + [share] * len(table), numeric=set(range(1, len(table) + 1))
        ),
        para(
            "Each rate is over the previous stage (contact over valid referrals, acceptance over "
            "those contacted, completion and drop-out over accepted cases that closed, each outcome "
            "measure over those asked). \u201chigher/lower than the rest\u201d marks a confident difference "
            "from the rest of the area's service users (Newcombe interval, false discovery rate "
            "controlled); [low] marks a base under 10.",
            "small",
        ),
    ]


def proportionality(content: ReturnContent) -> list:
    """Quality Standard 2 asks for services in proportion: the findings of Standard 1's charts."""
    rows = []
    for level in (groups.FIVE, groups.DETAILED):
        view = content.dashboard.representation[level]
        for bench in (POPULATION, NEED):
            by = {
                v: [r.group.label for r in view.rows if r.comparisons[bench].verdict == v]
                for v in VERDICTS
            }
            rows.append(
                [
                    f"{groups.LEVELS[level]['title']}, against {BENCHMARK_WORDS[bench]}",
                    ", ".join(by[stats.UNDER]) or "None",
                    ", ".join(by[stats.OVER]) or "None",
                    ", ".join(by[stats.TOO_FEW]) or "None",
                ]
            )
    return [
        *subheading("Are services in proportion?"),
        para(
            "The findings of the representation charts under Quality Standard 1, which give every number.",
            "small",
        ),
        data_table(
            ["View", "Under-represented", "Over-represented", "Too few to tell"],
            rows,
            [0.22, 0.3, 0.24, 0.24],
        ),
    ]


def workforce(content: ReturnContent) -> list:
    t = content.tables["workforce"]
    return [
        *subheading("Workforce diversity"),
        data_table(t.headers, t.rows, [0.26, 0.08, 0.12, 0.12, 0.21, 0.21], numeric={1, 2, 3}),
        *[para(n, "small") for n in t.notes],
    ]


def engagement(content: ReturnContent) -> list:
    t = content.tables["engagement"]
    rows = [
        [
            long_date(r[0]),
            f"{r[1]}: {r[2]}" + (" (face to face)" if r[3] else ""),
            r[4],
            r[8],
            r[9] or "Not recorded",
        ]
        for r in t.rows
    ]
    return [
        *subheading("Engagement with victims and communities"),
        data_table(
            ["Held on", "Activity", "Communities heard", "What was said", "What changed"],
            rows,
            [0.12, 0.2, 0.18, 0.27, 0.23],
        ),
    ]


def pathways(content: ReturnContent) -> list:
    """Pathways as rows and groups as columns: a column's shares add up to 100%."""
    tab = content.dashboard.pathways
    if not tab.rows:
        return [*subheading("How victims reach services"), para("No pathway recorded.")]
    headers = [
        "Pathway",
        *(
            key.label + (" [low]" if 0 < total < stats.MIN_BASE else "")
            for key, total, _ in tab.rows
        ),
    ]
    rows = []
    for i, column in enumerate(tab.columns):
        rows.append(
            [
                column.label,
                *(f"{cells[i].count:,}\n{_pct(cells[i].share)}" for _, _, cells in tab.rows),
            ]
        )
    rows.append(["All referrals", *(f"{total:,}" for _, total, _ in tab.rows)])
    share = 0.72 / len(tab.rows)
    compare = [
        [
            c.group.label,
            c.pathway_label,
            f"{c.count:,} of {c.base:,}",
            _pct(c.share),
            f"{'higher' if c.flag == 'higher' else 'lower'} than the rest",
        ]
        for c in content.dashboard.pathway_comparisons
        if c.flag
    ]
    out = [
        *subheading("How victims reach services, 5 groups"),
        data_table(
            headers,
            rows,
            [0.28] + [share] * len(tab.rows),
            numeric=set(range(1, len(tab.rows) + 1)),
        ),
        para(
            "Each cell: referrals by that pathway, and their share of the group's referrals. [low]: fewer than 10 referrals.",
            "small",
        ),
        para("Self-referral and police referral against the rest of the area", "strong"),
    ]
    if compare:
        out.append(
            data_table(
                ["Ethnic group", "Pathway", "Referrals", "Share", "Finding"],
                compare,
                [0.26, 0.2, 0.18, 0.12, 0.24],
                numeric={2, 3},
            )
        )
    else:
        out.append(
            para("No group differs confidently from the rest in self-referral or police referral.")
        )
    return out


def outreach(content: ReturnContent) -> list:
    t = content.tables["outreach"]
    rows = []
    for r in t.rows:
        messages = [
            m
            for m, said in zip(
                ("independent of the police", "free", "no need to report"), r[8:11], strict=True
            )
            if said
        ]
        rows.append(
            [
                long_date(r[0]),
                f"{r[2]} ({r[1]})",
                r[3],
                r[4] + (f"\nLanguages: {r[5]}" if r[5] else ""),
                "" if r[7] is None else f"{r[7]:,}",
                ", ".join(messages) or "None recorded",
            ]
        )
    return [
        *subheading("Outreach activities"),
        data_table(
            [
                "Held on",
                "Channel (run by)",
                "What",
                "Communities",
                "People reached",
                "Key messages given",
            ],
            rows,
            [0.11, 0.17, 0.25, 0.19, 0.1, 0.18],
            numeric={4},
        ),
    ]


def awareness(content: ReturnContent) -> list:
    t = content.tables["awareness"]
    rows = [
        [
            r[0],
            r[1],
            f"{r[2]:.1f}%",
            "" if r[3] is None else f"{r[3]:,}" + (" [low]" if r[4] else ""),
            r[5],
        ]
        for r in t.rows
    ]
    return [
        *subheading("Awareness indicators"),
        data_table(
            ["Measure", "Ethnic group", "Value", "People asked", "Source"],
            rows,
            [0.3, 0.2, 0.1, 0.12, 0.28],
            numeric={2, 3},
        ),
    ]


def for_standard(content: ReturnContent, number: int) -> list:
    """The figures that bear on each standard (as the self-assessment pages pair them)."""
    if number == 1:
        return [
            *coverage(content),
            *representation(content, groups.FIVE),
            *representation(content, groups.DETAILED),
            *benchmark_notes(content),
            *outcomes(content),
            *engagement(content),
        ]
    if number == 2:
        return [*coverage(content), *proportionality(content), *workforce(content)]
    if number == 3:
        return [*pathways(content), *outreach(content), *awareness(content)]
    return []

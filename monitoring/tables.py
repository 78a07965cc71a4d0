"""Each area dashboard section as a plain table: what the page shows and what downloads hold.

The area figures page renders these same `Table` objects (templates/monitoring/_table.html),
its CSV, XLSX and ODS downloads are written from them (core/tables.py), and the bi-annual
return takes its representation, outcome and pathway-difference tables from them
(reports/sections.py), so the page, the downloads and the return cannot disagree. The national view's table of returns and its funnel table are
drawn by its template from the same figures; its analyst's export is
monitoring/national_figures.py. Internal figures: exact counts (for those entitled to see them).
GSS symbols: [z] not applicable (no benchmark: nobody in the group lives in the area),
[x] not available (nobody with a stated ethnicity to compare).
"""

import stats
from core.tables import Table
from monitoring import groups, verdicts
from monitoring.benchmarks import NEED, POPULATION
from monitoring.dashboard import Dashboard

NOT_APPLICABLE = stats.NOT_APPLICABLE  # [z]
NOT_AVAILABLE = stats.NOT_AVAILABLE  # [x]

#: Verdict → words in tables and downloads (each verdict's words: monitoring/verdicts.py).
VERDICTS = {key: v.label for key, v in verdicts.VERDICTS.items()}
BENCHMARK_NAMES = {POPULATION: "Population", NEED: "Need"}


def _pct(value, places=1):
    return None if value is None else round(100 * value, places)


def _num(value, places=2):
    return None if value is None else round(value, places)


def _interval(interval, scale=100, places=1):
    if interval is None:
        return None, None
    return round(interval.low * scale, places), round(interval.high * scale, places)


def _ratio_cells(c) -> list:
    """Ratio, 95% limits and adjusted limits, or the GSS symbol saying why there are none."""
    if not c.ratio.has_benchmark:
        return [NOT_APPLICABLE] * 5
    if c.ratio.ratio is None:
        return [NOT_AVAILABLE] * 5
    adjusted = c.adjusted
    return [
        _num(c.ratio.ratio),
        _num(c.ratio.low),
        _num(c.ratio.high),
        _num(adjusted.low) if adjusted else None,
        _num(adjusted.high) if adjusted else None,
    ]


REPRESENTATION_HEADERS = [
    "Ethnic group",
    "Benchmark",
    "Referrals",
    "Share of stated (%)",
    "Benchmark share (%)",
    "Expected referrals",
    "Ratio",
    "Lower 95%",
    "Upper 95%",
    "Adjusted lower",
    "Adjusted upper",
    "Finding",
]

#: Added to a flag's words when it could change with the not-stated referrals.
DEPENDS = "; depends on the referrals with no stated ethnicity"


def representation_rows(view) -> list[list]:
    rows = []
    for row in view.rows:
        for name, c in row.comparisons.items():
            rows.append(
                [
                    row.group.label,
                    BENCHMARK_NAMES[name],
                    row.count,
                    _pct(row.share),
                    _pct(c.benchmark_share) if c.ratio.has_benchmark else NOT_APPLICABLE,
                    round(c.ratio.expected, 1) if c.ratio.has_benchmark else NOT_APPLICABLE,
                    *_ratio_cells(c),
                    VERDICTS[c.verdict] + (DEPENDS if c.flag_depends_on_missing else ""),
                ]
            )
    return rows


def method_notes(view) -> list[str]:
    return [
        view.family_words,
        "Ratio: the group's share of referrals divided by its benchmark share, with an exact "
        "(Clopper–Pearson) 95% interval. A group is flagged only where its exact binomial "
        "test survives Benjamini–Hochberg control of the false discovery rate; the adjusted "
        "interval (Benjamini–Yekutieli false coverage rate) is then clear of 1, and only then.",
        "Not confirmed: the 95% interval is clear of 1 but the difference does not survive "
        "the control, so its adjusted interval includes 1.",
        "Too few to tell: fewer than 5 referrals were expected, too few for the test to show "
        "a difference. [z]: no benchmark, nobody in the group lives in the area (Census 2021).",
    ]


def representation_table(dashboard: Dashboard, level: str) -> Table:
    view = dashboard.representation[level]
    notes = [
        groups.LEVELS[level]["definition"],
        f"Referrals with a stated ethnicity in this view: {view.stated}; not stated: {view.not_stated}"
        + (f"; recorded only as a high-level group: {view.unplaced}" if view.unplaced else "")
        + ".",
        *method_notes(view),
        *dashboard.notes,
    ]
    return Table(
        title=f"Representation, {groups.LEVELS[level]['title']}, {dashboard.selection.label}",
        headers=REPRESENTATION_HEADERS,
        rows=representation_rows(view),
        notes=notes,
        slug=f"representation-{level}",
    )


def _difference_cells(difference, missing=None) -> list:
    if difference is None:
        return [missing] * 3
    return [
        round(100 * difference.diff, 1),
        round(100 * difference.low, 1),
        round(100 * difference.high, 1),
    ]


def outcomes_table(dashboard: Dashboard) -> Table:
    """One row a group and rate: the page, the downloads and the bi-annual return."""
    rows = []
    for group in dashboard.outcomes:
        for rate in group.rates.values():
            low, high = _interval(rate.interval)
            rows.append(
                [
                    group.group.label,
                    rate.title,
                    rate.numerator,
                    rate.denominator,
                    _pct(rate.value),
                    low,
                    high,
                    *_difference_cells(rate.difference),
                    verdicts.DIFFERENCES[rate.verdict].label,
                ]
            )
    return Table(
        title=f"Outcomes by ethnic group, {groups.LEVELS[dashboard.level]['title']}",
        headers=[
            "Ethnic group",
            "Rate",
            "Number",
            "Of",
            "Rate (%)",
            "Lower 95%",
            "Upper 95%",
            "Difference from the rest (percentage points)",
            "Difference lower 95%",
            "Difference upper 95%",
            "Finding",
        ],
        rows=rows,
        notes=[
            groups.LEVELS[dashboard.level]["definition"],
            "Each rate is over the previous stage; the difference is from the rest of the "
            "area's service users with a stated ethnicity (Newcombe interval). The false "
            "discovery rate is controlled at 5% over every group and rate in this table. "
            "Small base: fewer than 10 people.",
        ],
        slug="outcomes",
    )


def pathway_differences(dashboard: Dashboard) -> Table:
    rows = []
    for c in dashboard.pathway_comparisons:
        rows.append(
            [
                c.group.label,
                c.pathway_label,
                c.count,
                c.base,
                _pct(c.share),
                *_difference_cells(c.difference),
                verdicts.DIFFERENCES[c.verdict].label,
            ]
        )
    return Table(
        title="Self-referral and police referral: each group against the rest",
        headers=[
            "Ethnic group",
            "Pathway",
            "Referrals by this pathway",
            "Referrals in the group",
            "Share (%)",
            "Difference from the rest (percentage points)",
            "Difference lower 95%",
            "Difference upper 95%",
            "Finding",
        ],
        rows=rows,
        notes=[
            "Each group is compared with the rest of the area's service users (Newcombe "
            "interval); the false discovery rate is controlled at 5% over every group and "
            "both pathways."
        ],
        slug="pathway-differences",
    )


def cross_table(tab, slug: str) -> Table:
    headers = ["Ethnic group", "Total"]
    for column in tab.columns:
        headers += [f"{column.label}: number", f"{column.label} (%)"]
    rows = []
    for key, total, cells in tab.rows:
        out = [key.label + (" [low]" if 0 < total < stats.MIN_BASE else ""), total]
        for cell in cells:
            out += [cell.count, _pct(cell.share)]
        rows.append(out)
    notes = (
        ["[low]: fewer than 10 referrals in the row; shares are unreliable."]
        if tab.small_base_rows
        else []
    )
    return Table(title=tab.title, headers=headers, rows=rows, notes=notes, slug=slug)


def trends_table(dashboard: Dashboard) -> Table:
    benchmark = BENCHMARK_NAMES[dashboard.trend_benchmark].lower()
    headers = [
        "Ethnic group",
        "Period",
        "Referrals",
        "Stated ethnicity",
        "Share (%)",
        "Lower 95%",
        "Upper 95%",
        "Change from previous period (percentage points)",
        "Change lower 95%",
        "Change upper 95%",
        f"Ratio to {benchmark}",
        "Ratio lower 95%",
        "Ratio upper 95%",
    ]
    rows = []
    for point in dashboard.coverage_trend:
        rows.append(
            [
                "Ethnicity recorded (coverage)",
                point.period.label,
                point.total,
                point.stated,
                _pct(point.coverage),
                *[NOT_APPLICABLE] * 8,
            ]
        )
    for series in dashboard.trends:
        ratios = series.ratios or [None] * len(series.points)
        for i, (point, ratio) in enumerate(zip(series.points, ratios, strict=True)):
            low, high = _interval(point.interval)
            if ratio is None or ratio.ratio is None:
                ratio_cells = [NOT_APPLICABLE if ratio and not ratio.has_benchmark else None] * 3
            else:
                ratio_cells = [_num(ratio.ratio), _num(ratio.low), _num(ratio.high)]
            rows.append(
                [
                    series.group.label,
                    point.period.label,
                    point.count,
                    point.stated,
                    _pct(point.share),
                    low,
                    high,
                    # The first period has nothing before it to change from.
                    *_difference_cells(point.change, NOT_APPLICABLE if i == 0 else None),
                    *ratio_cells,
                ]
            )
    return Table(
        title="Change over time, 5 groups",
        headers=headers,
        rows=rows,
        notes=[
            groups.LEVELS[groups.FIVE]["definition"],
            "Consecutive periods hold different referrals, so each change is a difference of "
            "two independent shares (Newcombe interval). Ratios have exact 95% intervals and "
            "carry no flag: flags belong to each period's own view.",
        ],
        slug="trends",
    )


# Every row is against the authority's population, so no "Benchmark" column.
PLACE_HEADERS = [
    "Local authority",
    REPRESENTATION_HEADERS[0],
    *REPRESENTATION_HEADERS[2:4],
    "Population share (%)",
    *REPRESENTATION_HEADERS[5:],
]


def places_table(dashboard: Dashboard, level: str) -> Table:
    """Referrals by local authority against each authority's population
    (monitoring/local_authorities.py)."""
    places = dashboard.places[level]
    rows = [
        [place.authority.name, row[0], *row[2:]]
        for place in places.places
        for row in representation_rows(place.view)
    ]
    not_stated = sum(p.view.not_stated for p in places.places)
    unplaced = sum(p.view.unplaced for p in places.places)
    return Table(
        title=f"By local authority, {groups.LEVELS[level]['title']}, {dashboard.selection.label}",
        headers=PLACE_HEADERS,
        rows=rows,
        notes=[
            groups.LEVELS[level]["definition"],
            f"Only referrals that say where the victim lives are counted here: {places.recorded} "
            f"of {dashboard.total}; of these, {not_stated} have no stated ethnicity"
            + (f" and {unplaced} are recorded only as a high-level group" if unplaced else "")
            + ".",
            "Each local authority is compared with its own usual residents at the Census 2021 "
            "(all ages). Crime Survey victimisation rates are not published by local "
            "authority, so there is no need benchmark here.",
            places.family_words,
            *method_notes(places.places[0].view)[1:],
        ],
        slug=f"local-authorities-{level}",
    )


def section_tables(dashboard: Dashboard) -> dict[str, Table]:
    tables = {
        f"representation-{lvl}": representation_table(dashboard, lvl)
        for lvl in (groups.DETAILED, groups.SIX, groups.FIVE)
    }
    tables["outcomes"] = outcomes_table(dashboard)
    tables["pathways"] = cross_table(dashboard.pathways, "pathways")
    tables["pathway-differences"] = pathway_differences(dashboard)
    for tab in dashboard.intersections:
        slug = tab.column_title.lower().replace(" ", "-")
        tables[slug] = cross_table(tab, slug)
    tables["trends"] = trends_table(dashboard)
    for level in dashboard.places:
        tables[f"local-authorities-{level}"] = places_table(dashboard, level)
    return tables


def family_table(national) -> Table:
    """The national family's flags (monitoring/national_figures.py): under first."""
    order = {stats.UNDER: 0, stats.OVER: 1}
    rows = []
    for r in sorted(
        national.flagged,
        key=lambda r: (order[r.comparison.verdict], r.comparison.ratio.ratio, r.area.name),
    ):
        c = r.comparison
        rows.append(
            [
                r.area.name,
                r.group.group.label,
                r.group.count,
                round(c.ratio.expected, 1),
                *_ratio_cells(c),
                VERDICTS[c.verdict],
            ]
        )
    return Table(
        title=f"Groups flagged against need in every area, {national.period.label}",
        headers=[
            "Area",
            "Ethnic group",
            "Referrals",
            "Expected referrals",
            "Ratio",
            "Lower 95%",
            "Upper 95%",
            "Adjusted lower",
            "Adjusted upper",
            "Finding",
        ],
        rows=rows,
        notes=[
            national.words,
            "A group is flagged only where its exact binomial test survives the control over "
            "the whole country; its adjusted interval is then clear of 1. An area's own "
            "dashboard controls its own comparisons only, so the two can differ.",
        ],
        slug="national-flags",
    )


def funnel_table(funnel, period) -> Table:
    """The funnel plot's figures (monitoring/national.py), one row an area, as the page
    shows them under the plot."""
    from monitoring.national import POSITIONS

    rows = []
    for p in funnel.points:
        low, high = p.interval if p.interval else (NOT_AVAILABLE, NOT_AVAILABLE)
        rows.append(
            [
                p.area.name,
                p.observed,
                p.stated,
                round(p.expected, 1),
                _num(p.ratio) if p.interval else NOT_AVAILABLE,
                _num(low) if p.interval else low,
                _num(high) if p.interval else high,
                POSITIONS[p.position] if p.position else "No returns",
            ]
        )
    return Table(
        title=f"Observed and expected referrals by area, {period.label}",
        headers=[
            "Area",
            "Observed",
            "Referrals with a stated ethnicity",
            "Expected",
            "Observed ÷ expected",
            "Lower 95%",
            "Upper 95%",
            "Position",
        ],
        rows=rows,
        notes=[
            f"{funnel.title}: {funnel.explanation}",
            "Expected: the area's referrals with a stated ethnicity × the need-adjusted share "
            "of these groups among its residents (population × Crime Survey victimisation). "
            f"Across all areas together the ratio is {funnel.target:.2f}; the interval is "
            "around each area's own ratio, by the method the plot's limits use"
            + (
                f", widened for over-dispersion between areas (factor {funnel.phi:.2f})."
                if funnel.phi > 1
                else "."
            ),
        ],
        slug="funnel",
    )


def status_tag_classes() -> dict[str, str]:
    """A rating's or a raised escalation's words → its tag on the page: the colours and
    words each status declares once (core/status.py)."""
    from assurance.models.assessment import RATING_TAGS
    from assurance.models.review import ESCALATION_TAGS, EscalationState

    tags = {tag.label: tag.css for tag in RATING_TAGS.tags.values()}
    tags |= {
        tag.label: tag.css
        for value, tag in ESCALATION_TAGS.tags.items()
        if value != EscalationState.NONE
    }
    return tags


def areas_table(rows, periods, standards) -> Table:
    """Every area's returns by period and its latest Quality Standards ratings and
    escalation (the national view's first table)."""
    from django.urls import reverse

    from core.status import tag_for_value

    out, links = [], []
    for row in rows:
        cells = [row["area"].name]
        for r in row["returns"]:
            text = f"{r['submitted']} of {r['expected']}"
            if r["late"]:
                text += ", late"
            elif r["expected"] and r["submitted"] >= r["expected"]:
                text += ", all in"
            cells.append(text)
        status = row["assurance"]
        for n in standards:
            rating = (status or {}).get("ratings", {}).get(n)
            cells.append(tag_for_value(rating["rating"], "rating").label if rating else "Not rated")
        if status:
            escalation = status["escalation"]
            words = [tag_for_value(escalation["state"], "escalation").label]
            if status.get("overdue_actions"):
                n = status["overdue_actions"]
                words.append(f"{n} overdue action{'s' if n != 1 else ''}")
            if status.get("open_challenges"):
                n = status["open_challenges"]
                words.append(f"{n} open challenge{'s' if n != 1 else ''}")
            cells.append("; ".join(words))
        else:
            cells.append("None")
        out.append(cells)
        links.append(reverse("monitoring:area", args=[row["area"].slug]))
    return Table(
        title="Providers' returns by period (submitted of registered), latest ratings and "
        "escalation",
        headers=["Area", *(p.label for p in periods), *(f"QS{n}" for n in standards), "Escalation"],
        rows=out,
        notes=[
            "Returns: current returns from active providers serving the area, of the providers "
            "registered there; late when the due date has passed with some missing."
        ],
        slug="areas",
        links=links,
        tags=status_tag_classes(),
    )

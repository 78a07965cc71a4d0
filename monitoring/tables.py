"""Each dashboard section as a plain table: what the page shows and what downloads hold.

One builder per section, so the HTML table, the CSV, the XLSX and the ODS never disagree.
Internal figures: exact counts (for those entitled to see them), with small bases marked.
"""

import stats
from core.tables import Table
from monitoring import groups
from monitoring.benchmarks import NEED, POPULATION
from monitoring.dashboard import Dashboard

VERDICTS = {
    "under": "Under-represented",
    "over": "Over-represented",
    "too_few": "Too few to tell",
    "no_evidence": "No evidence of a difference",
}


def _pct(value):
    return None if value is None else round(100 * value, 1)


def _num(value, places=2):
    return None if value is None else round(value, places)


def _interval(interval, scale=100, places=1):
    if interval is None:
        return None, None
    return round(interval.low * scale, places), round(interval.high * scale, places)


def representation_table(dashboard: Dashboard, level: str) -> Table:
    view = dashboard.representation[level]
    headers = ["Ethnic group", "Referrals", "Share of stated (%)"]
    for name in (POPULATION, NEED):
        title = "population" if name == POPULATION else "need"
        headers += [
            f"Benchmark share, {title} (%)",
            f"Ratio, {title}",
            f"Ratio lower 95%, {title}",
            f"Ratio upper 95%, {title}",
            f"Finding, {title}",
            f"Flag depends on missing ethnicity, {title}",
        ]
    rows = []
    for row in view.rows:
        out = [row.group.label, row.count, _pct(row.share)]
        for name in (POPULATION, NEED):
            c = row.comparisons[name]
            out += [
                _pct(c.benchmark_share),
                _num(c.ratio.ratio),
                _num(c.ratio.low),
                _num(c.ratio.high),
                VERDICTS[c.verdict],
                "Yes" if c.flag_depends_on_missing else "No",
            ]
        rows.append(out)
    notes = [
        groups.LEVELS[level]["definition"],
        f"Referrals with a stated ethnicity in this view: {view.stated}; not stated: {view.not_stated}"
        + (f"; recorded only as a high-level group: {view.unplaced}" if view.unplaced else "")
        + ".",
        "Findings are flagged only where the 95% interval excludes 1 after Benjamini–Hochberg "
        "control of the false discovery rate (5%) over every group and both benchmarks in this view.",
    ]
    return Table(
        title=f"Representation, {groups.LEVELS[level]['title']}",
        headers=headers,
        rows=rows,
        notes=notes,
        slug=f"representation-{level}",
    )


def outcomes_table(dashboard: Dashboard) -> Table:
    if not dashboard.outcomes:
        return Table(title="Outcomes by ethnic group", headers=["Ethnic group"], slug="outcomes")
    rate_keys = list(dashboard.outcomes[0].rates)
    headers = ["Ethnic group", "Referrals"]
    for key in rate_keys:
        title = dashboard.outcomes[0].rates[key].title
        headers += [
            f"{title}: number",
            f"{title}: of",
            f"{title} (%)",
            f"{title}: lower 95%",
            f"{title}: upper 95%",
            f"{title}: difference from the rest (percentage points)",
            f"{title}: finding",
        ]
    rows = []
    for group in dashboard.outcomes:
        out = [group.group.label, group.referrals]
        for key in rate_keys:
            rate = group.rates[key]
            low, high = _interval(rate.interval)
            diff = None if rate.difference is None else round(100 * rate.difference.diff, 1)
            finding = (
                "Small base"
                if rate.small_base
                else {"higher": "Higher than the rest", "lower": "Lower than the rest"}.get(
                    rate.flag, "No evidence of a difference"
                )
            )
            out += [rate.numerator, rate.denominator, _pct(rate.value), low, high, diff, finding]
        rows.append(out)
    return Table(
        title="Outcomes by ethnic group",
        headers=headers,
        rows=rows,
        notes=[
            groups.LEVELS[dashboard.level]["definition"],
            "Each rate is over the previous stage; the difference is from the rest of the area's service "
            "users with a stated ethnicity (Newcombe interval); flags are controlled for the false "
            "discovery rate over the whole table.",
        ],
        slug="outcomes",
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
    ]
    rows = []
    for series in dashboard.trends:
        for point in series.points:
            low, high = _interval(point.interval)
            change = point.change
            rows.append(
                [
                    series.group.label,
                    point.period.label,
                    point.count,
                    point.stated,
                    _pct(point.share),
                    low,
                    high,
                    None if change is None else round(100 * change.diff, 1),
                    None if change is None else round(100 * change.low, 1),
                    None if change is None else round(100 * change.high, 1),
                ]
            )
    for point in dashboard.coverage_trend:
        rows.append(
            [
                "Ethnicity recorded (coverage)",
                point.period.label,
                point.total,
                point.stated,
                _pct(point.coverage),
                None,
                None,
                None,
                None,
                None,
            ]
        )
    return Table(
        title="Change over time",
        headers=headers,
        rows=rows,
        notes=[groups.LEVELS[groups.FIVE]["definition"]],
        slug="trends",
    )


def section_tables(dashboard: Dashboard) -> dict[str, Table]:
    tables = {
        f"representation-{lvl}": representation_table(dashboard, lvl)
        for lvl in (groups.DETAILED, groups.SIX, groups.FIVE)
    }
    tables["outcomes"] = outcomes_table(dashboard)
    tables["pathways"] = cross_table(dashboard.pathways, "pathways")
    for tab in dashboard.intersections:
        slug = tab.column_title.lower().replace(" ", "-")
        tables[slug] = cross_table(tab, slug)
    tables["trends"] = trends_table(dashboard)
    return tables

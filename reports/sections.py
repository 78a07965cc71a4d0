"""The figures and evidence of the return, each a core.tables.Table (the review part is in
reports/review.py).

The representation, outcome and pathway-difference tables are the area figures page's
own (monitoring/tables.py), and the table by referral pathway reads the same dashboard
objects with the same rounding, so a number in the return is the number on the dashboard. Values stay typed (counts as int,
percentages as float, dates as date) for the spreadsheets; the PDF formats them.
"""

from django.utils import timezone

import stats
from assurance.models import AwarenessIndicator, EngagementActivity, OutreachActivity
from assurance.workforce import AreaWorkforce
from core.tables import Table
from monitoring import groups
from monitoring import tables as monitoring_tables
from monitoring.benchmarks import POPULATION
from monitoring.dashboard import Dashboard
from monitoring.tables import VERDICTS


def _pct(value, places=1):
    return None if value is None else round(100 * value, places)


def date_of(value):
    return None if value is None else timezone.localdate(value)


def pathways_by_pathway(dashboard: Dashboard) -> Table:
    """Referral pathways as rows and groups as columns (the dashboard's table turned, so it
    fits a page): referrals by each pathway and their share of the group's referrals."""
    tab = dashboard.pathways
    headers = ["Pathway"]
    for key, total, _ in tab.rows:
        low = " [low]" if 0 < total < stats.MIN_BASE else ""
        headers += [f"{key.label}{low}: number", f"{key.label}{low} (%)"]
    rows = []
    for i, column in enumerate(tab.columns):
        row = [column.label]
        for _, _, cells in tab.rows:
            row += [cells[i].count, _pct(cells[i].share)]
        rows.append(row)
    total_row = ["All referrals"]
    for _, total, _ in tab.rows:
        total_row += [total, 100.0 if total else None]
    rows.append(total_row)
    return Table(
        title="Referral pathway by ethnic group, 5 groups",
        headers=headers,
        rows=rows,
        notes=["[low]: fewer than 10 referrals in the group; shares are unreliable."]
        if tab.small_base_rows
        else [],
        slug="pathways",
    )


def workforce_tables(workforce: AreaWorkforce) -> tuple[Table, Table]:
    summary, detail = [], []
    for org in workforce.organisations:
        unders = []
        for staff_key in ("all", "senior"):
            view = org.view(staff_key, groups.FIVE)
            unders.append(", ".join(view.under) if view and view.under else "None")
            if view is None:
                continue
            for row in view.view.rows:
                c = row.comparisons[POPULATION]
                detail.append(
                    [
                        org.name,
                        view.staff_label,
                        row.group.label,
                        row.count,
                        _pct(row.share),
                        _pct(c.benchmark_share),
                        None if c.ratio.ratio is None else round(c.ratio.ratio, 2),
                        None if c.ratio.low is None else round(c.ratio.low, 2),
                        None if c.ratio.high is None else round(c.ratio.high, 2),
                        VERDICTS[c.verdict],
                    ]
                )
        summary.append([org.name, org.total, org.senior, org.not_stated, *unders])
    notes = [workforce.benchmark_note]
    if workforce.missing:
        notes.insert(0, "Not yet recorded for this period: " + ", ".join(workforce.missing) + ".")
    summary_table = Table(
        title="Workforce diversity",
        headers=[
            "Organisation",
            "Staff",
            "Senior or managerial staff",
            "Ethnicity not stated",
            "Under-represented, all staff (5 groups)",
            "Under-represented, senior or managerial staff (5 groups)",
        ],
        rows=summary,
        notes=notes,
        slug="workforce",
    )
    detail_table = Table(
        title="Workforce by ethnic group against the area's population, 5 groups",
        headers=[
            "Organisation",
            "Staff",
            "Ethnic group",
            "Number",
            "Share of stated (%)",
            "Population share (%)",
            "Ratio",
            "Ratio lower 95%",
            "Ratio upper 95%",
            "Finding",
        ],
        rows=detail,
        notes=[groups.LEVELS[groups.FIVE]["definition"]],
        slug="workforce-detail",
    )
    return summary_table, detail_table


def engagement_table(user, area, period) -> Table:
    rows = [
        [
            a.held_on,
            a.get_kind_display(),
            a.title,
            a.face_to_face,
            a.communities,
            a.organisations,
            a.by_and_for_involved,
            a.participants,
            a.what_was_said,
            a.what_changed,
        ]
        for a in EngagementActivity.objects.visible_to(user)
        .filter(area=area, period=period)
        .order_by("held_on", "pk")
    ]
    return Table(
        title="Engagement with victims and communities",
        headers=[
            "Held on",
            "Kind",
            "Title",
            "Face to face",
            "Communities heard",
            "Organisations",
            "By-and-for organisations involved",
            "Participants",
            "What was said",
            "What changed in commissioning",
        ],
        rows=rows,
        slug="engagement",
    )


def outreach_table(user, area, period) -> Table:
    activities = (
        OutreachActivity.objects.visible_to(user)
        .filter(area=area, period=period)
        .select_related("provider")
        .prefetch_related("languages_reached", "materials_languages")
        .order_by("held_on", "pk")
    )
    rows = [
        [
            a.held_on,
            a.organisation_name,
            a.get_channel_display(),
            a.description,
            a.communities,
            ", ".join(lang.label for lang in a.languages_reached.all()),
            ", ".join(lang.label for lang in a.materials_languages.all()),
            a.people_reached,
            a.message_independent,
            a.message_free,
            a.message_no_report_needed,
        ]
        for a in activities
    ]
    return Table(
        title="Outreach activities",
        headers=[
            "Held on",
            "Run by",
            "Channel",
            "Description",
            "Communities",
            "Languages reached",
            "Materials in",
            "People reached",
            "Said services are independent of the police",
            "Said services are free",
            "Said no need to report a crime",
        ],
        rows=rows,
        notes=["The key messages are those of Quality Standard 3 (key message 3) of the guidance."],
        slug="outreach",
    )


def awareness_table(user, area, period) -> Table:
    rows = [
        [
            i.measure,
            i.group_label,
            float(i.value_percent),
            i.base,
            "Small base" if i.base is not None and i.base < stats.MIN_BASE else "",
            i.source,
        ]
        for i in AwarenessIndicator.objects.visible_to(user)
        .filter(area=area, period=period)
        .select_related("group")
    ]
    return Table(
        title="Awareness indicators",
        headers=["Measure", "Ethnic group", "Value (%)", "People asked", "Base", "Source"],
        rows=rows,
        slug="awareness",
    )


def evidence_tables(user, area, period, dashboard: Dashboard, workforce: AreaWorkforce) -> dict:
    figures = monitoring_tables.section_tables(dashboard)
    workforce_summary, workforce_detail = workforce_tables(workforce)
    return {
        "representation-19": figures[f"representation-{groups.DETAILED}"],
        "representation-5": figures[f"representation-{groups.FIVE}"],
        "outcomes": figures["outcomes"],
        "pathways": pathways_by_pathway(dashboard),
        "pathway-differences": figures["pathway-differences"],
        "engagement": engagement_table(user, area, period),
        "workforce": workforce_summary,
        "workforce-detail": workforce_detail,
        "outreach": outreach_table(user, area, period),
        "awareness": awareness_table(user, area, period),
    }

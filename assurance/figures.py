"""The figures Reach computes that bear on each standard: the cards beside the answers.

Computed from the same dashboard as the area figures page (monitoring.dashboard.build), so
the self-assessment and the dashboard never disagree, plus the evidence recorded here.
Each card is plain data (strings and numbers), so a submitted self-assessment keeps the
cards as they stood (SelfAssessment.figures) and the assessor reviews what was submitted.

Card: {"key", "title", "rows": [[label, value]], "lists": [{"title", "items", "empty"}],
"notes": [str], "link": {"href", "text"}}.
"""

from collections import Counter

from django.db.models import Sum
from django.urls import reverse

import stats
from assurance.models import AwarenessIndicator, EngagementActivity, OutreachActivity
from assurance.workforce import BENCHMARK_NOTE, area_workforce
from monitoring import groups
from monitoring.benchmarks import NEED, POPULATION
from monitoring.dashboard import build
from monitoring.data import Selection

CARD_TITLES = {
    "representation": "Who services reach",
    "outcomes": "How victims fare",
    "engagement": "Engagement this period",
    "workforce": "Workforce diversity",
    "pathways": "How victims reach services",
    "outreach": "Outreach this period",
    "awareness": "Awareness indicators",
}
DASHBOARD_CARDS = {"representation", "outcomes", "pathways"}


def pct(value) -> str:
    return "[x]" if value is None else f"{100 * value:.1f}%"


def _card(key, rows=(), lists=(), notes=(), link=None) -> dict:
    return {
        "key": key,
        "title": CARD_TITLES[key],
        "rows": [list(r) for r in rows],
        "lists": list(lists),
        "notes": list(notes),
        "link": link,
    }


def figures_for(user, area, period, keys=None) -> dict[str, dict]:
    """Cards by key for the area and period, as `user` may see them."""
    keys = set(keys or CARD_TITLES)
    cards = {}
    dashboard = None
    if keys & DASHBOARD_CARDS:
        dashboard = build(user, Selection(area=area, period=period), level=groups.FIVE)
    link = {
        "href": reverse("monitoring:area", args=[area.slug]) + f"?period={period.code}",
        "text": "See the area figures",
    }
    builders = {
        "representation": lambda: _representation(dashboard, link),
        "outcomes": lambda: _outcomes(dashboard, link),
        "pathways": lambda: _pathways(dashboard, link),
        "engagement": lambda: _engagement(user, area, period),
        "workforce": lambda: _workforce(user, area, period),
        "outreach": lambda: _outreach(user, area, period),
        "awareness": lambda: _awareness(user, area, period),
    }
    for key in CARD_TITLES:
        if key in keys:
            cards[key] = builders[key]()
    return cards


def _no_returns(key, link) -> dict:
    return _card(key, notes=["No provider has submitted a return for this period yet."], link=link)


def _representation(d, link) -> dict:
    if not d.total:
        return _no_returns("representation", link)
    rows = [
        ["Referrals", f"{d.total:,}"],
        ["Returns included", f"{d.counts.returns_included}"],
        ["Ethnicity recorded", f"{pct(d.coverage)} ({d.stated:,} of {d.total:,})"],
    ]
    lists = []
    for level in (groups.FIVE, groups.DETAILED):
        view = d.representation[level]
        for bench in (POPULATION, NEED):
            items = []
            for row in view.rows:
                c = row.comparisons[bench]
                if c.verdict == stats.UNDER:
                    items.append(
                        f"{row.group.label}: ratio {c.ratio.ratio:.2f} "
                        f"({c.ratio.low:.2f} to {c.ratio.high:.2f})"
                    )
            lists.append(
                {
                    "title": f"Under-represented against {'the population' if bench == POPULATION else 'need'}, "
                    f"{groups.LEVELS[level]['title']}",
                    "items": items,
                    "empty": "No group is confidently under-represented.",
                }
            )
    too_few = [
        r.group.label
        for r in d.representation[groups.FIVE].rows
        if r.comparisons[POPULATION].verdict == stats.TOO_FEW
    ]
    notes = []
    if d.low_coverage:
        notes.append("Ethnicity is recorded for fewer than 90% of referrals.")
    if too_few:
        notes.append("Too few to tell, 5 groups: " + ", ".join(too_few) + ".")
    notes.append(
        "Flags need the whole 95% interval below 1 after false discovery rate control; "
        "benchmarks are all ages (Census 2021)."
    )
    return _card("representation", rows, lists, notes, link)


GAP_DIRECTION = {"attrition": "higher"}  # for drop-out, higher is the gap; else lower


def _outcomes(d, link) -> dict:
    if not d.total:
        return _no_returns("outcomes", link)
    items = []
    for group in d.outcomes:
        for key, rate in group.rates.items():
            if rate.flag and rate.flag == GAP_DIRECTION.get(key, "lower"):
                items.append(
                    f"{group.group.label}: {rate.title.lower()} {pct(rate.value)}, "
                    f"{rate.flag} than the rest ({100 * rate.difference.diff:+.1f} points)"
                )
    return _card(
        "outcomes",
        lists=[
            {
                "title": "Outcome gaps, 5 groups",
                "items": items,
                "empty": "No group fares confidently worse than the rest of the area's service users.",
            }
        ],
        notes=[
            "Each group is compared with the rest of the area's service users with a stated ethnicity."
        ],
        link=link,
    )


def _pathways(d, link) -> dict:
    if not d.total:
        return _no_returns("pathways", link)
    tab = d.pathways
    known = [i for i, c in enumerate(tab.columns) if c.is_stated]
    items = []
    for key, _total, cells in tab.rows:
        base = sum(cells[i].count for i in known)
        if not base:
            continue
        non_police = sum(cells[i].count for i in known if not tab.columns[i].is_police)
        self_ref = sum(cells[i].count for i in known if tab.columns[i].code == "SELF")
        low = " [low]" if base < stats.MIN_BASE else ""
        items.append(
            f"{key.label}: {pct(non_police / base)} other than through the police, "
            f"{pct(self_ref / base)} self-referred (of {base:,}){low}"
        )
    flagged = [
        f"{c.group.label}: {pct(c.share)} by {c.pathway_label.lower()}, {c.flag} than the rest"
        for c in d.pathway_comparisons
        if c.flag
    ]
    return _card(
        "pathways",
        lists=[
            {
                "title": "Routes into services, 5 groups",
                "items": items,
                "empty": "No pathway recorded.",
            },
            {
                "title": "Differences from the rest",
                "items": flagged,
                "empty": "No confident difference.",
            },
        ],
        notes=["Shares are of referrals whose pathway is known; [low] marks bases under 10."],
        link=link,
    )


def _engagement(user, area, period) -> dict:
    activities = list(EngagementActivity.objects.visible_to(user).filter(area=area, period=period))
    rows = [
        ["Activities recorded", str(len(activities))],
        ["Face to face", str(sum(a.face_to_face for a in activities))],
        ["With by-and-for organisations", str(sum(a.by_and_for_involved for a in activities))],
        ["Led to a change in commissioning", str(sum(bool(a.what_changed) for a in activities))],
    ]
    items = [f"{a.get_kind_display()}: {a.title} ({a.held_on:%d %B %Y})" for a in activities]
    return _card(
        "engagement",
        rows,
        [{"title": "Activities", "items": items, "empty": "None recorded for this period."}],
        link={
            "href": reverse("assurance:engagement", args=[area.slug]) + f"?period={period.code}",
            "text": "See the engagement record",
        },
    )


def _workforce(user, area, period) -> dict:
    workforce = area_workforce(user, area, period)
    rows, lists = [], []
    for org in workforce.organisations:
        rows.append([org.name, f"{org.total:,} staff, {org.senior:,} senior or managerial"])
        for staff_key in ("all", "senior"):
            for level in (groups.FIVE, groups.SIX):
                view = org.view(staff_key, level)
                if view.under:
                    lists.append(
                        {
                            "title": f"{org.name}, {view.staff_label.lower()}: "
                            f"under-represented, {view.level_title}",
                            "items": view.under,
                            "empty": "",
                        }
                    )
    notes = [BENCHMARK_NOTE]
    if workforce.missing:
        notes.insert(0, "Not yet recorded for this period: " + ", ".join(workforce.missing) + ".")
    if not lists and workforce.organisations:
        notes.insert(0, "No group is confidently under-represented in any workforce recorded.")
    return _card(
        "workforce",
        rows,
        lists,
        notes,
        {
            "href": reverse("assurance:workforce", args=[area.slug]) + f"?period={period.code}",
            "text": "See the workforce figures",
        },
    )


def _outreach(user, area, period) -> dict:
    qs = OutreachActivity.objects.visible_to(user).filter(area=area, period=period)
    activities = list(qs.prefetch_related("languages_reached", "materials_languages"))
    channels = Counter(a.get_channel_display() for a in activities)
    reached = qs.aggregate(n=Sum("people_reached"))["n"] or 0
    languages = sorted({lang.label for a in activities for lang in a.languages_reached.all()})
    materials = sorted({lang.label for a in activities for lang in a.materials_languages.all()})
    rows = [
        ["Activities recorded", str(len(activities))],
        ["People reached (where counted)", f"{reached:,}"],
        ["Languages reached", ", ".join(languages) or "None recorded"],
        ["Materials in", ", ".join(materials) or "None recorded"],
        [
            "Said services are independent of the police",
            f"{sum(a.message_independent for a in activities)} of {len(activities)}",
        ],
    ]
    items = [f"{name}: {n}" for name, n in channels.most_common()]
    return _card(
        "outreach",
        rows,
        [{"title": "Channels used", "items": items, "empty": "None recorded for this period."}],
        link={
            "href": reverse("assurance:outreach", args=[area.slug]) + f"?period={period.code}",
            "text": "See the outreach log",
        },
    )


def _awareness(user, area, period) -> dict:
    indicators = AwarenessIndicator.objects.visible_to(user).filter(area=area, period=period)
    items = [
        f"{i.measure}, {i.group_label}: {i.value_percent}%"
        + (f" of {i.base:,}" if i.base is not None else "")
        + (" [low]" if i.base is not None and i.base < stats.MIN_BASE else "")
        + f" (source: {i.source})"
        for i in indicators.select_related("group")
    ]
    return _card(
        "awareness",
        lists=[{"title": "Indicators", "items": items, "empty": "None recorded for this period."}],
        link={
            "href": reverse("assurance:awareness", args=[area.slug]) + f"?period={period.code}",
            "text": "See the awareness indicators",
        },
    )


def cards_for_page(figures: dict[str, dict], keys) -> list[dict]:
    return [figures[k] for k in keys if k in figures]

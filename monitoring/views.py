"""Area monitoring pages: which areas a person may look at, and an area's dashboard."""

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import slugify

import stats
from accounts.authorization import Permission
from core import tables
from core.access import check, requires
from monitoring import charts, groups, verdicts
from monitoring.benchmarks import NEED, POPULATION
from monitoring.dashboard import build
from monitoring.data import Selection
from monitoring.forms import DashboardFilterForm
from monitoring.national_figures import export_table, national_family
from monitoring.summary import key_findings
from monitoring.tables import areas_table, family_table, funnel_table, section_tables
from reference.models import Area
from returns.models import Period, Return


@requires(Permission.DASHBOARD_VIEW)
def home(request):
    areas = Area.objects.visible_to(request.user).order_by("name")
    if len(areas) == 1:
        return redirect("monitoring:area", slug=areas[0].slug)
    return render(request, "monitoring/home.html", {"page_title": "Area figures", "areas": areas})


def default_period(user, area):
    """The latest period for which this person can see any return in the area."""
    latest = (
        Return.objects.visible_to(user)
        .filter(area=area, current_version__isnull=False)
        .order_by("-period__start")
        .values_list("period", flat=True)
        .first()
    )
    if latest:
        return Period.objects.get(pk=latest)
    return Period.objects.order_by("-start").first()


@requires(Permission.DASHBOARD_VIEW)
def area(request, slug):
    area = get_object_or_404(Area.objects.visible_to(request.user), slug=slug)
    check(request.user, Permission.DASHBOARD_VIEW, area=area)
    form = DashboardFilterForm(
        request.GET, area=area, user=request.user, default_period=default_period(request.user, area)
    )
    if not form.is_valid():
        return render(
            request,
            "monitoring/area.html",
            {"page_title": f"{area.name}: figures", "area": area, "form": form},
            status=400,
        )
    selection = Selection(
        area=area,
        period=form.cleaned_data["period"],
        provider=form.cleaned_data["provider"],
        crime_type=form.cleaned_data["crime_type"],
        months=form.cleaned_data["months"] or 6,
    )
    dashboard = build(request.user, selection, level=form.cleaned_data["level"] or groups.FIVE)
    section_data = section_tables(dashboard)

    download = request.GET.get("download")
    if download:
        return _download(section_data, download, request.GET.get("format", "csv"), area, selection)

    context = {
        "page_title": f"{area.name}: figures",
        "area": area,
        "form": form,
        "d": dashboard,
        "key_findings": key_findings(dashboard),
        "levels": groups.LEVELS,
        "views": [
            {
                "level": level,
                "info": groups.LEVELS[level],
                "view": dashboard.representation[level],
                "table": section_data[f"representation-{level}"],
                "charts": [_ratio_chart(dashboard, level, name) for name in dashboard.benchmarks],
            }
            for level in (groups.DETAILED, groups.SIX, groups.FIVE)
        ],
        "tables": section_data,
        "trend_charts": _trend_charts(dashboard),
        "query": request.GET.urlencode(),
        "download_formats": list(tables.FORMATS),
    }
    return render(request, "monitoring/area.html", context)


def _download(section_data, section, fmt, area, selection):
    table = section_data.get(section)
    if table is None or fmt not in tables.FORMATS:
        raise Http404("No such table or format.")
    codes = "-".join(p.code for p in selection.periods)
    return _attachment(table, fmt, slugify(f"{area.name} {codes} {table.slug}"))


def _attachment(table, fmt, name):
    response = HttpResponse(tables.render(table, fmt), content_type=tables.FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


def _ratio_chart(dashboard, level, benchmark):
    view = dashboard.representation[level]
    points = []
    for row in view.rows:
        c = row.comparisons[benchmark]
        interval = c.adjusted
        points.append(
            charts.RatioPoint(
                row.group.label,
                c.ratio.ratio,
                interval.low if interval else None,
                interval.high if interval else None,
                colour=verdicts.colour(c.verdict),
                flagged=c.flag is not None,
                hollow=c.verdict in (stats.LOWER_NOT_CONFIRMED, stats.HIGHER_NOT_CONFIRMED),
                note="no benchmark: nobody in this group lives in the area"
                if not c.ratio.has_benchmark
                else "no referrals with a stated ethnicity",
            )
        )
    under = [row.group.label for row in view.rows if row.comparisons[benchmark].flag == "under"]
    over = [row.group.label for row in view.rows if row.comparisons[benchmark].flag == "over"]
    family = view.family
    description = (
        "Ratio of each group's share of referrals to its share of the "
        + ("population" if benchmark == POPULATION else "need-adjusted population")
        + f"; 1 means in proportion. Bars are intervals adjusted for the {family.size} "
        "comparisons in this view, so a group is flagged exactly when its bar lies wholly on "
        "one side of 1. "
        + (
            f"Under-represented: {', '.join(under)}. "
            if under
            else "No group is confidently under-represented. "
        )
        + (f"Over-represented: {', '.join(over)}." if over else "")
    )
    title = dashboard.benchmarks[benchmark].title
    return {
        "benchmark": benchmark,
        "title": title,
        "svg": charts.ratio_chart(
            points, chart_id=f"ratio-{level}-{benchmark}", title=title, description=description
        ),
    }


def _period_lines(period) -> tuple[str, str]:
    """A period as two short lines of words for a chart axis: "Apr 2025 to", "Sep 2025"."""
    return f"{period.start:%b %Y} to", f"{period.end:%b %Y}"


def _trend_charts(dashboard):
    if not dashboard.trends:
        return []
    labels = [_period_lines(p) for p in dashboard.periods]
    benchmark = "need" if dashboard.trend_benchmark == NEED else "the population"
    shares = charts.trend_chart(
        [charts.Line(s.group.label, [p.share for p in s.points]) for s in dashboard.trends],
        labels,
        chart_id="trend",
        title="Share of referrals by ethnic group, by period",
        description="Each line is one of the 5 groups' share of referrals with a stated "
        "ethnicity in each six-monthly period.",
    )
    ratios = charts.trend_chart(
        [
            charts.Line(s.group.label, [r.ratio if r else None for r in s.ratios])
            for s in dashboard.trends
        ],
        labels,
        chart_id="trend-ratio",
        title=f"Ratio to {benchmark}, by period",
        description=f"Each line is one of the 5 groups' share of referrals divided by its share "
        f"of {benchmark} in each six-monthly period; 1 means in proportion. The table below "
        "gives each ratio's 95% interval.",
        ratio=True,
    )
    return [
        {"title": f"Ratio to {benchmark} (1 means in proportion)", "svg": ratios},
        {"title": "Share of referrals", "svg": shares},
    ]


@requires(Permission.NATIONAL_VIEW)
def national(request):
    """The assessor's view of every area: returns, Quality Standards status, funnel plot."""
    from django.db.models import Count, F
    from django.utils import timezone

    from assurance.models import StandardsEdition
    from assurance.selectors import all_areas_status
    from monitoring import national as nat
    from organisations.models import Provider
    from returns.periods import recent_complete_periods

    periods = recent_complete_periods(2)
    returns = Return.objects.visible_to(request.user)
    latest_with_data = (
        returns.filter(current_version__isnull=False)
        .order_by("-period__start")
        .values_list("period__code", flat=True)
        .first()
    )
    chosen = request.GET.get("period") or latest_with_data
    period = get_object_or_404(Period, code=chosen) if chosen else None
    definition = request.GET.get("group", "minority")
    if definition not in nat.DEFINITIONS:
        raise Http404("No such group definition.")
    areas = list(Area.objects.visible_to(request.user).order_by("name"))
    # A return counts where its provider is active and still serves the area, the same
    # providers that are expected to send one.
    expected = dict(
        Provider.objects.visible_to(request.user)
        .filter(is_active=True)
        .values_list("areas")
        .annotate(n=Count("pk"))
        .values_list("areas", "n")
    )
    submitted = {
        (a, p): n
        for a, p, n in returns.filter(
            period__in=periods,
            current_version__isnull=False,
            provider__is_active=True,
            provider__areas=F("area"),
        )
        .values_list("area", "period")
        .annotate(n=Count("pk"))
        .values_list("area", "period", "n")
    }
    status = all_areas_status(areas)
    edition = StandardsEdition.current()
    today = timezone.localdate()
    rows = [
        {
            "area": area,
            "returns": [
                {
                    "period": p,
                    "submitted": submitted.get((area.pk, p.pk), 0),
                    "expected": expected.get(area.pk, 0),
                    "late": p.due_date < today
                    and submitted.get((area.pk, p.pk), 0) < expected.get(area.pk, 0),
                }
                for p in periods
            ],
            "assurance": status.get(area.pk),
        }
        for area in areas
    ]
    context = {
        "page_title": "All areas",
        "rows": rows,
        "standards": sorted(edition.standards.values_list("number", flat=True)) if edition else [],
        "periods": periods,
        "period": period,
        "definitions": nat.DEFINITIONS,
        "definition": definition,
        "positions": nat.POSITIONS,
    }
    standards = context["standards"]
    context["areas_table"] = areas_table(rows, periods, standards)
    if period is not None:
        result = nat.funnel(request.user, period, definition)
        context["funnel"] = result
        context["funnel_svg"] = _funnel_chart(result)
        family = national_family(request.user, period)
        context["family"] = family
        context["family_table"] = family_table(family)
        context["funnel_table"] = funnel_table(result, period)
        download = request.GET.get("download")
        if download:
            chosen = {
                "areas": context["areas_table"],
                "funnel": context["funnel_table"],
                "national-flags": context["family_table"],
            }
            fmt = request.GET.get("format", "csv")
            if download not in chosen or fmt not in tables.FORMATS:
                raise Http404("No such table or format.")
            name = slugify(f"reach {chosen[download].slug} {period.code} {definition}")
            return _attachment(chosen[download], fmt, name)
    context["query"] = request.GET.urlencode()
    context["download_formats"] = [f for f in tables.FORMATS if f != "ods"]
    return render(request, "monitoring/national.html", context)


def _funnel_chart(result):
    """Every point and both pairs of lines from the one method (monitoring/national.py)."""
    points = [
        charts.FunnelPoint(p.area.name, p.expected, p.ratio, p.position)
        for p in result.points
        if p.expected > 0
    ]
    if not points:
        return ""
    named = ", ".join(p.area.name for p in result.outliers) or "none"
    return charts.funnel_chart(
        points,
        result.limits,
        result.target,
        chart_id="funnel",
        title=f"Referrals of {result.title.lower()} against need, by area",
        description="Each dot is an area: observed ÷ expected referrals against expected "
        f"referrals, with limits around the national ratio {result.target:.2f}. Areas outside "
        f"the limits: {named}.",
    )


@requires(Permission.NATIONAL_VIEW)
def national_export(request):
    """Every area × period × view × group × benchmark, for the assessor's own analysis."""
    fmt = request.GET.get("format", "csv")
    if fmt not in ("csv", "xlsx"):
        raise Http404("Use csv or xlsx.")
    periods = _export_periods(request)
    table = export_table(request.user, periods)
    codes = f"{periods[-1].code}-to-{periods[0].code}" if periods else "none"
    return _attachment(table, fmt, slugify(f"reach representation every area {codes}"))


def _export_periods(request):
    from returns.periods import recent_complete_periods

    code = request.GET.get("period")
    if code:
        return [get_object_or_404(Period, code=code)]
    return recent_complete_periods(6)

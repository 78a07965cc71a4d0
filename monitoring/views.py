"""Area monitoring pages: which areas a person may look at, and an area's dashboard."""

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import slugify

from accounts.authorization import Permission
from core import tables
from core.access import check, requires
from monitoring import charts, groups
from monitoring.benchmarks import NEED, POPULATION
from monitoring.dashboard import build
from monitoring.data import Selection
from monitoring.forms import DashboardFilterForm
from monitoring.tables import section_tables
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
    )
    dashboard = build(request.user, selection, level=form.cleaned_data["level"] or groups.FIVE)
    section_data = section_tables(dashboard)

    download = request.GET.get("download")
    if download:
        return _download(
            section_data, download, request.GET.get("format", "csv"), area, selection.period
        )

    context = {
        "page_title": f"{area.name}: figures",
        "area": area,
        "form": form,
        "d": dashboard,
        "levels": groups.LEVELS,
        "views": [
            {
                "level": level,
                "info": groups.LEVELS[level],
                "view": dashboard.representation[level],
                "table": section_data[f"representation-{level}"],
                "charts": [_ratio_chart(dashboard, level, name) for name in (POPULATION, NEED)],
            }
            for level in (groups.DETAILED, groups.SIX, groups.FIVE)
        ],
        "tables": section_data,
        "trend_chart": _trend_chart(dashboard),
        "query": request.GET.urlencode(),
        "download_formats": list(tables.FORMATS),
    }
    return render(request, "monitoring/area.html", context)


def _download(section_data, section, fmt, area, period):
    table = section_data.get(section)
    if table is None or fmt not in tables.FORMATS:
        raise Http404("No such table or format.")
    response = HttpResponse(tables.render(table, fmt), content_type=tables.FORMATS[fmt])
    name = slugify(f"{area.name} {period.code} {table.slug}")
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


def _ratio_chart(dashboard, level, benchmark):
    view = dashboard.representation[level]
    points = [
        charts.RatioPoint(
            row.group.label,
            c.ratio.ratio,
            c.ratio.low,
            c.ratio.high,
            c.flag,
            note="none in the area's population: no benchmark"
            if c.benchmark_share == 0
            else "no referrals with a stated ethnicity",
        )
        for row in view.rows
        for c in [row.comparisons[benchmark]]
    ]
    flagged = [p.label for p in points if p.flag == "under"]
    description = (
        "Ratio of each group's share of referrals to its share of the "
        + ("population" if benchmark == POPULATION else "need-adjusted population")
        + ", with 95% intervals; 1 means in proportion. "
        + (
            f"Under-represented: {', '.join(flagged)}."
            if flagged
            else "No group is confidently under-represented."
        )
    )
    title = dashboard.benchmarks[benchmark].title
    return {
        "benchmark": benchmark,
        "title": title,
        "svg": charts.ratio_chart(
            points, chart_id=f"ratio-{level}-{benchmark}", title=title, description=description
        ),
    }


def _trend_chart(dashboard):
    if not dashboard.trends:
        return None
    labels = [p.code.replace("-H", " H") for p in dashboard.periods]
    lines = [charts.Line(s.group.label, [p.share for p in s.points]) for s in dashboard.trends]
    return charts.trend_chart(
        lines,
        labels,
        chart_id="trend",
        title="Share of referrals by ethnic group, by period",
        description="Each line is one of the 5 groups' share of referrals with a stated ethnicity in each six-monthly period.",
    )


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
    if period is not None:
        result = nat.funnel(request.user, period, definition)
        context["funnel"] = result
        context["funnel_svg"] = _funnel_chart(result)
    return render(request, "monitoring/national.html", context)


def _funnel_chart(result):
    """The funnel drawn for the median area's share; each area is judged on its own limits."""
    import statistics

    from monitoring.national import funnel_limits

    usable = [p for p in result.points if p.expected > 0]
    if not usable:
        return ""
    share = statistics.median(p.share for p in usable)

    def limits(expected, level):
        return funnel_limits(round(expected / share), share, level, result.phi)

    points = [
        charts.FunnelPoint(p.area.name, p.expected, p.observed / p.expected, p.position)
        for p in usable
    ]
    named = ", ".join(p.area.name for p in result.outliers) or "none"
    return charts.funnel_chart(
        points,
        limits,
        chart_id="funnel",
        title=f"Referrals of {result.title.lower()} against need, by area",
        description=f"Each dot is an area: observed ÷ expected referrals against expected referrals. Areas outside the limits: {named}.",
    )

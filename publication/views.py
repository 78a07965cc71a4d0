"""Public pages of transparency reports: the list and each report (its PDF and open data
are downloads, publication/downloads.py).

Only live reports are read here (publication/selectors.py `public_report`); the figures
shown are the snapshot kept at publishing, never the returns (docs/publication.md).
"""

from django.db.models import Q
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.access import public
from core.pdf import render_pdf
from publication import figures as report_figures
from publication.selectors import Withdrawn, live_reports, public_report
from reference.models import Area
from returns.models import Period

#: The open-data downloads of a whole report, by URL name (publication/downloads.py).
DOWNLOADS = (
    ("publication:report-xlsx", gettext_lazy("a spreadsheet (Excel, XLSX)")),
    ("publication:report-ods", gettext_lazy("a spreadsheet (OpenDocument, ODS)")),
    ("publication:report-csvw", gettext_lazy("CSV on the Web metadata (JSON)")),
)


def _downloads(report) -> list[dict]:
    links = []
    for name, label in DOWNLOADS:
        try:
            links.append({"url": reverse(name, args=[report.slug]), "label": label})
        except NoReverseMatch:
            continue
    return links


def _table_csv(report, table_slug: str) -> str:
    try:
        return reverse("publication:report-csv", args=[report.slug, table_slug])
    except NoReverseMatch:
        return ""


def report_context(report) -> dict:
    """What the page and the PDF of a report show (the same for both)."""
    return {
        "report": report,
        "summaries": list(report.summaries.select_related("standard").order_by("standard__number")),
        "figures": [
            {"figure": f, "rows": report_figures.rows(f), "csv": _table_csv(report, f.table.slug)}
            for f in report_figures.figures(report.tables)
        ],
    }


def report_pdf_bytes(report, lang: str) -> bytes:
    """The report's PDF in `lang`, rendered now. The public download keeps the first one
    made for each revision and language (publication/downloads.py)."""
    with translation.override(lang):
        words = report_figures.period_words(report.period)
        marking = _("OFFICIAL – published")
        running = f"{_('Transparency report')} · {report.area.name} · {words}"
    return render_pdf(
        "publication/pdf/report.html",
        report_context(report),
        lang=lang,
        marking=marking,
        running_title=running,
    )


def _withdrawn(request, report):
    return render(
        request,
        "publication/withdrawn.html",
        {"page_title": _("This report has been withdrawn"), "report": report},
        status=410,
    )


@public
def report_list(request):
    reports = live_reports()
    # A stray NUL is dropped: no database column can hold it, and no name contains it.
    q = request.GET.get("q", "").replace("\x00", "").strip()[:200]
    area = request.GET.get("area", "").replace("\x00", "")[:100]
    period = request.GET.get("period", "").replace("\x00", "")[:20]
    if q:
        reports = reports.filter(
            Q(area__name__icontains=q) | Q(summaries__text__icontains=q)
        ).distinct()
    if area:
        reports = reports.filter(area__slug=area)
    if period:
        reports = reports.filter(period__code=period)
    live = live_reports()
    return render(
        request,
        "publication/list.html",
        {
            "page_title": _("Transparency reports"),
            "reports": reports.order_by("area__name", "-period__start"),
            "q": q,
            "area": area,
            "period": period,
            "areas": Area.objects.filter(pk__in=live.values("area")).order_by("name"),
            "periods": Period.objects.filter(pk__in=live.values("period")).order_by("-start"),
        },
    )


@public
def report_detail(request, slug):
    try:
        report = public_report(slug)
    except Withdrawn as gone:
        return _withdrawn(request, gone.report)
    context = report_context(report)
    context.update(
        {
            "page_title": _("Transparency report: %(area)s") % {"area": report.area.name},
            "downloads": _downloads(report),
        }
    )
    return render(request, "publication/report.html", context)

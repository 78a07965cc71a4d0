"""The open data of a live report: CSV per table, its CSV on the Web metadata, XLSX, ODS.

Reached only through `public_report` (publication/selectors.py): a report never
published is not found, a withdrawn one is gone.
"""

import json

from django.http import Http404, HttpResponse

from core.access import public
from core.tables import FORMATS
from publication import open_data
from publication.selectors import Withdrawn, public_report
from publication.views import _withdrawn


def _report_or_refusal(request, slug):
    try:
        return public_report(slug), None
    except Withdrawn as gone:
        return None, _withdrawn(request, gone.report)


def _file(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _stem(report) -> str:
    return f"transparency-report-{report.slug}-revision-{report.revision}"


@public
def report_csv(request, slug, table):
    report, refusal = _report_or_refusal(request, slug)
    if refusal:
        return refusal
    found = open_data.table_by_slug(report, table)
    if found is None:
        raise Http404
    response = _file(open_data.table_csv(found), FORMATS["csv"], f"{_stem(report)}-{table}.csv")
    metadata = request.build_absolute_uri(open_data_url(report))
    response["Link"] = f'<{metadata}>; rel="describedby"; type="application/csvm+json"'
    return response


def open_data_url(report) -> str:
    from django.urls import reverse

    return reverse("publication:report-csvw", args=[report.slug])


@public
def report_csvw(request, slug):
    report, refusal = _report_or_refusal(request, slug)
    if refusal:
        return refusal
    body = json.dumps(open_data.csvw_metadata(report, request), indent=2, ensure_ascii=False)
    return HttpResponse(body.encode("utf-8"), content_type="application/csvm+json; charset=utf-8")


@public
def report_xlsx(request, slug):
    report, refusal = _report_or_refusal(request, slug)
    if refusal:
        return refusal
    return _file(open_data.xlsx(report), FORMATS["xlsx"], f"{_stem(report)}.xlsx")


@public
def report_ods(request, slug):
    report, refusal = _report_or_refusal(request, slug)
    if refusal:
        return refusal
    return _file(open_data.ods(report), FORMATS["ods"], f"{_stem(report)}.ods")

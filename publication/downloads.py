"""The downloads of a live report: its PDF and its open data (CSV per table, their CSV on
the Web metadata, XLSX and ODS).

Reached only through `public_report` (publication/selectors.py): a report never
published is not found, a withdrawn one is gone. A published revision never changes, so
each file is made once and kept (publication/files.py), then served with an ETag and a
Last-Modified date so a browser or proxy asks again cheaply (304). One address may make
only so many downloads a minute (publication/limits.py); past that it is told to wait.
"""

import json

from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date
from django.utils.translation import gettext as _

from core.access import public
from core.tables import FORMATS
from publication import open_data
from publication.files import StillMaking, stored
from publication.limits import refused
from publication.selectors import Withdrawn, public_report
from publication.views import _withdrawn, report_pdf_bytes

#: How long a browser or proxy may keep a download before asking again (it then gets a
#: 304 if nothing changed). Short, so that a withdrawal is seen soon everywhere.
MAX_AGE_SECONDS = 5 * 60


def _too_many(request, wait: int):
    response = render(
        request,
        "errors/429.html",
        {"page_title": _("Too many downloads"), "wait": wait},
        status=429,
    )
    response["Retry-After"] = str(wait)
    return response


def _still_making(request):
    response = render(
        request,
        "publication/preparing.html",
        {"page_title": _("This file is being prepared")},
        status=503,
    )
    response["Retry-After"] = "30"
    return response


def _stem(report) -> str:
    return f"transparency-report-{report.slug}-revision-{report.revision}"


def _serve(
    request, slug, kind: str, build, content_type: str, filename, disposition="attachment", has=None
):
    """The kept file `kind` of the live report at `slug`, made with `build(report)` once.

    `filename(report)` names the file, or is None for a file shown in the browser;
    `has(report)`, if given, says whether the report has such a file at all (404 if not).
    """
    wait = refused(request)
    if wait is not None:
        return _too_many(request, wait)
    try:
        report = public_report(slug)
    except Withdrawn as gone:
        return _withdrawn(request, gone.report)
    if has is not None and not has(report):
        raise Http404
    try:
        made = stored(report, kind, lambda: build(report))
    except StillMaking:
        return _still_making(request)
    modified = int(made.made_at.timestamp()) if made.made_at else None
    response = get_conditional_response(request, etag=made.etag, last_modified=modified)
    if response is None:
        response = HttpResponse(made.content, content_type=content_type)
        if filename is not None:
            response["Content-Disposition"] = f'{disposition}; filename="{filename(report)}"'
    response["ETag"] = made.etag
    if modified is not None:
        response["Last-Modified"] = http_date(modified)
    patch_cache_control(response, public=True, max_age=MAX_AGE_SECONDS)
    return response


@public
def report_csv(request, slug, table):
    def build(report):
        return open_data.table_csv(open_data.table_by_slug(report, table))

    response = _serve(
        request,
        slug,
        f"csv:{table}",
        build,
        FORMATS["csv"],
        lambda report: f"{_stem(report)}-{table}.csv",
        has=lambda report: open_data.table_by_slug(report, table) is not None,
    )
    if response.status_code in (200, 304):
        metadata = request.build_absolute_uri(reverse("publication:report-csvw", args=[slug]))
        response["Link"] = f'<{metadata}>; rel="describedby"; type="application/csvm+json"'
    return response


@public
def report_csvw(request, slug):
    def build(report):
        metadata = open_data.csvw_metadata(report, site_url=settings.SITE_URL)
        return json.dumps(metadata, indent=2, ensure_ascii=False).encode("utf-8")

    return _serve(
        request, slug, "csvw", build, "application/csvm+json; charset=utf-8", filename=None
    )


@public
def report_xlsx(request, slug):
    return _serve(
        request,
        slug,
        "xlsx",
        open_data.xlsx,
        FORMATS["xlsx"],
        lambda report: f"{_stem(report)}.xlsx",
    )


@public
def report_ods(request, slug):
    return _serve(
        request, slug, "ods", open_data.ods, FORMATS["ods"], lambda report: f"{_stem(report)}.ods"
    )


@public
def report_pdf(request, slug):
    lang = translation.get_language() or "en"
    return _serve(
        request,
        slug,
        f"pdf:{lang}",
        lambda report: report_pdf_bytes(report, lang),
        "application/pdf",
        lambda report: f"{_stem(report)}.pdf",
        disposition="inline",
    )

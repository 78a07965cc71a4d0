"""The one PDF writer: an HTML template and the print stylesheet, rendered by WeasyPrint.

Every PDF Reach makes (the bi-annual return, the transparency report) comes from here, so
each is a tagged PDF (PDF/UA-1): headings, lists and table headers in the structure tree,
the document's language set, and every chart's text alternative carried as the figure's
alternate description. `pdfinfo` reports it as "Tagged: yes" (docs/publication.md, "The
PDF writer").

Rendering never reaches the network: the only resources a template may use are Reach's
own static files (the print stylesheet and the fonts under static/vendor/fonts); any other
address is refused.
"""

import logging
from urllib.parse import urlsplit

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import translation

STATIC_PREFIX = "/static/"
CONTENT_TYPES = {
    ".css": "text/css",
    ".woff2": "font/woff2",
    ".svg": "image/svg+xml",
    ".png": "image/png",
}

# WeasyPrint reports CSS it does not use (the screen-only rules of shared stylesheets)
# as warnings in its log; they are not faults of the document.
logging.getLogger("weasyprint").setLevel(logging.ERROR)


class ResourceRefused(ValueError):
    pass


def _static_file(url: str) -> tuple[bytes, str]:
    path = urlsplit(url).path
    if not path.startswith(STATIC_PREFIX):
        raise ResourceRefused(f"a PDF may use Reach's own static files only, not {url}")
    relative = path[len(STATIC_PREFIX) :]
    found = finders.find(relative)
    if not found or ".." in relative.split("/"):
        raise ResourceRefused(f"no static file {relative}")
    suffix = "." + relative.rsplit(".", 1)[-1]
    with open(found, "rb") as handle:
        return handle.read(), CONTENT_TYPES.get(suffix, "application/octet-stream")


def _fetcher():
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticOnly(URLFetcher):
        def fetch(self, url, headers=None):
            if url.startswith("data:"):  # inline in the document itself, such as a chart
                return super().fetch(url, headers)
            body, content_type = _static_file(url)
            return URLFetcherResponse(url, body=body, headers={"Content-Type": content_type})

    return StaticOnly()


def render_html(
    template_name: str, context: dict, *, lang: str, marking: str = "", running_title: str = ""
) -> str:
    """The document as HTML, in the given language (what render_pdf lays out)."""
    with translation.override(lang):
        return render_to_string(
            template_name,
            {
                **context,
                "pdf_lang": lang,
                "pdf_marking": " ".join(str(marking).split()),
                "pdf_running_title": " ".join(str(running_title).split()),
            },
        )


def render_pdf(
    template_name: str,
    context: dict,
    *,
    lang: str,
    marking: str = "",
    running_title: str = "",
    compress: bool = True,
) -> bytes:
    """A tagged PDF/UA-1 document from a template that extends pdf/base.html.

    `marking` is printed at the head of every page (such as OFFICIAL), `running_title`
    at the foot beside "Page n of m". `compress=False` leaves the page contents
    readable, for tests that look inside.
    """
    from weasyprint import HTML

    html = render_html(
        template_name, context, lang=lang, marking=marking, running_title=running_title
    )
    document = HTML(string=html, base_url="file:///", url_fetcher=_fetcher())
    return document.write_pdf(
        pdf_variant="pdf/ua-1",
        pdf_tags=True,
        uncompressed_pdf=not compress,
    )

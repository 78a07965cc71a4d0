"""Branded error pages: 400, 403, 404, 405, 500 and a failed CSRF check. Under the API
(/api/v…) they are problems instead (api/problems.py).

Each says what went wrong in plain words and offers a way back (GOV.UK Design System
"Page not found" and "There is a problem with the service" patterns). They are rendered
in the page's language, so /cy/… errors are in Welsh.
"""

import logging

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import render
from django.template import loader
from django.utils.translation import gettext as _

from api import problems as api_problems

logger = logging.getLogger(__name__)

PLAIN_500 = (
    "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>Sorry, there is a "
    "problem with the service – Reach – GOV.UK</title></head><body><h1>Sorry, there is a "
    "problem with the service</h1><p>Try again later.</p><p><a href='/'>Go to the home page"
    "</a></p></body></html>"
)


def _render(request, template: str, title: str, status: int, **context):
    return render(request, template, {"page_title": title, **context}, status=status)


def bad_request(request, exception=None):
    if api_problems.is_api(request):
        return api_problems.response(request, 400, "The request could not be read.")
    return _render(
        request, "errors/400.html", _("Sorry, there is a problem with your request"), 400
    )


def permission_denied(request, exception=None):
    if api_problems.is_api(request):
        return api_problems.response(request, 403, "You may not do this.")
    return _render(request, "errors/403.html", _("You cannot see this page"), 403)


def page_not_found(request, exception=None):
    if api_problems.is_api(request):
        return api_problems.response(request, 404, "There is nothing at this address of the API.")
    return _render(request, "errors/404.html", _("Page not found"), 404)


def method_not_allowed(request, allowed: str = ""):
    response = _render(request, "errors/405.html", _("You cannot open this page directly"), 405)
    if allowed:
        response["Allow"] = allowed
    return response


def csrf_failure(request, reason=""):
    return _render(request, "errors/csrf.html", _("Sorry, this form has expired"), 403)


def server_error(request):
    """The 500 page, rendered without touching the database if that is what failed."""
    if api_problems.is_api(request):
        return api_problems.response(
            request, 500, "Something went wrong in Reach. Try again later."
        )
    try:
        body = loader.get_template("errors/500.html").render(
            {
                "page_title": _("Sorry, there is a problem with the service"),
                "service_name": settings.SERVICE_NAME,
                "exit_page_url": settings.EXIT_PAGE_URL,
            }
        )
    except Exception:  # the error page itself must not fail
        logger.exception("The 500 page could not be rendered")
        body = PLAIN_500
    return HttpResponse(body, status=500)


class BrandedErrorPagesMiddleware:
    """Give Django's empty 405 (from require_POST and friends) a branded page.

    API responses keep their own JSON bodies: only an empty HTML-bound 405 is replaced.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            response.status_code == 405
            and not response.content
            and not request.path.startswith("/api/")
        ):
            return method_not_allowed(request, response.get("Allow", ""))
        return response

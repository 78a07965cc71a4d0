"""Request-wide safeguards: session limits, the audit of reads, caching and the CSP.

- `SessionLimitsMiddleware`: a session ends 8 hours after signing in, however busy
  (the 30 minutes idle limit is the session's own expiry, renewed by each request).
- `AuditMiddleware`: puts where a request came from in the audit context (core/audit.py)
  and records, in one place, every view of figures, every download, every API call and
  every page refused to a signed-in person.
- `NoStoreMiddleware`: nothing shown to a signed-in person, and nothing from the API, is
  kept by a browser or a proxy cache (`Cache-Control: no-store`).
- `ContentSecurityPolicyMiddleware`: a per-request nonce for inline scripts.

No middleware here adds a Server header, and Django adds none; the header a WSGI server
adds is that server's to leave out (README, "Running it for real").
"""

import secrets
import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.utils.cache import add_never_cache_headers, patch_cache_control

from core.access import is_verified
from core.audit import (
    RESULT_FAILURE,
    RESULT_REFUSED,
    RESULT_SUCCESS,
    RequestContext,
    audit,
    request_context,
)
from core.client import client_ip, user_agent

SIGNED_IN_AT = "reach_signed_in_at"  # seconds since the epoch, set at sign-in

# Views of figures: the pages of these URL namespaces, when they answer a signed-in
# person's GET with 200. Downloads anywhere are recorded as "export".
RECORDED_NAMESPACES = {
    "monitoring": "figures_view",
    "returns": "figures_view",
    "reports": "figures_view",
    "assurance": "figures_view",
}
RECORDED_VIEWS = {"core:audit": "audit_view"}
API_PREFIX = "/api/v1/"
# What this middleware records: reads and refusals, never changes.
READ_VERBS = ("figures_view", "audit_view", "export", "api_call", "access_refused", "admin_change")


class SessionLimitsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and hasattr(request, "session"):
            started = request.session.get(SIGNED_IN_AT)
            now = time.time()
            if started is None:
                request.session[SIGNED_IN_AT] = now
            elif now - started > settings.SESSION_ABSOLUTE_SECONDS:
                hours = settings.SESSION_ABSOLUTE_SECONDS // 3600
                audit(
                    by=user,
                    verb="session_expired",
                    target=user,
                    summary=f"Signed in more than {hours} hours ago.",
                )
                logout(request)
                messages.info(
                    request, f"You were signed out: a session lasts at most {hours} hours."
                )
                return redirect_to_sign_in(request)
        return self.get_response(request)


def redirect_to_sign_in(request):
    from django.contrib.auth.views import redirect_to_login

    if request.method == "GET":
        return redirect_to_login(request.get_full_path())
    return redirect(settings.LOGIN_URL)


class AuditMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        context = RequestContext(
            ip_address=client_ip(request),
            user_agent=user_agent(request),
            request=f"{request.method} {request.get_full_path()}"[:300],
            channel="api" if request.path.startswith("/api/") else "web",
        )
        with request_context(context):
            response = self.get_response(request)
            record(request, response)
        return response


def _result(status: int) -> str:
    if status >= 500:
        return RESULT_FAILURE
    if status >= 400:
        return RESULT_REFUSED
    return RESULT_SUCCESS


def _attachment_name(response) -> str | None:
    disposition = response.get("Content-Disposition", "")
    if not disposition.startswith("attachment"):
        return None
    name = disposition.partition("filename=")[2].strip('"; ')
    return name or "a file"


def record(request, response) -> None:
    """Write the audit record a read deserves, if any (changes record themselves)."""
    user = getattr(request, "user", None)
    signed_in = user is not None and user.is_authenticated
    status = response.status_code
    summary = f"{request.method} {request.path} → {status}"
    if request.path.startswith(API_PREFIX):
        token = getattr(getattr(request, "auth", None), "pk", None)
        audit(
            by=user if signed_in else None,
            verb="api_call",
            target=request.path,
            result=_result(status),
            summary=summary + (f" (token {token})" if token else ""),
        )
        return
    if not signed_in or not is_verified(user):
        return
    match = getattr(request, "resolver_match", None)
    if status == 403:
        audit(by=user, verb="access_refused", target=request.path, result=RESULT_REFUSED)
        return
    name = _attachment_name(response) if status == 200 else None
    if name:
        audit(by=user, verb="export", target=name, summary=summary)
        return
    if request.path.startswith("/manage/") and request.method == "POST":
        audit(by=user, verb="admin_change", target=request.path, summary=summary)
        return
    verb = (
        (RECORDED_VIEWS.get(match.view_name) or RECORDED_NAMESPACES.get(match.namespace))
        if match
        else None
    )
    if verb and request.method == "GET" and status == 200:
        audit(by=user, verb=verb, target=request.path, summary=summary)


class NoStoreMiddleware:
    """`Cache-Control: no-store` on every signed-in page and download, and on the API."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        signed_in = user is not None and user.is_authenticated
        if (request.path.startswith("/api/") or signed_in) and "no-store" not in response.get(
            "Cache-Control", ""
        ):
            add_never_cache_headers(response)
            patch_cache_control(response, private=True)
        return response


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.csp_nonce = secrets.token_urlsafe(16)
        response = self.get_response(request)
        if "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = (
                "default-src 'self'; "
                f"script-src 'self' 'nonce-{request.csp_nonce}'; "
                "style-src 'self'; img-src 'self' data:; font-src 'self'; "
                "object-src 'none'; base-uri 'self'; form-action 'self'; "
                "frame-ancestors 'none'"
            )
        return response

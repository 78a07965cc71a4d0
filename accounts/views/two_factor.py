"""The second factor: a code from an authenticator app (TOTP), or a recovery code.

Every signed-in page needs it (core/access.py). Someone who has given a right password
comes here; with no app set up yet (a new account, or after an assessor reset theirs)
they set one up first. An app can be added only by someone without one: a password
alone never replaces a second factor.
"""

import base64
from urllib.parse import urlencode

import segno
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.debug import sensitive_post_parameters
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import services
from accounts.forms import CodeForm
from core.access import password_only, signed_in

ENROL_SESSION_KEY = "reach_enrol_device"


def _next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return "/"


def _confirmed_app(user):
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def _throttled_message(device) -> str | None:
    allowed, info = device.verify_is_allowed()
    if allowed:
        return None
    return "Too many wrong codes in a row. Wait a minute, then enter the newest code."


@sensitive_post_parameters("code")
@password_only
def verify(request):
    user = request.user
    if user.is_verified():
        return redirect(_next(request))
    app = _confirmed_app(user)
    if app is None:
        return redirect(f"{_set_up_url()}?{urlencode({'next': _next(request)})}")
    form = CodeForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            throttled = _throttled_message(app)
            device = None if throttled else _match(user, app, form.cleaned_data["code"])
            if device is not None:
                otp_login(request, device)
                request.session.cycle_key()
                services.two_factor_verify_recorded(user=user, device=device, success=True)
                if device.persistent_id.startswith("otp_static"):
                    left = device.token_set.count()
                    messages.warning(
                        request,
                        f"You signed in with a recovery code. {left} are left: make new ones "
                        "on your account page if you are running low.",
                    )
                return redirect(_next(request))
            services.two_factor_verify_recorded(user=user, device=None, success=False)
            form.add_error(
                "code",
                throttled
                or "The code is not right. Enter the newest code your app shows for Reach.",
            )
    return render(
        request,
        "accounts/two_factor.html",
        {
            "page_title": ("Error: " if form.errors else "") + "Enter the code from your app",
            "form": form,
            "next": _next(request),
        },
        status=status,
    )


def _match(user, app, code: str):
    """The device the code belongs to: the app (6 digits), or a recovery code."""
    if code.isdigit():
        return app if app.verify_token(code) else None
    for device in StaticDevice.objects.filter(user=user, confirmed=True):
        if device.verify_token(code):
            return device
    return None


def _set_up_url() -> str:
    from django.urls import reverse

    return reverse("accounts:two-factor-set-up")


@sensitive_post_parameters("code")
@password_only
def set_up(request):
    """Set up an authenticator app: scan the QR code (or type the key), enter a code."""
    user = request.user
    if _confirmed_app(user) is not None:
        return redirect("accounts:two-factor")
    device = TOTPDevice.objects.filter(
        pk=request.session.get(ENROL_SESSION_KEY), user=user, confirmed=False
    ).first()
    if device is None:
        TOTPDevice.objects.filter(user=user, confirmed=False).delete()
        device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)
        request.session[ENROL_SESSION_KEY] = device.pk
    form = CodeForm(request.POST if request.method == "POST" else None, recovery_allowed=False)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            code = form.cleaned_data["code"]
            throttled = _throttled_message(device)
            if not throttled and code.isdigit() and device.verify_token(code):
                codes = services.two_factor_enrol(user=user, device=device)
                otp_login(request, device)
                request.session.cycle_key()
                request.session.pop(ENROL_SESSION_KEY, None)
                return render(
                    request,
                    "accounts/recovery_codes.html",
                    {
                        "page_title": "Your authenticator app is set up",
                        "codes": codes,
                        "next": _next(request),
                        "first_time": True,
                    },
                )
            form.add_error(
                "code",
                throttled
                or "The code is not right. Check you scanned the QR code for Reach, then "
                "enter the newest code your app shows.",
            )
    secret = base64.b32encode(device.bin_key).decode()
    return render(
        request,
        "accounts/two_factor_set_up.html",
        {
            "page_title": ("Error: " if form.errors else "") + "Set up your authenticator app",
            "form": form,
            "qr": segno.make(device.config_url, error="m").svg_data_uri(scale=5, border=2),
            "secret_groups": [secret[i : i + 4] for i in range(0, len(secret), 4)],
            "next": _next(request),
        },
        status=status,
    )


@signed_in
def recovery_codes(request):
    """Make a new set of recovery codes (the old ones stop working)."""
    if request.method != "POST":
        return redirect("accounts:account")
    codes = services.recovery_codes_make(user=request.user)
    return render(
        request,
        "accounts/recovery_codes.html",
        {"page_title": "Your new recovery codes", "codes": codes, "next": "/", "first_time": False},
    )

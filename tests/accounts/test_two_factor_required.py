"""Every signed-in page needs a verified second factor: a session with a password alone
is sent to the two-factor page, whatever URL it asks for (every pattern is walked)."""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from tests.factories import make_authenticator, totp_code

pytestmark = pytest.mark.django_db


def _walk(patterns, prefix=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry.callback


def _concrete(route: str) -> str:
    route = re.sub(r"<int:\w+>", "1", route)
    route = re.sub(r"<(slug|str|uuid|path)?:?\w+>", "x", route)
    return "/" + route.lstrip("^").rstrip("$")


def test_an_unverified_session_is_refused_everywhere(client, assessor):
    client.post(
        "/account/sign-in/",
        {"username": assessor.username, "password": "correct horse battery staple"},
    )
    assert "_auth_user_id" in client.session  # the password was accepted
    make_authenticator(assessor)
    refused = []
    for route, view in _walk(get_resolver().url_patterns):
        access = getattr(view, "reach_access", None)
        if access in ("public", "password_only"):
            continue
        url = _concrete(route)
        if "(?P" in url or url.startswith("/static") or url == "/manage/logout/":
            continue
        for method in ("get", "post"):
            response = getattr(client, method)(url)
            if response.status_code in (200, 201, 204) or (
                response.status_code == 302
                and "/account/two-factor/" not in response["Location"]
                and not response["Location"].startswith(("/account/sign-in/", "/manage/login/"))
            ):
                refused.append(f"{method.upper()} {url}: {response.status_code}")
    assert not refused, "Reachable without a second factor:\n" + "\n".join(refused)


def test_the_api_refuses_a_session_without_the_second_factor(client, provider_a_user):
    client.post(
        "/account/sign-in/",
        {"username": provider_a_user.username, "password": "correct horse battery staple"},
    )
    assert client.get("/api/v1/returns/").status_code in (401, 403)


def test_sign_in_with_password_then_code(client, commissioner_a, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # no pause after the wrong code below
    device = make_authenticator(commissioner_a)
    response = client.post(
        "/account/sign-in/",
        {"username": "Commissioner.A@Example.org", "password": "correct horse battery staple"},
    )
    assert response.status_code == 302 and response["Location"].startswith("/account/two-factor/")
    assert client.get("/figures/").status_code == 302  # not yet
    wrong = client.post("/account/two-factor/", {"code": "000000"})
    assert wrong.status_code == 400 and "The code is not right" in wrong.content.decode()
    response = client.post("/account/two-factor/", {"code": totp_code(device)})
    assert response.status_code == 302
    assert client.get("/account/").status_code == 200
    # The same code cannot be used twice.
    client.post("/account/sign-out/")
    client.post(
        "/account/sign-in/",
        {"username": commissioner_a.username, "password": "correct horse battery staple"},
    )
    again = client.post("/account/two-factor/", {"code": totp_code(device)})
    assert again.status_code == 400


def test_wrong_codes_in_a_row_are_slowed_down(client, commissioner_a):
    device = make_authenticator(commissioner_a)
    client.post(
        "/account/sign-in/",
        {"username": commissioner_a.username, "password": "correct horse battery staple"},
    )
    client.post("/account/two-factor/", {"code": "000000"})
    response = client.post("/account/two-factor/", {"code": totp_code(device)})
    assert response.status_code == 400 and "Too many wrong codes" in response.content.decode()


def test_enrolment_then_a_recovery_code(client, commissioner_a):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    client.post(
        "/account/sign-in/",
        {"username": commissioner_a.username, "password": "correct horse battery staple"},
    )
    assert client.get("/account/two-factor/")["Location"].startswith("/account/two-factor/set-up/")
    page = client.get("/account/two-factor/set-up/").content.decode()
    assert "data:image/svg+xml" in page and "secret-key" in page
    device = TOTPDevice.objects.get(user=commissioner_a, confirmed=False)
    done = client.post("/account/two-factor/set-up/", {"code": totp_code(device)})
    assert done.status_code == 200 and "Keep your recovery codes safe" in done.content.decode()
    codes = re.findall(r"<code>([a-z2-7]{8})</code>", done.content.decode())
    assert len(codes) == 10
    # A recovery code signs in once.
    client.post("/account/sign-out/")
    client.post(
        "/account/sign-in/",
        {"username": commissioner_a.username, "password": "correct horse battery staple"},
    )
    assert client.post("/account/two-factor/", {"code": codes[0]}).status_code == 302
    client.post("/account/sign-out/")
    client.post(
        "/account/sign-in/",
        {"username": commissioner_a.username, "password": "correct horse battery staple"},
    )
    assert client.post("/account/two-factor/", {"code": codes[0]}).status_code == 400


def test_a_password_alone_cannot_add_an_app_to_an_account_that_has_one(client, commissioner_a):
    make_authenticator(commissioner_a)
    client.post(
        "/account/sign-in/",
        {"username": commissioner_a.username, "password": "correct horse battery staple"},
    )
    response = client.get("/account/two-factor/set-up/")
    assert response.status_code == 302 and response["Location"] == "/account/two-factor/"


def test_demo_accounts_are_refused_where_demo_sign_ins_are_off(client, settings):
    from accounts.models import User

    User.objects.create_user(
        username="x@reach.example", email="x@reach.example", password="pw-demo-1"
    )
    settings.DEMO_SIGN_INS = False
    response = client.post(
        "/account/sign-in/", {"username": "x@reach.example", "password": "pw-demo-1"}
    )
    assert response.status_code == 200 and "_auth_user_id" not in client.session
    settings.DEMO_SIGN_INS = True
    response = client.post(
        "/account/sign-in/", {"username": "x@reach.example", "password": "pw-demo-1"}
    )
    assert response.status_code == 302

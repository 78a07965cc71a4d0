"""Lock-out, password reset, invitations, roles and deactivation: each audited."""

import datetime
import re

import pytest
from django.core import mail
from django.utils import timezone

from core.models import AuditEvent
from tests.factories import make_membership, make_user

pytestmark = pytest.mark.django_db
PASSWORD = "correct horse battery staple"


def _sign_in(client, username, password=PASSWORD, **extra):
    return client.post("/account/sign-in/", {"username": username, "password": password}, **extra)


# Lock-out -----------------------------------------------------------------------------


def test_an_account_is_locked_after_the_limit_even_with_the_right_password(
    client, commissioner_a, settings
):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert _sign_in(client, commissioner_a.username, "wrong").status_code == 200
    assert _sign_in(client, commissioner_a.username, "wrong").status_code == 429
    response = _sign_in(client, commissioner_a.username)
    assert response.status_code == 429
    assert "You cannot sign in for now" in response.content.decode()
    assert "_auth_user_id" not in client.session
    failed = AuditEvent.objects.filter(verb="sign_in_failed", actor=commissioner_a)
    assert failed.count() == settings.AXES_FAILURE_LIMIT - 1
    assert AuditEvent.objects.filter(verb="sign_in_locked_out", result="refused").exists()


def test_the_lock_is_per_account_from_any_address(client, commissioner_a, settings):
    for i in range(settings.AXES_FAILURE_LIMIT):
        _sign_in(client, commissioner_a.username.upper(), "wrong", REMOTE_ADDR=f"10.0.0.{i}")
    assert _sign_in(client, commissioner_a.username, REMOTE_ADDR="10.0.0.99").status_code == 429


def test_the_lock_is_per_address_for_any_account(client, commissioner_a, settings):
    for i in range(settings.AXES_FAILURE_LIMIT):
        _sign_in(client, f"nobody{i}@example.org", "wrong", REMOTE_ADDR="192.0.2.7")
    assert _sign_in(client, commissioner_a.username, REMOTE_ADDR="192.0.2.7").status_code == 429
    assert _sign_in(client, commissioner_a.username, REMOTE_ADDR="192.0.2.8").status_code == 302


def test_the_assessor_clears_a_lock_on_a_page(client, commissioner_a, assessor, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _sign_in(client, commissioner_a.username, "wrong", REMOTE_ADDR="198.51.100.1")
    client.force_login(assessor)
    page = client.get("/account/lock-outs/").content.decode()
    assert commissioner_a.username in page and "198.51.100.1" in page
    client.post("/account/lock-outs/", {"kind": "account", "value": commissioner_a.username})
    client.post("/account/lock-outs/", {"kind": "address", "value": "198.51.100.1"})
    assert AuditEvent.objects.filter(verb="lockout_clear", actor=assessor).count() == 2
    client.logout()
    assert _sign_in(client, commissioner_a.username, REMOTE_ADDR="198.51.100.1").status_code == 302


def test_lock_outs_page_is_the_assessors(client, commissioner_a):
    client.force_login(commissioner_a)
    assert client.post("/account/lock-outs/", {"kind": "account", "value": "x"}).status_code == 403


# Email addresses in any case, passwords -------------------------------------------------


def test_addresses_are_matched_in_any_case_and_unique_in_any_case(client, commissioner_a):
    from django.db import IntegrityError, transaction

    assert _sign_in(client, "  COMMISSIONER.A@EXAMPLE.ORG ").status_code == 302
    with pytest.raises(IntegrityError), transaction.atomic():
        from accounts.models import User

        User.objects.bulk_create([User(username="Commissioner.A@example.org", email="x@y.z")])


def test_argon2_hashes_passwords():
    import importlib

    configured = importlib.import_module("reach.settings").PASSWORD_HASHERS
    assert configured[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"


def test_password_reset_by_email(client, commissioner_a, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    from axes.models import AccessAttempt

    for _ in range(settings.AXES_FAILURE_LIMIT):
        _sign_in(client, commissioner_a.username, "wrong")
    response = client.post("/account/password-reset/", {"email": "Commissioner.A@example.org"})
    assert response["Location"] == "/account/password-reset/sent/"
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [commissioner_a.email]
    link = re.search(r"https?://\S+(/account/password-reset/\S+/)", mail.outbox[0].body).group(1)
    form = client.get(link, follow=True)
    assert "Choose a new password" in form.content.decode()
    done = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": "a brand new pass phrase", "new_password2": "a brand new pass phrase"},
    )
    assert done["Location"] == "/account/password-reset/complete/"
    assert not AccessAttempt.objects.filter(username=commissioner_a.username).exists()
    assert _sign_in(client, commissioner_a.username, "a brand new pass phrase").status_code == 302
    # The link works once.
    again = client.get(link, follow=True).content.decode()
    assert "This link has expired or been used" in again
    assert AuditEvent.objects.filter(verb="password_reset", actor=commissioner_a).exists()


def test_a_reset_for_an_unknown_address_says_the_same_and_sends_nothing(client):
    response = client.post("/account/password-reset/", {"email": "nobody@example.org"})
    assert response["Location"] == "/account/password-reset/sent/"
    assert mail.outbox == []


def test_sign_out_everywhere_ends_other_sessions(client, commissioner_a):
    from django.test import Client

    other = Client()
    other.force_login(commissioner_a)
    client.force_login(commissioner_a)
    assert other.get("/account/").status_code == 200
    client.post("/account/sign-out-everywhere/")
    assert other.get("/account/").status_code == 302
    assert client.get("/account/").status_code == 302
    assert AuditEvent.objects.filter(verb="sign_out_everywhere").exists()


def test_a_session_ends_after_eight_hours(client, commissioner_a):
    from core.middleware import SIGNED_IN_AT

    client.force_login(commissioner_a)
    session = client.session
    session[SIGNED_IN_AT] = timezone.now().timestamp() - 8 * 3600 - 1
    session.save()
    assert client.get("/account/").status_code == 302
    assert AuditEvent.objects.filter(verb="session_expired", actor=commissioner_a).exists()


def test_sessions_expire_after_thirty_idle_minutes(settings):
    assert settings.SESSION_COOKIE_AGE == 30 * 60 and settings.SESSION_SAVE_EVERY_REQUEST


# Invitations and roles ------------------------------------------------------------------


def _invite(client, data):
    return client.post("/account/people/invite/", data)


def test_the_assessor_invites_a_commissioner_who_sets_up_an_account(
    client, assessor, area_a, django_capture_on_commit_callbacks
):
    client.force_login(assessor)
    with django_capture_on_commit_callbacks(execute=True):
        response = _invite(
            client, {"email": "New.Person@Example.org", "role": "commissioner", "area": area_a.pk}
        )
    assert response.status_code == 302
    body = mail.outbox[0].body
    assert "3 days" in body
    link = re.search(r"https?://\S+(/account/invitations/\S+/)", body).group(1)
    client.logout()
    page = client.get(link)
    assert page.status_code == 200 and "new.person@example.org" in page.content.decode()
    done = client.post(
        link,
        {
            "full_name": "New Person",
            "new_password1": "a long pass phrase here",
            "new_password2": "a long pass phrase here",
        },
    )
    assert done["Location"] == "/account/two-factor/set-up/"
    from accounts.models import User

    user = User.objects.get(username="new.person@example.org")
    assert user.memberships.get().area == area_a
    assert client.get(link).status_code == 410  # used once
    verbs = set(AuditEvent.objects.values_list("verb", flat=True))
    assert {"invitation_send", "invitation_accept"} <= verbs


def test_an_invitation_expires(client, assessor, area_a):
    from accounts import services

    invitation = services.invitation_send(
        by=assessor, email="late@example.org", role="commissioner", area=area_a
    )
    type(invitation).objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    response = client.get(f"/account/invitations/{invitation.raw_token}/")
    assert response.status_code == 410 and "expired" in response.content.decode()


def test_who_may_invite_whom(client, commissioner_a, provider_a, provider_b, provider_a_user):
    client.force_login(commissioner_a)
    assert (
        _invite(
            client, {"email": "s@example.org", "role": "provider", "provider": provider_a.pk}
        ).status_code
        == 302
    )
    # Not a service outside the area, not a commissioner or assessor.
    assert (
        _invite(
            client, {"email": "t@example.org", "role": "provider", "provider": provider_b.pk}
        ).status_code
        == 400
    )
    assert _invite(client, {"email": "u@example.org", "role": "assessor"}).status_code == 400
    # A provider's member who is not its lead may not invite; the lead may.
    client.force_login(provider_a_user)
    assert client.get("/account/people/invite/").status_code == 403
    provider_a_user.memberships.update(is_lead=True)
    client.force_login(provider_a_user)
    assert (
        _invite(
            client, {"email": "v@example.org", "role": "provider", "provider": provider_a.pk}
        ).status_code
        == 302
    )


def test_people_are_seen_only_in_scope(client, commissioner_a, commissioner_b, provider_a_user):
    client.force_login(commissioner_b)
    assert client.get(f"/account/people/{provider_a_user.pk}/").status_code == 404
    client.force_login(commissioner_a)
    assert client.get(f"/account/people/{provider_a_user.pk}/").status_code == 200
    assert client.get(f"/account/people/{commissioner_b.pk}/").status_code == 404


def test_deactivation_and_role_changes_are_audited(
    client, commissioner_a, provider_a_user, provider_a
):
    from django.test import Client

    theirs = Client()
    theirs.force_login(provider_a_user)
    client.force_login(commissioner_a)
    url = f"/account/people/{provider_a_user.pk}/"
    membership = provider_a_user.memberships.get()
    client.post(url, {"action": "lead", "membership": membership.pk, "is_lead": "yes"})
    membership.refresh_from_db()
    assert membership.is_lead
    client.post(url, {"action": "deactivate"})
    provider_a_user.refresh_from_db()
    assert not provider_a_user.is_active
    assert theirs.get("/returns/").status_code == 302  # their session ended
    client.post(url, {"action": "reactivate"})
    client.post(url, {"action": "remove", "membership": membership.pk})
    assert not provider_a_user.memberships.exists()
    verbs = list(
        AuditEvent.objects.filter(actor=commissioner_a, target_type="accounts.user")
        .exclude(verb="sign_in")
        .order_by("pk")
        .values_list("verb", flat=True)
    )
    assert verbs == ["membership_lead", "user_deactivate", "user_reactivate", "membership_remove"]


def test_the_assessor_resets_two_factor(client, assessor, commissioner_a):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from tests.factories import make_authenticator

    make_authenticator(commissioner_a)
    client.force_login(assessor)
    client.post(f"/account/people/{commissioner_a.pk}/", {"action": "two_factor_reset"})
    assert not TOTPDevice.objects.filter(user=commissioner_a).exists()
    assert AuditEvent.objects.filter(verb="two_factor_reset", actor=assessor).exists()


def test_the_admin_is_for_superusers_only(client, assessor):
    client.force_login(assessor)
    assert client.get("/manage/").status_code == 302
    root = make_user("root@example.gov.uk", is_superuser=True, is_staff=True)
    client.force_login(root)
    assert client.get("/manage/").status_code == 200
    make_membership(root, "assessor")

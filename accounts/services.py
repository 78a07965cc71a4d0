"""Every write to people and their access: keyword-only `<entity>_<verb>` functions, one
transaction each, each writing its audit record in that transaction.

Refusals raise `Refused` (nothing changed, with a message saying why and what to do) or
`NotPermitted` (the actor may not do this: a 403). The rules of who manages whom are in
accounts/people.py.
"""

import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from accounts import emails, people
from accounts.models import Invitation, Membership, Role, User, normalise_email
from core.audit import RESULT_FAILURE, audit

RECOVERY_CODES = 10


class Refused(Exception):
    """The change is not possible as asked. Nothing was changed."""


class NotPermitted(PermissionDenied):
    """The actor may not make this change. Nothing was changed."""


def _require(allowed: bool, message: str = "You may not manage this person's access.") -> None:
    if not allowed:
        raise NotPermitted(message)


# Invitations --------------------------------------------------------------------------


def invitation_send(
    *, by, email: str, role: str, full_name: str = "", area=None, provider=None, is_lead=False
) -> Invitation:
    """Email a one-time link to join Reach in one role. Earlier waiting invitations of the
    same address to the same role are withdrawn: only the newest link works."""
    email = normalise_email(email)
    if role != Role.PROVIDER:
        provider, is_lead = None, False
    if role != Role.COMMISSIONER:
        area = None
    if role == Role.PROVIDER and provider is None:
        raise Refused("Choose the service this person works for.")
    if role == Role.COMMISSIONER and area is None:
        raise Refused("Choose the area this person's office serves.")
    _require(
        people.may_manage(by, role=role, area=area, provider=provider),
        "You may not invite people to this role.",
    )
    existing = User.objects.filter(username=email).first()
    if existing and _holds(existing, role=role, area=area, provider=provider):
        raise Refused(f"{email} already has this role.")
    now = timezone.now()
    raw, digest = Invitation.new_token()
    with transaction.atomic():
        earlier = Invitation.objects.pending(now).filter(
            email=email, role=role, area=area, provider=provider
        )
        for old in earlier.select_for_update():
            old.withdrawn_at, old.withdrawn_by = now, by
            old.save(update_fields=["withdrawn_at", "withdrawn_by"])
            audit(by=by, verb="invitation_withdraw", target=old, summary="A newer one was sent.")
        invitation = Invitation.objects.create(
            email=email,
            full_name=full_name.strip(),
            role=role,
            area=area,
            provider=provider,
            is_lead=is_lead,
            token_sha256=digest,
            invited_by=by,
            created_at=now,
            expires_at=now + datetime.timedelta(days=settings.INVITATION_DAYS),
        )
        audit(
            by=by,
            verb="invitation_send",
            target=invitation,
            area=area,
            summary=f"{email}: {invitation.describe()}",
        )
        emails.send_after_commit(
            to=email,
            subject=f"You are invited to {settings.SERVICE_NAME}",
            template="accounts/email/invitation.txt",
            context={
                "invitation": invitation,
                "inviter": by,
                "link": emails.link(reverse("accounts:invitation", args=[raw])),
                "existing": existing is not None,
            },
        )
    invitation.raw_token = raw  # for the caller's tests only; never stored
    return invitation


def _holds(user, *, role, area, provider) -> bool:
    return user.memberships.filter(role=role, area=area, provider=provider).exists()


def invitation_check(invitation: Invitation | None) -> Invitation:
    """The invitation, if its link still works; otherwise Refused saying why."""
    if invitation is None:
        raise Refused("This invitation link is not right. Check you copied all of it.")
    status = invitation.status
    if status == "accepted":
        raise Refused("This invitation has already been used. Sign in with your account.")
    if status == "withdrawn":
        raise Refused(
            "This invitation was withdrawn. Ask the person who invited you for a new one."
        )
    if status == "expired":
        raise Refused(
            f"This invitation expired on {timezone.localtime(invitation.expires_at):%d %B %Y at %H:%M}. "
            "Ask the person who invited you for a new one."
        )
    return invitation


def _grant(invitation: Invitation, user) -> Membership:
    membership, _ = Membership.objects.get_or_create(
        user=user,
        role=invitation.role,
        area=invitation.area,
        provider=invitation.provider,
        defaults={"is_lead": invitation.is_lead},
    )
    if invitation.is_lead and not membership.is_lead:
        membership.is_lead = True
        membership.save(update_fields=["is_lead"])
    return membership


def invitation_accept(*, invitation: Invitation, full_name: str, password: str) -> User:
    """A new person accepts: their account is made with the role the link gives."""
    with transaction.atomic():
        invitation = invitation_check(
            Invitation.objects.select_for_update().filter(pk=invitation.pk).first()
        )
        if User.objects.filter(username=invitation.email).exists():
            raise Refused("There is already an account for this address: sign in to accept.")
        user = User(username=invitation.email, email=invitation.email, full_name=full_name.strip())
        user.set_password(password)
        user.save()
        membership = _grant(invitation, user)
        invitation.accepted_at, invitation.accepted_by = timezone.now(), user
        invitation.save(update_fields=["accepted_at", "accepted_by"])
        audit(
            by=user,
            verb="invitation_accept",
            target=invitation,
            area=invitation.area,
            summary=f"New account: {membership.describe()}",
        )
    return user


def invitation_accept_existing(*, invitation: Invitation, user) -> Membership:
    """A person with an account, signed in as the invited address, takes the role."""
    with transaction.atomic():
        invitation = invitation_check(
            Invitation.objects.select_for_update().filter(pk=invitation.pk).first()
        )
        if normalise_email(user.email or user.username) != invitation.email:
            raise Refused(
                f"This invitation is for {invitation.email}. Sign out, then sign in as that address."
            )
        membership = _grant(invitation, user)
        invitation.accepted_at, invitation.accepted_by = timezone.now(), user
        invitation.save(update_fields=["accepted_at", "accepted_by"])
        audit(
            by=user,
            verb="invitation_accept",
            target=invitation,
            area=invitation.area,
            summary=membership.describe(),
        )
    return membership


def invitation_withdraw(*, invitation: Invitation, by) -> Invitation:
    _require(
        people.may_manage(
            by, role=invitation.role, area=invitation.area, provider=invitation.provider
        )
    )
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if invitation.status != "pending":
            raise Refused(
                f"This invitation is {invitation.status_label.lower()}: it cannot be withdrawn."
            )
        invitation.withdrawn_at, invitation.withdrawn_by = timezone.now(), by
        invitation.save(update_fields=["withdrawn_at", "withdrawn_by"])
        audit(by=by, verb="invitation_withdraw", target=invitation, area=invitation.area)
    return invitation


# People and roles ---------------------------------------------------------------------


def _end_sessions(user) -> None:
    User.objects.filter(pk=user.pk).update(session_generation=F("session_generation") + 1)


def user_deactivate(*, user, by) -> User:
    """Switch an account off: it can no longer sign in, its sessions and API tokens stop."""
    _require(people.may_manage_user(by, user))
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        if not user.is_active:
            raise Refused(f"{user.display_name}'s account is already switched off.")
        user.is_active = False
        user.save(update_fields=["is_active"])
        _end_sessions(user)
        audit(by=by, verb="user_deactivate", target=user, summary=user.username)
    return user


def user_reactivate(*, user, by) -> User:
    _require(people.may_manage_user(by, user))
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        if user.is_active:
            raise Refused(f"{user.display_name}'s account is already switched on.")
        user.is_active = True
        user.save(update_fields=["is_active"])
        audit(by=by, verb="user_reactivate", target=user, summary=user.username)
    return user


def membership_add(*, user, by, role: str, area=None, provider=None, is_lead=False) -> Membership:
    """Give a person with an account another role."""
    if role != Role.PROVIDER:
        provider, is_lead = None, False
    if role != Role.COMMISSIONER:
        area = None
    _require(people.may_manage(by, role=role, area=area, provider=provider))
    if user.pk == by.pk:
        raise NotPermitted("You cannot change your own roles: ask another manager.")
    with transaction.atomic():
        if _holds(user, role=role, area=area, provider=provider):
            raise Refused(f"{user.display_name} already has this role.")
        membership = Membership.objects.create(
            user=user, role=role, area=area, provider=provider, is_lead=is_lead
        )
        _end_sessions(user)
        audit(by=by, verb="membership_add", target=user, area=area, summary=membership.describe())
    return membership


def membership_remove(*, membership: Membership, by) -> None:
    _require(people.may_manage_membership(by, membership))
    with transaction.atomic():
        # Only the membership row is locked: its area and provider may be empty (outer
        # joins), which PostgreSQL will not lock.
        membership = (
            Membership.objects.select_for_update(of=("self",))
            .select_related("user", "area", "provider")
            .get(pk=membership.pk)
        )
        described, user, area = membership.describe(), membership.user, membership.area
        membership.delete()
        _end_sessions(user)  # a role taken away takes effect at once
        audit(by=by, verb="membership_remove", target=user, area=area, summary=described)


def membership_set_lead(*, membership: Membership, is_lead: bool, by) -> Membership:
    _require(people.may_manage_membership(by, membership))
    if membership.role != Role.PROVIDER:
        raise Refused("Only provider staff can be a provider's lead.")
    with transaction.atomic():
        membership = Membership.objects.select_for_update().get(pk=membership.pk)
        if membership.is_lead == is_lead:
            return membership
        membership.is_lead = is_lead
        membership.save(update_fields=["is_lead"])
        audit(
            by=by,
            verb="membership_lead",
            target=membership.user,
            summary=f"{'Now' if is_lead else 'No longer'} lead of {membership.provider}",
        )
    return membership


# Signing in ---------------------------------------------------------------------------


def two_factor_enrol(*, user, device) -> list[str]:
    """Confirm the authenticator app that gave a right code; make fresh recovery codes."""
    with transaction.atomic():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        codes = _make_recovery_codes(user)
        audit(by=user, verb="two_factor_enrol", target=user, summary="Authenticator app set up")
    return codes


def recovery_codes_make(*, user) -> list[str]:
    """New recovery codes: the old ones stop working."""
    with transaction.atomic():
        codes = _make_recovery_codes(user)
        audit(by=user, verb="recovery_codes_make", target=user)
    return codes


def _make_recovery_codes(user) -> list[str]:
    from django_otp.plugins.otp_static.models import StaticDevice, StaticToken

    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name="Recovery codes", confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=c) for c in codes)
    return codes


def two_factor_reset(*, user, by) -> None:
    """An assessor removes a person's authenticator app and recovery codes (a lost
    phone): they set up a new app the next time they sign in."""
    from django_otp.plugins.otp_static.models import StaticDevice
    from django_otp.plugins.otp_totp.models import TOTPDevice

    _require(people.is_assessor(by) and user.pk != by.pk, "Only an assessor can do this.")
    with transaction.atomic():
        removed = TOTPDevice.objects.filter(user=user).delete()[0]
        StaticDevice.objects.filter(user=user).delete()
        _end_sessions(user)
        audit(
            by=by,
            verb="two_factor_reset",
            target=user,
            summary=f"{removed} authenticator app(s) removed; sessions ended",
        )


def two_factor_verify_recorded(*, user, device, success: bool) -> None:
    kind = "recovery code" if device is not None and "static" in device.persistent_id else "code"
    audit(
        by=user,
        verb="two_factor_verify",
        target=user,
        result="success" if success else RESULT_FAILURE,
        summary=f"{'Right' if success else 'Wrong'} {kind}",
    )


def sign_out_everywhere(*, user) -> None:
    with transaction.atomic():
        _end_sessions(user)
        audit(by=user, verb="sign_out_everywhere", target=user)


def password_changed(*, user, how: str) -> None:
    """Record a password change ("password_change" or "password_reset")."""
    audit(by=user, verb=how, target=user)


def lockout_clear(*, by, kind: str, value: str) -> int:
    """An assessor lets a locked-out account or address try again at once."""
    from axes.utils import reset

    _require(people.is_assessor(by), "Only an assessor can clear a lock-out.")
    if kind not in ("account", "address"):
        raise Refused("Choose an account or an address to clear.")
    with transaction.atomic():
        cleared = reset(username=value) if kind == "account" else reset(ip=value)
        audit(
            by=by,
            verb="lockout_clear",
            target=value,
            summary=f"{kind.capitalize()} {value}: {cleared} failed attempt record(s) cleared",
        )
    return cleared

"""Demo sign-ins: an assessor, a commissioner for every area, a user for every provider.

One known password and one known authenticator secret for every demo account, for the
demo only: they are printed by `manage.py demo_signins` (and `manage.py demo_code EMAIL`
prints the current code), and must never be used on a service holding real data. They
cannot be: demo accounts live in the reserved domain reach.example, which the sign-in
refuses wherever settings.DEMO_SIGN_INS is off (the default behind HTTPS), and
`load_demo` refuses to make them there. No person's name is used: accounts are named by
role. Each provider's demo account is its lead, so invitations can be tried.
"""

import base64

from django.contrib.auth.hashers import make_password
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import DEMO_EMAIL_DOMAIN, Membership, Role, User

DEMO_PASSWORD = "reach-demo-2026"  # noqa: S105 - demo data only, printed on purpose
DEMO_DOMAIN = DEMO_EMAIL_DOMAIN
# The authenticator secret of every demo account (20 bytes, hex): demo data only.
DEMO_TOTP_KEY = b"Reach demo 2026 TOTP".hex()
DEMO_TOTP_SECRET = base64.b32encode(bytes.fromhex(DEMO_TOTP_KEY)).decode()


def demo_code(email: str) -> str | None:
    """The code a demo account's authenticator shows now, or None for another account."""
    from django_otp.oath import TOTP

    device = TOTPDevice.objects.filter(
        user__username=email.strip().lower(), key=DEMO_TOTP_KEY, confirmed=True
    ).first()
    if device is None:
        return None
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


ASSESSOR_EMAIL = f"assessor@{DEMO_DOMAIN}"
# A second assessor: suspending grant payments needs two (four eyes).
SECOND_ASSESSOR_EMAIL = f"assessor.second@{DEMO_DOMAIN}"


def commissioner_email(area_slug: str) -> str:
    return f"commissioner.{area_slug}@{DEMO_DOMAIN}"


def provider_email(provider_slug: str) -> str:
    return f"provider.{provider_slug}@{DEMO_DOMAIN}"


def create_demo_users(*, areas, providers) -> dict[str, User]:
    """Create the demo users and memberships in bulk; return provider slug → user.

    The password is hashed once and the hash reused: hashing it for each of a few
    hundred accounts would take most of a minute with the production hasher.
    """
    password = make_password(DEMO_PASSWORD)
    rows = [
        (
            ASSESSOR_EMAIL,
            "Demo assessor (Ministry of Justice grant team)",
            Role.ASSESSOR,
            None,
            None,
        ),
        (
            SECOND_ASSESSOR_EMAIL,
            "Demo second assessor (approves suspensions)",
            Role.ASSESSOR,
            None,
            None,
        ),
    ]
    rows += [
        (
            commissioner_email(area.slug),
            f"Demo commissioner's office, {area.name}",
            Role.COMMISSIONER,
            area,
            None,
        )
        for area in areas
    ]
    rows += [
        (
            provider_email(provider.slug),
            f"Demo staff, {provider.name}",
            Role.PROVIDER,
            None,
            provider,
        )
        for provider in providers
    ]
    users = User.objects.bulk_create(
        [
            User(username=email, email=email, full_name=name, password=password)
            for email, name, *_ in rows
        ]
    )
    if any(user.pk is None for user in users):  # backends without RETURNING
        by_name = User.objects.in_bulk([email for email, *_ in rows], field_name="username")
        users = [by_name[email] for email, *_ in rows]
    Membership.objects.bulk_create(
        [
            Membership(
                user=user, role=role, area=area, provider=provider, is_lead=provider is not None
            )
            for user, (_, _, role, area, provider) in zip(users, rows, strict=True)
        ]
    )
    TOTPDevice.objects.bulk_create(
        [
            TOTPDevice(user=user, name="Demo authenticator", key=DEMO_TOTP_KEY, confirmed=True)
            for user in users
        ]
    )
    return {
        provider.slug: user for user, (*_, provider) in zip(users, rows, strict=True) if provider
    }

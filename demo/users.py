"""Demo sign-ins: an assessor, a commissioner for every area, a user for every provider.

One known password for every demo account, for the demo only: it is printed by
`manage.py demo_signins` and must never be used on a service holding real data.
No person's name is used: accounts are named by role.
"""

from django.contrib.auth.hashers import make_password

from accounts.models import Membership, Role, User

DEMO_PASSWORD = "reach-demo-2026"  # noqa: S105 - demo data only, printed on purpose
DEMO_DOMAIN = "reach.example"
ASSESSOR_EMAIL = f"assessor@{DEMO_DOMAIN}"


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
        )
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
            Membership(user=user, role=role, area=area, provider=provider)
            for user, (_, _, role, area, provider) in zip(users, rows, strict=True)
        ]
    )
    return {
        provider.slug: user for user, (*_, provider) in zip(users, rows, strict=True) if provider
    }

"""The demo sign-ins shown by `make run`: a few accounts for each role."""

from django.db.models import Count

from accounts.models import Membership, Role
from demo.users import DEMO_DOMAIN, DEMO_PASSWORD, DEMO_TOTP_SECRET

SIGN_IN_URL = "http://127.0.0.1:8000/account/sign-in/"
# Commissioners to show: two large English areas and one Welsh area.
SHOWN_AREAS = ("E23000014", "E23000001", "W15000003")


def demo_signins() -> list[tuple[str, str, str]]:
    """(role, email, what they act for) for a handful of demo accounts, assessor first."""
    demo = Membership.objects.filter(user__username__endswith=f"@{DEMO_DOMAIN}").select_related(
        "user", "area", "provider"
    )
    rows = [
        ("Assessor", m.user.username, "all areas")
        for m in demo.filter(role=Role.ASSESSOR).order_by("user_id")
    ]
    commissioners = demo.filter(role=Role.COMMISSIONER)
    shown = list(commissioners.filter(area__code__in=SHOWN_AREAS).order_by("area__code"))
    shown = shown or list(commissioners.order_by("area__name")[:3])
    rows += [("Commissioner", m.user.username, m.area.name) for m in shown]
    providers = demo.filter(role=Role.PROVIDER).order_by("provider__name")
    in_area = providers.filter(provider__areas__code=SHOWN_AREAS[0])
    national = providers.annotate(n_areas=Count("provider__areas")).filter(n_areas__gt=1)
    picks = [
        # The area's core service (demo/providers.py names it "… Victim Care (<place>)").
        in_area.filter(provider__name__contains="Victim Care (").first(),
        in_area.filter(provider__kind="by_and_for").first(),
        national.first(),
    ]
    seen = set()
    for m in picks:
        if m and m.pk not in seen:
            seen.add(m.pk)
            rows.append(("Provider", m.user.username, m.provider.name))
    return rows


def format_signins(rows: list[tuple[str, str, str]]) -> str:
    if not rows:
        return "No demo sign-ins: run `manage.py load_demo` first."
    width = max(len(email) for _, email, _ in rows)
    lines = [
        f"Demo sign-ins at {SIGN_IN_URL}  (demo data only)",
        f"Password for every demo account: {DEMO_PASSWORD}",
        "Second factor: the code from an authenticator app given the demo secret",
        f"  {DEMO_TOTP_SECRET}  (time-based, 6 digits, 30 seconds), or print it with",
        "  .venv/bin/python manage.py demo_code EMAIL",
        "",
    ]
    lines += [f"  {role:<13} {email:<{width}}  {scope}" for role, email, scope in rows]
    return "\n".join(lines)

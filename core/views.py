"""The home page and the service's information pages."""

from datetime import date

from django.shortcuts import render
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.authorization import ROLES, memberships_of
from core.access import public
from core.navigation import tasks_for
from core.next_steps import next_steps_for


@public
def home(request):
    from returns.selectors import home_panel

    memberships = memberships_of(request.user)
    return render(
        request,
        "core/home.html",
        {
            "page_title": "Home" if memberships else None,
            "tasks": tasks_for(request.user),
            "roles": [{"membership": m, "role": ROLES[m.role]} for m in memberships],
            "next_steps": next_steps_for(request.user) if memberships else [],
            "returns_panel": home_panel(request.user),
        },
    )


@public
def about(request):
    return render(request, "core/about.html", {"page_title": _("About Reach")})


# The dates the accessibility statement and privacy notice were written, reviewed and
# tested: change them when the statement is reviewed again.
STATEMENT_PREPARED = date(2026, 12, 1)
STATEMENT_REVIEWED = date(2026, 12, 1)
STATEMENT_TESTED = date(2026, 12, 1)
PRIVACY_UPDATED = date(2026, 12, 1)


def _day(value: date) -> str:
    return date_format(value, "j F Y")


@public
def accessibility(request):
    return render(
        request,
        "core/accessibility.html",
        {
            "page_title": _("Accessibility statement"),
            "prepared": _day(STATEMENT_PREPARED),
            "reviewed": _day(STATEMENT_REVIEWED),
            "tested": _day(STATEMENT_TESTED),
        },
    )


@public
def privacy(request):
    return render(
        request,
        "core/privacy.html",
        {"page_title": _("Privacy notice"), "updated": _day(PRIVACY_UPDATED)},
    )


@public
def feedback(request):
    return render(request, "core/feedback.html", {"page_title": _("Give feedback on Reach")})

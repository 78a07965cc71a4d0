"""The home page and the service's information pages."""

from django.shortcuts import render

from accounts.authorization import ROLES, memberships_of
from core.access import public
from core.navigation import tasks_for


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
            "returns_panel": home_panel(request.user),
        },
    )


@public
def about(request):
    return render(request, "core/about.html", {"page_title": "About Reach"})


@public
def accessibility(request):
    return render(request, "core/accessibility.html", {"page_title": "Accessibility statement"})


@public
def privacy(request):
    return render(request, "core/privacy.html", {"page_title": "Privacy"})

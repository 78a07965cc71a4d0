"""The home page and the service's information pages."""

from django.shortcuts import render

from accounts.authorization import ROLES, memberships_of
from core.access import public
from core.navigation import tasks_for
from core.next_steps import next_steps_for


@public
def home(request):
    memberships = memberships_of(request.user)
    return render(
        request,
        "core/home.html",
        {
            "page_title": "Home" if memberships else None,
            "tasks": tasks_for(request.user),
            "roles": [{"membership": m, "role": ROLES[m.role]} for m in memberships],
            "next_steps": next_steps_for(request.user) if memberships else [],
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

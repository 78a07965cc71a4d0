"""What each signed-in person is offered: the navigation and the home page's task list.

One table, filtered by `has_permission`, so a link appears only to those who may follow it.
"""

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse

from accounts.authorization import Permission, has_permission


@dataclass(frozen=True)
class Task:
    url_name: str
    title: str
    description: str
    permission: Permission | tuple[Permission, ...] | None  # None: everyone; a tuple: any of them
    in_navigation: bool = False


TASKS = [
    Task(
        "returns:list",
        "Returns",
        "Send your six-monthly return by upload or web form, and see what you have sent.",
        Permission.RETURN_SUBMIT,
        True,
    ),
    Task(
        "returns:area-status-home",
        "Who has submitted",
        "See which providers in your area have sent their return for each period.",
        Permission.RETURN_STATUS_VIEW,
        True,
    ),
    Task(
        "returns:deadlines",
        "When returns are due",
        "See and change the date each period's returns are due.",
        Permission.RETURN_DEADLINE_SET,
    ),
    Task(
        "monitoring:home",
        "Area figures",
        "See who your services reach against the area's population and need, how they fare, and how sure we can be.",
        Permission.DASHBOARD_VIEW,
        True,
    ),
    Task(
        "monitoring:national",
        "All areas",
        "Every area side by side: returns, ratings, escalation and funnel plots.",
        Permission.NATIONAL_VIEW,
        True,
    ),
    Task(
        "assurance:home",
        "Quality Standards",
        "Self-assessment, workforce, engagement, outreach, reviews and action plans.",
        (Permission.ASSESSMENT_VIEW, Permission.WORKFORCE_RECORD, Permission.OUTREACH_RECORD),
        True,
    ),
    Task(
        "reports:home",
        "Bi-annual return",
        "The return to the Ministry of Justice as a document: PDF, Excel or OpenDocument.",
        Permission.ASSESSMENT_VIEW,
    ),
    Task(
        "organisations:provider-list",
        "Services",
        "The victims' services registered in Reach and what they offer.",
        Permission.PROVIDER_VIEW,
        True,
    ),
    Task(
        "api:tokens",
        "API tokens",
        "Let your case system send returns to Reach through the API.",
        Permission.API_TOKEN_MANAGE,
    ),
    Task(
        "returns:data-standard",
        "Data standard",
        "The columns, codes and accepted labels of a return, with templates to download.",
        None,
    ),
    Task(
        "admin:index",
        "Manage organisations and users",
        "Add providers, commissioners' offices and the people who act for them.",
        Permission.ORGANISATIONS_MANAGE,
    ),
]


def _url(name: str) -> str | None:
    try:
        return reverse(name)
    except NoReverseMatch:
        return None  # a capability not built yet is simply not offered


def tasks_for(user) -> list[dict]:
    items = []
    for task in TASKS:
        needed = (task.permission,) if isinstance(task.permission, Permission) else task.permission
        if needed is not None and not any(has_permission(user, p) for p in needed):
            continue
        href = _url(task.url_name)
        if href:
            items.append(
                {
                    "href": href,
                    "title": task.title,
                    "description": task.description,
                    "in_navigation": task.in_navigation,
                }
            )
    return items


def navigation_for(request) -> list[dict]:
    path = request.path
    return [
        {"href": t["href"], "text": t["title"], "current": path.startswith(t["href"])}
        for t in tasks_for(request.user)
        if t["in_navigation"]
    ]

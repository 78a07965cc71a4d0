"""What each signed-in person is offered: the navigation and the home page's task list.

One table, filtered by `has_permission`, so a link appears only to those who may follow it.
"""

from collections.abc import Callable
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
    shown_if: Callable | None = None  # a finer rule than the permission, given the user


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
        "publishing:home",
        "Transparency reports",
        "Write, publish and withdraw the area's report for the public.",
        Permission.REPORT_VIEW,
    ),
    Task(
        "library:list",
        "Good-practice library",
        "Share your area's case studies, approve them for sharing, and read other areas'.",
        (Permission.CASE_STUDY_SUBMIT, Permission.CASE_STUDY_APPROVE),
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
        "accounts:people",
        "People",
        "Invite people, change their roles, and switch accounts off when they leave.",
        Permission.PEOPLE_MANAGE,
        shown_if=lambda user: _may_manage_people(user),
    ),
    Task(
        "accounts:lockouts",
        "Lock-outs",
        "Accounts and addresses locked out after wrong sign-ins, and clearing them.",
        Permission.SIGN_IN_SUPPORT,
    ),
    Task(
        "core:audit",
        "Audit trail",
        "Who did what, when and from where: search, filter and download it.",
        Permission.AUDIT_VIEW,
    ),
]


def _may_manage_people(user) -> bool:
    from accounts.people import may_manage_people

    return may_manage_people(user)


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
        if task.shown_if is not None and not task.shown_if(user):
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

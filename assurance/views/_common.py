"""What the assurance views share: scoped fetches, refusals and the way back."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from accounts.authorization import Permission, has_permission
from assurance.models import SelfAssessment
from assurance.selectors import versions_for
from core.access import requires
from reference.models import Area
from returns.models import Period
from returns.periods import recent_complete_periods


def requires_any(*permissions: Permission):
    """core.access.requires, for a page more than one permission opens."""
    return requires(*permissions)


def check_any(user, *permissions: Permission, area=None, provider=None) -> None:
    if not any(has_permission(user, p, area=area, provider=provider) for p in permissions):
        raise PermissionDenied


def get_area(request, slug) -> Area:
    """The area, if this person may see it (404 otherwise)."""
    return get_object_or_404(Area.objects.visible_to(request.user), slug=slug)


def get_period(code) -> Period:
    return get_object_or_404(Period, code=code)


def recent_periods(count: int = 6) -> list[Period]:
    return recent_complete_periods(count)


def period_from_query(request) -> Period | None:
    code = request.GET.get("period")
    if code:
        return get_period(code)
    periods = recent_periods(1)
    return periods[0] if periods else Period.objects.order_by("start").first()


def can_edit(user, area) -> bool:
    return has_permission(user, Permission.ASSESSMENT_EDIT, area=area)


def working_version(user, area, period) -> SelfAssessment | None:
    """The version a page shows: the one being written, else the submitted one."""
    versions = list(versions_for(user, area, period))
    for status in (
        SelfAssessment.Status.DRAFT,
        SelfAssessment.Status.SIGNED_OFF,
        SelfAssessment.Status.SUBMITTED,
    ):
        for v in versions:
            if v.status == status:
                return v
    return versions[0] if versions else None


def error_prefix(status: int) -> str:
    """GOV.UK: a page shown again with errors says so first in its title."""
    return "Error: " if status == 400 else ""


def refused(request, error, back: str, title: str = "That could not be done"):
    """A step refused for its order or a frozen record: nothing was changed (409)."""
    return render(
        request,
        "assurance/refused.html",
        {"page_title": title, "message": str(error), "back": back},
        status=409,
    )


def back_to(request, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


def redirect_back(request, default: str, anchor: str = ""):
    url = back_to(request, default)
    return redirect(url + (f"#{anchor}" if anchor and "#" not in url else ""))


def area_url(area) -> str:
    return reverse("assurance:area", args=[area.slug])

"""Values every page template needs."""

from django.conf import settings

from accounts.authorization import ROLES, memberships_of
from core.navigation import navigation_for


def service(request):
    memberships = memberships_of(getattr(request, "user", None))
    return {
        "service_name": settings.SERVICE_NAME,
        "phase": settings.PHASE,
        "csp_nonce": getattr(request, "csp_nonce", ""),
        "memberships": memberships,
        "navigation": navigation_for(request) if hasattr(request, "user") else [],
        "role_names": sorted({ROLES[m.role].display_name for m in memberships}),
    }

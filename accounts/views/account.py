"""Your account: details, roles, password, recovery codes, signing out everywhere;
and the assessor's page of lock-outs."""

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect, render
from django_otp.plugins.otp_static.models import StaticToken

from accounts import services
from accounts.authorization import ROLES, Permission, memberships_of
from accounts.lockout import current_lockouts
from core.access import requires, signed_in


@signed_in
def account(request):
    user = request.user
    return render(
        request,
        "accounts/account.html",
        {
            "page_title": "Your account",
            "roles": [{"m": m, "role": ROLES[m.role]} for m in memberships_of(user)],
            "recovery_left": StaticToken.objects.filter(device__user=user).count(),
            "idle_minutes": settings.SESSION_IDLE_SECONDS // 60,
            "absolute_hours": settings.SESSION_ABSOLUTE_SECONDS // 3600,
        },
    )


@requires(Permission.SIGN_IN_SUPPORT)
def lockouts(request):
    if request.method == "POST":
        kind, value = request.POST.get("kind", ""), request.POST.get("value", "").strip()
        try:
            cleared = services.lockout_clear(by=request.user, kind=kind, value=value)
        except services.Refused as error:
            messages.error(request, str(error))
        else:
            if cleared:
                messages.success(request, f"{value} can sign in again.")
            else:
                messages.info(request, f"{value} was not locked out (the lock may have ended).")
        return redirect("accounts:lockouts")
    return render(
        request,
        "accounts/lockouts.html",
        {
            "page_title": "Lock-outs",
            "lockouts": current_lockouts(),
            "limit": settings.AXES_FAILURE_LIMIT,
            "minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
        },
    )

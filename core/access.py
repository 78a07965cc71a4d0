"""Decorators that say who may reach a view. Every URL in Reach carries one of them.

tests/test_url_guards.py walks every URL pattern and fails if a view has none, so a new
page cannot be added unguarded by accident.

- `public`: anyone, signed in or not (information pages, the public directory, sign-in);
- `password_only`: someone who has given their password but not yet their second factor
  (the two-factor pages themselves, and signing out);
- `signed_in`: any signed-in person whose second factor is verified (the home page shows
  them their tasks);
- `requires(permission)`: signed in with both factors, and some membership grants the
  permission. The view then fetches its objects through a scoped queryset (404 outside
  scope) and checks the permission for that object with `has_permission` (403).

Every signed-in page needs the second factor: a session with a password alone is sent
to the two-factor page, whatever it asks for (tests/accounts/test_two_factor_required.py).
"""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

from accounts.authorization import Permission, has_permission


def public(view):
    view.reach_access = "public"
    return view


def is_verified(user) -> bool:
    """Signed in with a password and a verified second factor (django-otp)."""
    check = getattr(user, "is_verified", None)
    return bool(user.is_authenticated and check is not None and check())


def not_fully_signed_in(request):
    """The redirect for someone not signed in with both factors, else None."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not is_verified(request.user):
        return redirect_to_login(request.get_full_path(), login_url="accounts:two-factor")
    return None


def password_only(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    wrapper.reach_access = "password_only"
    return wrapper


def signed_in(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        refusal = not_fully_signed_in(request)
        if refusal is not None:
            return refusal
        return view(request, *args, **kwargs)

    wrapper.reach_access = "signed_in"
    return wrapper


def requires(*permissions: Permission):
    """Signed in, and holding the permission (any one of them, if several are named)."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            refusal = not_fully_signed_in(request)
            if refusal is not None:
                return refusal
            if not any(has_permission(request.user, p) for p in permissions):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapper.reach_access = "requires:" + "|".join(permissions)
        return wrapper

    return decorator


def check(user, permission: Permission, *, area=None, provider=None) -> None:
    """Raise 403 unless the user has the permission for this area or provider."""
    if not has_permission(user, permission, area=area, provider=provider):
        raise PermissionDenied

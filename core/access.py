"""Decorators that say who may reach a view. Every URL in Reach carries one of them.

tests/test_url_guards.py walks every URL pattern and fails if a view has none, so a new
page cannot be added unguarded by accident.

- `public`: anyone, signed in or not (information pages, the public directory, sign-in);
- `signed_in`: any signed-in person (the home page shows them their tasks);
- `requires(permission)`: signed in, and some membership grants the permission. The view
  then fetches its objects through a scoped queryset (404 outside scope) and checks the
  permission for that object with `has_permission` (403).
"""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

from accounts.authorization import Permission, has_permission


def public(view):
    view.reach_access = "public"
    return view


def signed_in(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    wrapper.reach_access = "signed_in"
    return wrapper


def requires(permission: Permission):
    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not has_permission(request.user, permission):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapper.reach_access = f"requires:{permission}"
        return wrapper

    return decorator


def check(user, permission: Permission, *, area=None, provider=None) -> None:
    """Raise 403 unless the user has the permission for this area or provider."""
    if not has_permission(user, permission, area=area, provider=provider):
        raise PermissionDenied

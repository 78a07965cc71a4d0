"""API access: the same role table as the pages (accounts/authorization.py)."""

from rest_framework.permissions import BasePermission

from accounts.authorization import Permission, has_permission


def requires(permission: Permission) -> type[BasePermission]:
    """A DRF permission class granting access when some membership has `permission`."""

    class _Requires(BasePermission):
        message = "Your account does not have permission to do this."

        def has_permission(self, request, view):
            return bool(request.user and request.user.is_authenticated) and has_permission(
                request.user, permission
            )

    _Requires.__name__ = f"Requires_{permission.name}"
    return _Requires

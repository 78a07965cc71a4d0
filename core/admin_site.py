"""The Django admin, for superusers only: a tool of last resort for the service's own
operators, never the way accounts are managed (that is accounts/views/people.py, where
every change is checked and audited).

A superuser needs a verified second factor here too, and every change made here is
recorded in the audit trail by the audit middleware (core/middleware.py), besides
Django's own log entry.
"""

from django.contrib import admin

from core.access import is_verified


def _superuser(request) -> bool:
    user = request.user
    return user.is_active and user.is_superuser and is_verified(user)


class ReachAdminSite(admin.AdminSite):
    site_header = "Reach: operators' management site"
    site_title = "Reach management"
    index_title = "Records (superusers only)"

    def has_permission(self, request):
        return _superuser(request)

    def login(self, request, extra_context=None):
        # One way in: Reach's own sign-in, with its lock-out and second factor.
        from django.contrib.auth.views import redirect_to_login

        return redirect_to_login(request.GET.get("next", "/manage/"))


class AssessorManagedMixin:
    """Full management rights for superusers only (the name is kept for the apps that
    register with it)."""

    def _allowed(self, request) -> bool:
        return _superuser(request)

    def has_module_permission(self, request):
        return self._allowed(request)

    def has_view_permission(self, request, obj=None):
        return self._allowed(request)

    def has_add_permission(self, request):
        return self._allowed(request)

    def has_change_permission(self, request, obj=None):
        return self._allowed(request)

    def has_delete_permission(self, request, obj=None):
        return self._allowed(request)


class AssessorManagedAdmin(AssessorManagedMixin, admin.ModelAdmin):
    pass


class AssessorManagedInline(AssessorManagedMixin, admin.TabularInline):
    pass


class ReadOnlyReferenceAdmin(AssessorManagedAdmin):
    """Reference data is loaded from the project's CSVs; the admin only shows it."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


site = ReachAdminSite(name="admin")

"""The management pages (Django admin) for the assessor: organisations and users only.

Access is the ORGANISATIONS_MANAGE permission of accounts/authorization.py, not Django's
is_staff flag alone, so the same role table governs the admin and the service.
"""

from django.contrib import admin

from accounts.authorization import Permission, has_permission


class ReachAdminSite(admin.AdminSite):
    site_header = "Reach: manage organisations and users"
    site_title = "Reach management"
    index_title = "Organisations and users"

    def has_permission(self, request):
        return request.user.is_active and has_permission(
            request.user, Permission.ORGANISATIONS_MANAGE
        )


class AssessorManagedMixin:
    """Full management rights for whoever holds ORGANISATIONS_MANAGE."""

    def _allowed(self, request) -> bool:
        return has_permission(request.user, Permission.ORGANISATIONS_MANAGE)

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

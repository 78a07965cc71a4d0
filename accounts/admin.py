from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from accounts.models import Membership, User
from core.admin_site import AssessorManagedAdmin, AssessorManagedInline, site


class MembershipInline(AssessorManagedInline):
    model = Membership
    extra = 1
    autocomplete_fields = ["provider", "area"]
    fk_name = "user"


class UserAdmin(AssessorManagedAdmin, BaseUserAdmin):
    list_display = ["username", "full_name", "is_active", "last_login"]
    search_fields = ["username", "full_name", "email"]
    inlines = [MembershipInline]
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        ("Person", {"fields": ("full_name", "email")}),
        ("Status", {"fields": ("is_active",)}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("username", "full_name", "email", "password1", "password2"),
            },
        ),
    )
    list_filter = ["is_active", "memberships__role"]


class MembershipAdmin(AssessorManagedAdmin):
    list_display = ["user", "role", "provider", "area"]
    list_filter = ["role"]
    search_fields = ["user__username", "provider__name", "area__name"]
    autocomplete_fields = ["user", "provider", "area"]


site.register(User, UserAdmin)
site.register(Membership, MembershipAdmin)

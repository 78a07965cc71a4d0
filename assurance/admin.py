"""The assurance records in the management pages: read-only, for the assessor to look up.

Every change goes through assurance/services/ (with its audit record), never the admin.
"""

from django.contrib import admin

from assurance import models
from core.admin_site import ReadOnlyReferenceAdmin, site


class ReadOnlyAdmin(ReadOnlyReferenceAdmin):
    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(models.StandardsEdition, site=site)
class StandardsEditionAdmin(ReadOnlyAdmin):
    list_display = ["code", "title", "published"]


@admin.register(models.Prompt, site=site)
class PromptAdmin(ReadOnlyAdmin):
    list_display = ["standard", "number", "text"]
    list_filter = ["standard__edition", "standard__number"]


@admin.register(models.SelfAssessment, site=site)
class SelfAssessmentAdmin(ReadOnlyAdmin):
    list_display = ["area", "period", "version", "status", "submitted_at"]
    list_filter = ["status", "period"]


@admin.register(models.EscalationEvent, site=site)
class EscalationEventAdmin(ReadOnlyAdmin):
    list_display = ["area", "from_state", "to_state", "by", "at"]
    list_filter = ["to_state"]

from core.admin_site import AssessorManagedAdmin, site
from organisations.models import Provider


class ProviderAdmin(AssessorManagedAdmin):
    list_display = ["name", "kind", "police_relationship", "is_active"]
    list_filter = ["kind", "police_relationship", "is_active", "areas"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["areas", "languages", "crime_types", "age_bands"]


site.register(Provider, ProviderAdmin)

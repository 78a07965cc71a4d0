from core.admin_site import ReadOnlyReferenceAdmin, site
from reference import models


class AreaAdmin(ReadOnlyReferenceAdmin):
    list_display = ["name", "code", "country", "governance_type", "usual_residents"]
    list_filter = ["country", "governance_type"]
    search_fields = ["name", "code"]


class EthnicGroupAdmin(ReadOnlyReferenceAdmin):
    list_display = ["code", "label", "level", "eff_5plus1", "eff_6"]
    list_filter = ["level"]


site.register(models.Area, AreaAdmin)
site.register(models.EthnicGroup, EthnicGroupAdmin)
for model in (
    models.Sex,
    models.AgeBand,
    models.CrimeType,
    models.ReferralPathway,
    models.Outcome,
    models.OutcomeMeasure,
    models.Disability,
    models.SexualOrientation,
    models.Language,
):
    site.register(model, ReadOnlyReferenceAdmin)

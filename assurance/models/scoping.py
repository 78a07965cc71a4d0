"""`visible_to(user)` for assurance records, through accounts/scope.py (docs/architecture.md).

- a commissioner sees its own area's records;
- the assessor sees every area's;
- provider staff see only the workforce and outreach entries of their own provider
  (the role table gives providers WORKFORCE_RECORD and OUTREACH_RECORD, nothing else here).
"""

from django.db import models
from django.db.models import Q


class AreaScopedQuerySet(models.QuerySet):
    def visible_to(self, user):
        from accounts.scope import scope_for

        field = getattr(self.model, "scope_area_field", "area")
        return scope_for(user).area_records(self, field=field)


class ProviderRecordQuerySet(models.QuerySet):
    """Records that belong to an area and, optionally, to one provider in it."""

    def visible_to(self, user):
        from accounts.scope import scope_for

        scope = scope_for(user)
        if scope.everything:
            return self
        return self.filter(Q(area_id__in=scope.area_ids) | Q(provider_id__in=scope.provider_ids))


class SelfAssessmentQuerySet(AreaScopedQuerySet):
    """A self-assessment is the commissioner's until submitted: drafts and signed-off
    versions are visible only in the areas the user acts for; the assessor sees what was
    submitted to the Ministry of Justice (and the versions it replaced)."""

    def visible_to(self, user):
        from accounts.scope import scope_for

        return (
            super()
            .visible_to(user)
            .filter(
                Q(status__in=["submitted", "superseded"]) | Q(area_id__in=scope_for(user).area_ids)
            )
        )

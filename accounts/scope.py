"""Which rows a user may see: the one place every read of figures is narrowed.

Every queryset method `visible_to(user)` in Reach calls into `scope_for(user)`:

- a provider sees its own provider, its own returns and the areas it serves;
- a commissioner sees its own area, the providers serving that area and their returns
  for that area;
- the assessor sees everything;
- anyone else (including the public) sees no unpublished figures at all.

People and the audit trail are narrowed here too: the assessor sees every account and
every audit record; a commissioner the staff of the services in its area; a provider's
lead the staff of its provider (accounts/people.py); nobody else sees the audit trail.

Tests in tests/accounts/test_scope.py and the access matrix in tests/test_access_matrix.py
fail if any of these filters is removed.
"""

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from accounts.authorization import memberships_of
from accounts.models import Role


@dataclass(frozen=True)
class Scope:
    everything: bool
    area_ids: frozenset[int]  # areas the user acts for as commissioner
    provider_ids: frozenset[int]  # providers the user acts for as provider staff
    lead_provider_ids: frozenset[int] = frozenset()  # providers the user leads

    def areas(self, qs: QuerySet) -> QuerySet:
        if self.everything:
            return qs
        return qs.filter(
            Q(pk__in=self.area_ids) | Q(providers__pk__in=self.provider_ids)
        ).distinct()

    def providers(self, qs: QuerySet) -> QuerySet:
        if self.everything:
            return qs
        return qs.filter(Q(pk__in=self.provider_ids) | Q(areas__pk__in=self.area_ids)).distinct()

    def returns(self, qs: QuerySet, prefix: str = "") -> QuerySet:
        """Filter any queryset whose `prefix` path leads to a Return."""
        if self.everything:
            return qs
        return qs.filter(
            Q(**{f"{prefix}provider_id__in": self.provider_ids})
            | Q(**{f"{prefix}area_id__in": self.area_ids})
        )

    def area_records(self, qs: QuerySet, field: str = "area") -> QuerySet:
        """Filter records that belong to an area (assessments, outreach, workforce...)."""
        if self.everything:
            return qs
        return qs.filter(**{f"{field}_id__in": self.area_ids})

    def audit_events(self, qs: QuerySet) -> QuerySet:
        """The audit trail is the assessor's alone."""
        return qs if self.everything else qs.none()

    def people(self, qs: QuerySet) -> QuerySet:
        """Accounts this user may see and manage: see accounts/people.py for the rules."""
        if self.everything:
            return qs
        return qs.filter(
            Q(
                memberships__role=Role.PROVIDER,
                memberships__provider__areas__pk__in=self.area_ids,
            )
            | Q(
                memberships__role=Role.PROVIDER, memberships__provider_id__in=self.lead_provider_ids
            )
        ).distinct()

    def invitations(self, qs: QuerySet) -> QuerySet:
        if self.everything:
            return qs
        return qs.filter(
            Q(role=Role.PROVIDER, provider__areas__pk__in=self.area_ids)
            | Q(role=Role.PROVIDER, provider_id__in=self.lead_provider_ids)
        ).distinct()


NOBODY = Scope(everything=False, area_ids=frozenset(), provider_ids=frozenset())


def scope_for(user) -> Scope:
    memberships = memberships_of(user)
    if not memberships:
        return NOBODY
    return Scope(
        everything=any(m.role == Role.ASSESSOR for m in memberships),
        area_ids=frozenset(m.area_id for m in memberships if m.role == Role.COMMISSIONER),
        provider_ids=frozenset(m.provider_id for m in memberships if m.role == Role.PROVIDER),
        lead_provider_ids=frozenset(
            m.provider_id for m in memberships if m.role == Role.PROVIDER and m.is_lead
        ),
    )

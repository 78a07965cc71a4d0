"""Who may invite and manage whom (guidance roles; docs/accounts.md).

- The assessor (Ministry of Justice) invites commissioners and other assessors, and
  manages every account, provider staff included.
- A commissioner invites and manages the staff of the services in its area.
- A provider's lead invites and manages colleagues at the same provider.

Nobody manages their own account here (they use "Your account"), so nobody can take
away their own last way in. Which accounts each person sees is accounts/scope.py.
"""

from accounts.authorization import memberships_of
from accounts.models import Membership, Role


def _acting(actor) -> list[Membership]:
    return memberships_of(actor)


def is_assessor(actor) -> bool:
    return any(m.role == Role.ASSESSOR for m in _acting(actor))


def may_manage(actor, *, role: str, area=None, provider=None) -> bool:
    """May `actor` give (or take away) this role, for this area or provider?"""
    for m in _acting(actor):
        if m.role == Role.ASSESSOR:
            return True
        if role != Role.PROVIDER or provider is None:
            continue
        if m.role == Role.COMMISSIONER and provider.areas.filter(pk=m.area_id).exists():
            return True
        if m.role == Role.PROVIDER and m.is_lead and m.provider_id == provider.pk:
            return True
    return False


def may_manage_membership(actor, membership: Membership) -> bool:
    if membership.user_id == getattr(actor, "pk", None):
        return False
    return may_manage(
        actor, role=membership.role, area=membership.area, provider=membership.provider
    )


def may_manage_user(actor, user) -> bool:
    """Switch off, switch on or reset: only if every role the person holds is the
    actor's to manage (a commissioner cannot switch off a person who is also an assessor)."""
    if user.pk == getattr(actor, "pk", None):
        return False
    memberships = list(user.memberships.select_related("provider", "area"))
    if not memberships:
        return is_assessor(actor)
    return all(may_manage_membership(actor, m) for m in memberships)


def may_manage_people(actor) -> bool:
    """Does the actor manage anyone at all (the people pages are theirs)?"""
    return any(
        m.role in (Role.ASSESSOR, Role.COMMISSIONER) or (m.role == Role.PROVIDER and m.is_lead)
        for m in _acting(actor)
    )


def invitable_roles(actor) -> list[tuple[str, str]]:
    """The roles the actor may invite people to, as form choices."""
    if is_assessor(actor):
        return [
            (Role.COMMISSIONER, "Commissioner (a Police and Crime Commissioner's office)"),
            (Role.ASSESSOR, "Assessor (Ministry of Justice grant team)"),
            (Role.PROVIDER, "Provider staff (a victims' service)"),
        ]
    if may_manage_people(actor):
        return [(Role.PROVIDER, "Provider staff (a victims' service)")]
    return []


def invitable_providers(actor):
    """Providers whose staff the actor may invite."""
    from organisations.models import Provider

    if is_assessor(actor):
        return Provider.objects.all()
    acting = _acting(actor)
    area_ids = [m.area_id for m in acting if m.role == Role.COMMISSIONER]
    lead_ids = [m.provider_id for m in acting if m.role == Role.PROVIDER and m.is_lead]
    from django.db.models import Q

    return Provider.objects.filter(Q(areas__pk__in=area_ids) | Q(pk__in=lead_ids)).distinct()

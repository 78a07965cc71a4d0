"""Roles and permissions: what each kind of user may do, written once, as code.

Reads are scoped by accounts/scope.py (which rows a user may see); this module answers
"may this user do this action, for this area or provider?". Views call
`has_permission` after fetching the object through a scoped queryset, so an object
outside the user's scope is a 404 and an action the role lacks is a 403
(docs/adr/0003-access-control.md).
"""

from enum import StrEnum

from accounts.models import Membership, Role


class Permission(StrEnum):
    # Returns (providers' figures)
    RETURN_VIEW = "return_view"
    RETURN_SUBMIT = "return_submit"
    RETURN_STATUS_VIEW = "return_status_view"  # who has and has not submitted in an area
    RETURN_ACCEPT = "return_accept"  # accept, return or restore a provider's version
    RETURN_DEADLINE_SET = "return_deadline_set"  # the date each period's returns are due
    # Monitoring
    DASHBOARD_VIEW = "dashboard_view"
    NATIONAL_VIEW = "national_view"
    # Organisations
    PROVIDER_VIEW = "provider_view"
    PROVIDER_EDIT = "provider_edit"  # the provider's own public details
    PROVIDER_REGISTER = "provider_register"  # a commissioner registers the services it funds
    API_TOKEN_MANAGE = "api_token_manage"
    # People (accounts/people.py says whom each role may invite and manage)
    PEOPLE_MANAGE = "people_manage"
    SIGN_IN_SUPPORT = "sign_in_support"  # clear lock-outs, reset a person's two-factor
    AUDIT_VIEW = "audit_view"
    # The assurance cycle (Quality Standards)
    ASSESSMENT_EDIT = "assessment_edit"
    ASSESSMENT_SUBMIT = "assessment_submit"
    WORKFORCE_RECORD = "workforce_record"
    ENGAGEMENT_RECORD = "engagement_record"
    OUTREACH_RECORD = "outreach_record"
    ASSESSMENT_VIEW = "assessment_view"
    ASSESSMENT_RATE = "assessment_rate"
    CHALLENGE_WRITE = "challenge_write"
    CHALLENGE_RESPOND = "challenge_respond"
    ACTION_PLAN_PROPOSE = "action_plan_propose"
    ACTION_PLAN_AGREE = "action_plan_agree"
    ACTION_UPDATE = "action_update"
    ESCALATION_ADVANCE = "escalation_advance"
    SUSPENSION_REQUEST = "suspension_request"  # ask to suspend grant payments
    SUSPENSION_APPROVE = "suspension_approve"  # a second assessor approves (four eyes)
    # The good-practice library (library/)
    CASE_STUDY_SUBMIT = "case_study_submit"  # a commissioner shares its area's work
    CASE_STUDY_APPROVE = "case_study_approve"  # the assessor approves it for sharing


class ProviderRole:
    display_name = "Provider"
    description = (
        "Staff of a commissioned victims' service. Submits the service's six-monthly "
        "returns for the areas it serves, and sees its own figures only."
    )
    role = Role.PROVIDER
    permissions = frozenset(
        {
            Permission.RETURN_VIEW,
            Permission.RETURN_SUBMIT,
            Permission.DASHBOARD_VIEW,
            Permission.PROVIDER_VIEW,
            Permission.PROVIDER_EDIT,
            Permission.API_TOKEN_MANAGE,
            Permission.WORKFORCE_RECORD,
            Permission.OUTREACH_RECORD,
            Permission.PEOPLE_MANAGE,  # the provider's lead only (accounts/people.py)
        }
    )


class CommissionerRole:
    display_name = "Commissioner"
    description = (
        "Staff of the Office of a Police and Crime Commissioner (or of a mayor with those "
        "functions) for one police force area. Registers the services it funds, accepts or "
        "returns the versions of their returns, sees the area's figures against its "
        "population and need, and writes and submits the Quality Standards self-assessment."
    )
    role = Role.COMMISSIONER
    permissions = frozenset(
        {
            Permission.RETURN_VIEW,
            Permission.RETURN_STATUS_VIEW,
            Permission.RETURN_ACCEPT,
            Permission.DASHBOARD_VIEW,
            Permission.PROVIDER_VIEW,
            Permission.PROVIDER_REGISTER,
            Permission.ASSESSMENT_VIEW,
            Permission.ASSESSMENT_EDIT,
            Permission.ASSESSMENT_SUBMIT,
            Permission.WORKFORCE_RECORD,
            Permission.ENGAGEMENT_RECORD,
            Permission.OUTREACH_RECORD,
            Permission.CHALLENGE_RESPOND,
            Permission.ACTION_PLAN_PROPOSE,
            Permission.ACTION_UPDATE,
            Permission.PEOPLE_MANAGE,  # staff of the services in its area
            Permission.CASE_STUDY_SUBMIT,
        }
    )


class AssessorRole:
    display_name = "Assessor"
    description = (
        "The Ministry of Justice grant team. Sees every area side by side, reviews each "
        "bi-annual return, rates each Quality Standard, challenges, agrees action plans, "
        "escalates and records suspension of grant payments. Invites commissioners and other "
        "assessors, manages every account and reads the audit trail."
    )
    role = Role.ASSESSOR
    permissions = frozenset(
        {
            Permission.RETURN_VIEW,
            Permission.RETURN_STATUS_VIEW,
            Permission.RETURN_DEADLINE_SET,
            Permission.DASHBOARD_VIEW,
            Permission.NATIONAL_VIEW,
            Permission.PROVIDER_VIEW,
            Permission.PEOPLE_MANAGE,
            Permission.SIGN_IN_SUPPORT,
            Permission.AUDIT_VIEW,
            Permission.ASSESSMENT_VIEW,
            Permission.ASSESSMENT_RATE,
            Permission.CHALLENGE_WRITE,
            Permission.ACTION_PLAN_AGREE,
            Permission.ACTION_UPDATE,
            Permission.ESCALATION_ADVANCE,
            Permission.SUSPENSION_REQUEST,
            Permission.SUSPENSION_APPROVE,
            Permission.CASE_STUDY_APPROVE,
        }
    )


ROLES = {cls.role: cls for cls in (ProviderRole, CommissionerRole, AssessorRole)}


def memberships_of(user) -> list[Membership]:
    """The user's memberships, fetched once per request object.

    A signed-in session whose second factor is not yet verified acts for nobody
    (django-otp's middleware gives request.user `is_verified`; users read elsewhere, in
    services and commands, have no such attribute and act as themselves).
    """
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    is_verified = getattr(user, "is_verified", None)
    if is_verified is not None and getattr(user, "_reach_memberships", None) is None:
        if not is_verified():
            return []
    cached = getattr(user, "_reach_memberships", None)
    if cached is None:
        cached = list(Membership.objects.filter(user=user).select_related("provider", "area"))
        user._reach_memberships = cached
    return cached


def has_permission(user, permission: Permission, *, area=None, provider=None) -> bool:
    """May `user` do `permission`, for this area and/or provider?

    With no context the question is "for some organisation": used to decide whether to
    show a link. With context, the membership must cover that area or provider:
    - a provider membership covers its own provider, and the areas that provider serves;
    - a commissioner membership covers its area, and the providers serving that area;
    - the assessor covers everything.
    """
    if not isinstance(permission, Permission):
        raise TypeError(f"has_permission needs a Permission, not {permission!r}")
    for membership in memberships_of(user):
        if permission not in ROLES[membership.role].permissions:
            continue
        if _covers(membership, area=area, provider=provider):
            return True
    return False


def _area_ids(provider) -> set[int]:
    """The areas a provider serves, read once per provider object (pages check many)."""
    ids = getattr(provider, "_reach_area_ids", None)
    if ids is None:
        ids = set(provider.areas.values_list("pk", flat=True))
        provider._reach_area_ids = ids
    return ids


def _covers(membership: Membership, *, area, provider) -> bool:
    if membership.role == Role.ASSESSOR:
        return True
    if membership.role == Role.PROVIDER:
        if provider is not None and provider.pk != membership.provider_id:
            return False
        if area is not None:
            return area.pk in _area_ids(membership.provider)
        return True
    # Commissioner
    if area is not None and area.pk != membership.area_id:
        return False
    if provider is not None:
        return membership.area_id in _area_ids(provider)
    return True

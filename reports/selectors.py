"""Reads for the bi-annual return pages: which self-assessment versions a person may see."""

from accounts.authorization import Permission, has_permission
from assurance.models import SelfAssessment

S = SelfAssessment.Status


def visible_versions(user, area, period) -> list[SelfAssessment]:
    """The versions this person may see, newest first.

    As on the self-assessment pages (assurance/views/_common.py `versions_for`): the
    area's commissioner sees every version, drafts included; the assessor sees only what
    has been submitted to the Ministry of Justice.
    """
    qs = SelfAssessment.objects.visible_to(user).filter(area=area, period=period)
    if not has_permission(user, Permission.ASSESSMENT_EDIT, area=area):
        qs = qs.filter(status__in=[S.SUBMITTED, S.SUPERSEDED])
    return list(qs.select_related("edition", "signed_off_by", "submitted_by").order_by("-version"))


def default_version(versions: list[SelfAssessment]) -> SelfAssessment | None:
    """What the Ministry of Justice holds (the submitted version), else the latest draft."""
    submitted = next((v for v in versions if v.status == S.SUBMITTED), None)
    return submitted or (versions[0] if versions else None)

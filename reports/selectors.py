"""Reads for the bi-annual return pages: which self-assessment versions a person may see."""

from assurance.models import SelfAssessment
from assurance.selectors import versions_for

S = SelfAssessment.Status


def visible_versions(user, area, period) -> list[SelfAssessment]:
    """The versions this person may see, newest first: the area's commissioner sees every
    version, the assessor only what was submitted (SelfAssessment.objects.visible_to)."""
    return list(versions_for(user, area, period))


def default_version(versions: list[SelfAssessment]) -> SelfAssessment | None:
    """What the Ministry of Justice holds (the submitted version), else the latest draft."""
    submitted = next((v for v in versions if v.status == S.SUBMITTED), None)
    return submitted or (versions[0] if versions else None)

"""Transparency reports in the demo: each area whose self-assessment is submitted
publishes one, through the one writer (publication/services.py), so the public sees some.

The words are what a commissioner's office might write for the public about each
Quality Standard; the figures are the demo's own, under disclosure control.
"""

from accounts.models import Membership
from assurance.models import SelfAssessment
from publication.models import PublishedReport
from publication.services import report_draft, report_publish, report_summaries_save

SUMMARIES = {
    1: (
        "We look at who lives in our area and who uses victims' services, group by group, "
        "using the Census and the figures every service we fund sends us. This period we "
        "also met community groups and two organisations run by and for ethnic minority "
        "communities, to hear what stops people asking for help.\n\n"
        "What we learned is shaping the services we fund next year."
    ),
    2: (
        "Some of the services we fund are led by and for ethnic minority communities, and "
        "we are funding more. Where a group uses services less than we would expect, we "
        "ask the services why and agree what they will change.\n\n"
        "The people who work in our office do not yet reflect everyone who lives in "
        "the area; we have a plan to change that."
    ),
    3: (
        "Support is free, it is independent of the police, and you do not need to report "
        "a crime to get it. We tell people this at community venues, in places of "
        "worship and online, and in the languages spoken in the area.\n\n"
        "Police officers introduce victims' services to every victim with a standard "
        "script, in plain words."
    ),
}


def _commissioner(area):
    membership = (
        Membership.objects.filter(role="commissioner", area=area)
        .select_related("user")
        .order_by("user__username")
        .first()
    )
    return membership.user if membership else None


def demo_publication() -> list[str]:
    """Publish a report for every submitted self-assessment; returns the areas' names."""
    published = []
    submitted = SelfAssessment.objects.filter(status=SelfAssessment.Status.SUBMITTED)
    for assessment in submitted.select_related("area", "period").order_by("area__name"):
        area, period = assessment.area, assessment.period
        commissioner = _commissioner(area)
        already = PublishedReport.objects.filter(area=area, period=period).exists()
        if commissioner is None or already:
            continue
        report = report_draft(area=area, period=period, by=commissioner)
        numbers = [s.standard.number for s in report.summaries.select_related("standard")]
        texts = {n: SUMMARIES.get(n, SUMMARIES[1]) for n in numbers}
        report_summaries_save(report=report, texts=texts, by=commissioner)
        report_publish(report=report, by=commissioner)
        published.append(area.name)
    return published

"""Which transparency report a reader reaches: the public's door and the staff's.

The public reaches a report only through `public_report`, which answers with the live
revision or refuses: a report never published is not found (404), and one withdrawn is
gone (410, saying when). Staff reach an area's reports through `visible_to(user)`.
"""

from dataclasses import dataclass

from django.conf import settings
from django.http import Http404
from django.urls import reverse

from publication.models import PublishedReport

S = PublishedReport.Status


@dataclass
class Withdrawn(Exception):
    """The report at this address was published, then withdrawn."""

    report: PublishedReport


def public_report(slug: str) -> PublishedReport:
    """The live revision at `slug`; Http404 if there has never been one; Withdrawn if
    the last published revision was withdrawn and none has been published since."""
    revisions = (
        PublishedReport.objects.filter(slug=slug)
        .exclude(published_at=None)
        .select_related("area", "period")
        .order_by("-revision")
    )
    latest = revisions.first()
    if latest is None:
        raise Http404
    if latest.status == S.PUBLISHED:
        return latest
    if latest.status == S.WITHDRAWN:
        raise Withdrawn(latest)
    raise Http404


def live_reports():
    return PublishedReport.objects.live().select_related("area", "period")


def staff_reports(user, area, period):
    """Every revision of the area's report for the period that the user may see."""
    return (
        PublishedReport.objects.visible_to(user)
        .filter(area=area, period=period)
        .select_related("published_by", "withdrawn_by")
        .order_by("-revision")
    )


def report_state(revisions) -> dict:
    """What a list of one report's revisions (newest first) holds: all of them, and the
    draft, the live one and the withdrawn one among them (each None if there is none)."""
    revisions = list(revisions)
    return {
        "revisions": revisions,
        "draft": next((r for r in revisions if r.status == S.DRAFT), None),
        "live": next((r for r in revisions if r.status == S.PUBLISHED), None),
        "withdrawn": next(
            (r for r in revisions if r.status == S.WITHDRAWN and r.published_at), None
        ),
    }


def staff_home_rows(user, areas) -> list[dict]:
    """One row for each area and period the user may see that has a self-assessment or
    a report: the area, the period, the submitted self-assessment (or None) and the
    report's state (`report_state`). A fixed number of queries, however many rows."""
    from assurance.models import SelfAssessment
    from returns.models import Period

    areas = list(areas)
    assessments = list(
        SelfAssessment.objects.visible_to(user).filter(area__in=areas).order_by("-version")
    )
    reports = list(
        PublishedReport.objects.visible_to(user)
        .filter(area__in=areas)
        .select_related("published_by", "withdrawn_by")
        .order_by("-revision")
    )
    keys = {(a.area_id, a.period_id) for a in assessments} | {
        (r.area_id, r.period_id) for r in reports
    }
    submitted: dict[tuple[int, int], object] = {}
    for assessment in assessments:
        if assessment.is_submitted:
            submitted.setdefault((assessment.area_id, assessment.period_id), assessment)
    revisions: dict[tuple[int, int], list] = {}
    for report in reports:
        revisions.setdefault((report.area_id, report.period_id), []).append(report)
    area_of = {a.pk: a for a in areas}
    period_of = {p.pk: p for p in Period.objects.filter(pk__in={p for _, p in keys})}
    ordered = sorted(keys, key=lambda k: (area_of[k[0]].name, -period_of[k[1]].start.toordinal()))
    return [
        {
            "area": area_of[area_id],
            "period": period_of[period_id],
            "assessment": submitted.get((area_id, period_id)),
            **report_state(revisions.get((area_id, period_id), [])),
        }
        for area_id, period_id in ordered
    ]


def public_address(area, period) -> str:
    """The full web address of the area's live report for the period, or of the list of
    the area's published reports when there is none."""
    live = live_reports().filter(area=area, period=period).first()
    path = (
        reverse("publication:report", args=[live.slug])
        if live
        else reverse("publication:list") + f"?area={area.slug}"
    )
    return settings.SITE_URL.rstrip("/") + path

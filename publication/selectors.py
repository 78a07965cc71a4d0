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

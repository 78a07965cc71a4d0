"""Publishing, revising and withdrawing: the rules, the snapshot and the audit trail."""

import pytest

from assurance.models import AuditEvent
from assurance.workflow import NotPermitted, Refused
from publication.models import PublishedReport
from publication.services import (
    report_draft,
    report_publish,
    report_summaries_save,
    report_withdraw,
)
from tests.factories import make_return
from tests.publication.conftest import CELLS, submit_assessment, write_summaries

pytestmark = pytest.mark.django_db
S = PublishedReport.Status


def test_publishing_is_refused_until_the_self_assessment_is_submitted(
    area_a, period, commissioner_a, area_a_return
):
    report = report_draft(area=area_a, period=period, by=commissioner_a)
    write_summaries(report, commissioner_a)
    with pytest.raises(Refused, match="Submit the self-assessment for April 2026 to September"):
        report_publish(report=report, by=commissioner_a)
    report.refresh_from_db()
    assert report.status == S.DRAFT and report.tables == [] and report.published_at is None
    submit_assessment(area_a, period, commissioner_a)
    assert report_publish(report=report, by=commissioner_a).status == S.PUBLISHED


def test_publishing_needs_every_summary(area_a, period, commissioner_a, submitted):
    report = report_draft(area=area_a, period=period, by=commissioner_a)
    report_summaries_save(report=report, texts={1: "Only the first."}, by=commissioner_a)
    with pytest.raises(Refused, match="Write the public summary of Quality Standard 2, 3"):
        report_publish(report=report, by=commissioner_a)


def test_publishing_keeps_the_controlled_figures_and_audits(published, commissioner_a):
    assert published.status == S.PUBLISHED and published.published_by == commissioner_a
    assert published.first_published_at == published.published_at
    assert published.assessment.status == "submitted"
    tables = {t["slug"]: t for t in published.tables}
    sex = tables["sex"]
    rows = {r[0]: r for r in sex["rows"]}
    # White British (13) 1000: rounded to 5; counts of 1 to 9 never published.
    assert rows["White"][sex["headers"].index("Total")] == 1000
    cells = [v for t in published.tables for r in t["rows"] for v in r[1:]]
    assert 4 not in cells and 12 not in cells  # exact small or unrounded counts
    assert all(not isinstance(v, int) or v % 5 == 0 for v in cells)
    event = AuditEvent.objects.get(verb="report_publish")
    assert event.actor == commissioner_a and event.area == published.area
    assert "Revision 1 published" in event.summary


def test_figures_do_not_change_when_a_later_version_is_accepted(
    published, provider_a, area_a, period, client
):
    """A later version changes the area's live figures, and the published report, its
    page and its open data go on showing what was published."""
    from django.urls import reverse

    from disclosure import public_tables, snapshot

    def white_total(tables) -> int:
        sex = {t["slug"]: t for t in tables}["sex"]
        return {r[0]: r for r in sex["rows"]}["White"][sex["headers"].index("Total")]

    before = published.tables
    csv_before = client.get(reverse("publication:report-csv", args=[published.slug, "sex"])).content
    more = [dict(c, count=c["count"] * 3) for c in CELLS]
    make_return(provider=provider_a, area=area_a, period=period, cells=more)
    assert white_total(snapshot(public_tables(area_a, period))) == 3000  # live: changed
    published.refresh_from_db()
    assert published.tables == before and white_total(published.tables) == 1000
    page = client.get(reverse("publication:report", args=[published.slug])).content
    assert b"1,000" in page and b"3,000" not in page
    csv = client.get(reverse("publication:report-csv", args=[published.slug, "sex"])).content
    assert csv == csv_before and b"1000" in csv and b"3000" not in csv


def test_a_revision_replaces_the_live_one_and_says_it_was_revised(
    published, area_a, period, commissioner_a
):
    revision = report_draft(area=area_a, period=period, by=commissioner_a)
    assert revision.revision == 2
    assert [s.text for s in revision.summaries.all()][0] == "In plain words: standard 1."
    report_summaries_save(report=revision, texts={1: "Changed words."}, by=commissioner_a)
    revision = report_publish(report=revision, by=commissioner_a)
    published.refresh_from_db()
    assert published.status == S.SUPERSEDED and revision.status == S.PUBLISHED
    assert revision.is_revised and revision.first_published_at == published.first_published_at
    assert list(PublishedReport.objects.live()) == [revision]


def test_a_published_revision_cannot_be_changed(published, commissioner_a):
    with pytest.raises(Refused, match="Start a new revision"):
        report_summaries_save(report=published, texts={1: "Sneaky."}, by=commissioner_a)


def test_withdrawal_needs_a_reason_and_is_audited(published, commissioner_a):
    with pytest.raises(Refused, match="Enter why"):
        report_withdraw(report=published, by=commissioner_a, reason="  ")
    report = report_withdraw(report=published, by=commissioner_a, reason="A figure was wrong.")
    assert report.status == S.WITHDRAWN and report.withdrawn_by == commissioner_a
    assert not PublishedReport.objects.live().exists()
    event = AuditEvent.objects.get(verb="report_withdraw")
    assert "A figure was wrong." in event.summary and event.actor == commissioner_a
    with pytest.raises(Refused):
        report_withdraw(report=report, by=commissioner_a, reason="Again.")


def test_only_the_areas_commissioner_may_publish(
    ready, commissioner_b, assessor, provider_a_user, commissioner_a
):
    for someone in (commissioner_b, assessor, provider_a_user):
        with pytest.raises(NotPermitted):
            report_publish(report=ready, by=someone)
        with pytest.raises(NotPermitted):
            report_draft(area=ready.area, period=ready.period, by=someone)
    ready.refresh_from_db()
    assert ready.status == S.DRAFT


def test_summaries_are_limited_in_length(ready, commissioner_a):
    with pytest.raises(Refused, match="3,000 characters or fewer"):
        report_summaries_save(report=ready, texts={1: "x" * 3001}, by=commissioner_a)


def test_figures_that_cannot_be_made_safe_publish_nothing(ready, commissioner_a, monkeypatch):
    import disclosure

    def refuse(area, period):
        raise ValueError("Nothing left to withhold.")

    monkeypatch.setattr(disclosure, "public_tables", refuse)
    with pytest.raises(Refused, match="could not be made safe to publish, so nothing was"):
        report_publish(report=ready, by=commissioner_a)
    ready.refresh_from_db()
    assert ready.status == S.DRAFT and ready.tables == []

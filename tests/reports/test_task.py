"""Asking for the document and building it in the background, with progress."""

import pytest
from django.core.exceptions import PermissionDenied

from reports.models import ReportRequest
from reports.services import report_build, report_request
from tests.reports.conftest import make_request

pytestmark = pytest.mark.django_db

R = ReportRequest.Status


@pytest.mark.parametrize(("fmt", "magic"), [("pdf", b"%PDF"), ("xlsx", b"PK"), ("ods", b"PK")])
def test_request_is_built_after_commit_and_ready(
    django_capture_on_commit_callbacks,
    area_a,
    period,
    commissioner_a,
    area_a_return,
    submitted,
    fmt,
    magic,
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        made = report_request(
            area=area_a, period=period, fmt=fmt, user=commissioner_a, assessment=submitted
        )
        assert ReportRequest.objects.get(pk=made.pk).status == R.QUEUED
    assert len(callbacks) == 1
    made.refresh_from_db()
    assert (made.status, made.progress, made.stage) == (R.READY, 100, "Ready to download")
    content = bytes(made.content)
    assert content.startswith(magic) and made.size == len(content)
    assert made.file_name == f"bi-annual-return-west-midlands-2026-27-h1-v1.{fmt}"
    assert made.finished_at is not None


def test_progress_moves_through_the_stages(
    monkeypatch, area_a, period, commissioner_a, area_a_return
):
    """Each stage is written to the row as it starts, so the page can show it."""
    import reports.content

    seen = []
    real = reports.content.gather

    def watching(request, progress):
        def record(percent, stage):
            progress(percent, stage)
            row = ReportRequest.objects.get(pk=request.pk)
            seen.append((row.status, row.progress, row.stage))

        return real(request, record)

    monkeypatch.setattr(reports.content, "gather", watching)
    made = make_request(area=area_a, period=period, user=commissioner_a, fmt="xlsx")
    made = report_build(request_id=made.pk)
    percents = [p for _, p, _ in seen]
    assert percents == sorted(percents) and len(percents) >= 4
    assert {status for status, _, _ in seen} == {R.BUILDING}
    assert seen[1][2] == "Computing the area's figures"
    assert made.status == R.READY and made.progress == 100


def test_a_failure_is_recorded_not_left_building(
    monkeypatch, area_a, period, commissioner_a, caplog
):
    import reports.workbook

    def broken(content):
        raise RuntimeError("disk full")

    monkeypatch.setattr(reports.workbook, "build_xlsx", broken)
    made = report_build(
        request_id=make_request(area=area_a, period=period, user=commissioner_a, fmt="xlsx").pk
    )
    made.refresh_from_db()
    assert made.status == R.FAILED and made.progress == 100 and made.finished_at
    assert made.content is None and "Ask for it again" in made.stage
    assert "disk full" in caplog.text


def test_a_task_delivered_twice_builds_once(area_a, period, commissioner_a):
    made = make_request(area=area_a, period=period, user=commissioner_a, fmt="pdf")
    first = report_build(request_id=made.pk)
    finished = first.finished_at
    second = report_build(request_id=made.pk)
    assert second.status == R.READY and second.finished_at == finished


def test_refusals(
    area_a, area_b, period, commissioner_a, commissioner_b, provider_a_user, submitted
):
    with pytest.raises(PermissionDenied):
        report_request(area=area_a, period=period, fmt="pdf", user=commissioner_b)
    with pytest.raises(PermissionDenied):
        report_request(area=area_a, period=period, fmt="pdf", user=provider_a_user)
    with pytest.raises(ValueError, match="Unknown format"):
        report_request(area=area_a, period=period, fmt="docx", user=commissioner_a)
    with pytest.raises(ValueError, match="not this area's"):
        report_request(
            area=area_b, period=period, fmt="pdf", user=commissioner_b, assessment=submitted
        )
    assert not ReportRequest.objects.exists()


def test_nothing_is_built_for_someone_who_lost_their_role(area_a, period, commissioner_a):
    from accounts.models import Membership

    made = make_request(area=area_a, period=period, user=commissioner_a, fmt="pdf")
    Membership.objects.filter(user=commissioner_a).delete()
    made = report_build(request_id=made.pk)
    assert made.status == R.FAILED and made.content is None

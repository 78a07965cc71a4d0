"""Returns pages: upload and its check, explanations, the web form, history, who has submitted."""

import csv
import io

import pytest

from returns.models import Return, Submission
from tests.pages import fetch

pytestmark = pytest.mark.django_db

HEADER = [
    "referral_id",
    "referral_date",
    "ethnicity",
    "sex",
    "age_band",
    "disability",
    "sexual_orientation",
    "crime_type",
    "referral_pathway",
    "outcome",
]


def _csv(rows) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADER)
    writer.writerows(rows)
    return buffer.getvalue().encode()


def _rows(n, ethnicity="Black British - Caribbean", start=0):
    return [
        [
            f"R{i}",
            "2026-05-01",
            ethnicity,
            "F",
            "25-34",
            "NOT_DISABLED",
            "STRAIGHT",
            "DOMESTIC_ABUSE",
            "SELF",
            "SUPPORTED_COMPLETED",
        ]
        for i in range(start, start + n)
    ]


def _upload(client, provider, area, period, data, name="return.csv", capture=None):
    from django.core.files.uploadedfile import SimpleUploadedFile

    url = f"/returns/{provider.slug}/{area.slug}/{period.code}/upload/"
    with capture(execute=True):
        return client.post(url, {"file": SimpleUploadedFile(name, data, content_type="text/csv")})


def test_upload_accepted_end_to_end(
    client, provider_a_user, provider_a, area_a, period, django_capture_on_commit_callbacks
):
    client.force_login(provider_a_user)
    response = _upload(
        client,
        provider_a,
        area_a,
        period,
        _csv(_rows(40)),
        capture=django_capture_on_commit_callbacks,
    )
    assert response.status_code == 302
    submission = Submission.objects.get()
    assert submission.status == "accepted", submission.summary
    html = fetch(client, response.url, title_contains="Return for").content.decode()
    assert "Version 1 stored" in html
    record = Return.objects.get(provider=provider_a, area=area_a, period=period)
    assert record.current_version.total_referrals == 40
    assert (
        record.current_version.file_sha256 == submission.file_sha256
        and record.current_version.row_count == 40
    )


def test_uploaded_file_is_not_kept(
    client,
    settings,
    provider_a_user,
    provider_a,
    area_a,
    period,
    django_capture_on_commit_callbacks,
):
    from pathlib import Path

    client.force_login(provider_a_user)
    _upload(
        client,
        provider_a,
        area_a,
        period,
        _csv(_rows(5)),
        capture=django_capture_on_commit_callbacks,
    )
    assert list(Path(settings.INCOMING_DIR).iterdir()) == []


def test_upload_with_errors_stores_nothing_and_lists_problems(
    client, provider_a_user, provider_a, area_a, period, django_capture_on_commit_callbacks
):
    client.force_login(provider_a_user)
    rows = _rows(20) + [
        [
            "R5",
            "2026-05-01",
            "Martian",
            "F",
            "25-34",
            "NOT_DISABLED",
            "STRAIGHT",
            "DOMESTIC_ABUSE",
            "SELF",
            "SUPPORTED_COMPLETED",
        ]
    ]
    response = _upload(
        client, provider_a, area_a, period, _csv(rows), capture=django_capture_on_commit_callbacks
    )
    submission = Submission.objects.get()
    assert submission.status == "rejected"
    html = fetch(client, response.url).content.decode()
    assert "Nothing has been stored" in html and "Martian" in html
    assert not Return.objects.filter(current_version__isnull=False).exists()
    problems = client.get(f"/returns/submissions/{submission.pk}/problems.csv")
    assert problems.status_code == 200 and b"Martian" in problems.content


def test_identifying_column_refused_with_message(
    client, provider_a_user, provider_a, area_a, period, django_capture_on_commit_callbacks
):
    client.force_login(provider_a_user)
    data = _csv(_rows(3)).replace(b"referral_id,", b"referral_id,postcode,", 1)
    data = (
        data.replace(b"\r\nR", b"\r\nR")
        .replace(b"R0,", b"R0,B1 1AA,")
        .replace(b"R1,", b"R1,B1 1AA,")
        .replace(b"R2,", b"R2,B1 1AA,")
    )
    response = _upload(
        client, provider_a, area_a, period, data, capture=django_capture_on_commit_callbacks
    )
    html = fetch(client, response.url).content.decode()
    assert "postcode" in html.lower() and "Remove the column" in html
    assert not Return.objects.filter(current_version__isnull=False).exists()


def test_query_needs_explanation_then_stores_with_it(
    client, provider_a_user, provider_a, area_a, period, django_capture_on_commit_callbacks
):
    client.force_login(provider_a_user)
    rows = _rows(5) + _rows(15, ethnicity="Not known", start=5)  # 25% stated: a query
    response = _upload(
        client, provider_a, area_a, period, _csv(rows), capture=django_capture_on_commit_callbacks
    )
    submission = Submission.objects.get()
    assert submission.status == "needs_explanation"
    assert not Return.objects.filter(current_version__isnull=False).exists()
    refused = client.post(response.url, {"explanation": "short"})
    assert refused.status_code == 400
    done = client.post(
        response.url, {"explanation": "Our old case system did not ask for ethnicity until June."}
    )
    assert done.status_code == 302
    version = Return.objects.get().current_version
    assert (
        version.total_referrals == 20 and "case system" in version.explanation and version.queries
    )


def test_new_version_replaces_the_old_and_history_shows_the_change(
    client, provider_a_user, provider_a, area_a, period, django_capture_on_commit_callbacks
):
    client.force_login(provider_a_user)
    _upload(
        client,
        provider_a,
        area_a,
        period,
        _csv(_rows(40)),
        capture=django_capture_on_commit_callbacks,
    )
    _upload(
        client,
        provider_a,
        area_a,
        period,
        _csv(_rows(45)),
        capture=django_capture_on_commit_callbacks,
    )
    record = Return.objects.get()
    assert record.current_version.number == 2 and record.current_version.total_referrals == 45
    html = fetch(
        client, f"/returns/{provider_a.slug}/{area_a.slug}/{period.code}/"
    ).content.decode()
    assert "+5" in html and "Replaced" in html


def test_web_form_totals_must_add_up(client, provider_a_user, provider_a, area_a, period):
    from reference.models import CrimeType

    provider_a.crime_types.set(
        CrimeType.objects.filter(code__in=["DOMESTIC_ABUSE", "HONOUR_BASED_ABUSE"])
    )
    client.force_login(provider_a_user)
    url = f"/returns/{provider_a.slug}/{area_a.slug}/{period.code}/form/"
    fetch(client, url, title_contains="Enter a return")
    data = {
        "total": "12",
        "n__DOMESTIC_ABUSE__7__SUPPORTED_COMPLETED": "5",
        "n__HONOUR_BASED_ABUSE__1__DECLINED": "4",
    }
    response = client.post(url, data)
    assert response.status_code == 400
    assert "The grids add up to 9 but you said there were 12 referrals" in response.content.decode()
    assert not Return.objects.exists()
    data["total"] = "9"
    assert client.post(url, data).status_code == 302
    version = Return.objects.get().current_version
    assert version.total_referrals == 9 and version.channel == "web_form"
    from returns.models import CubeCell

    cells = {
        (c.crime_type.code, c.ethnicity.code, c.outcome.code, c.sex.code): c.count
        for c in CubeCell.objects.filter(version=version)
    }
    assert cells == {
        ("DOMESTIC_ABUSE", "7", "SUPPORTED_COMPLETED", "NR"): 5,
        ("HONOUR_BASED_ABUSE", "1", "DECLINED", "NR"): 4,
    }


def test_web_form_rejects_negative_and_text(client, provider_a_user, provider_a, area_a, period):
    client.force_login(provider_a_user)
    url = f"/returns/{provider_a.slug}/{area_a.slug}/{period.code}/form/"
    response = client.post(url, {"total": "3", "n__NR__7__OPEN": "-3"})
    assert response.status_code == 400 and "cannot be negative" in response.content.decode()
    response = client.post(url, {"total": "three"})
    assert "whole number" in response.content.decode()


def test_commissioner_sees_who_has_not_submitted(
    client, commissioner_a, provider_a, area_a, period
):
    from tests.factories import make_provider, make_return

    late = make_provider(name="Late Service", areas=[area_a])
    make_return(
        provider=provider_a, area=area_a, period=period, cells=[{"ethnicity": "13", "count": 10}]
    )
    client.force_login(commissioner_a)
    html = fetch(
        client, f"/returns/status/{area_a.slug}/", title_contains="who has submitted"
    ).content.decode()
    assert "Late Service" in html and "Not submitted" in html and "Submitted" in html
    assert late.name in html


def test_provider_list_page(client, provider_a_user, provider_a, area_a, period):
    client.force_login(provider_a_user)
    html = fetch(client, "/returns/", title_contains="Returns").content.decode()
    assert area_a.name in html and "Not submitted" in html


def test_data_standard_page_and_templates(client):
    html = fetch(client, "/returns/data-standard/", title_contains="data standard").content.decode()
    assert "referral_id" in html and "W1" in html
    assert client.get("/returns/data-standard/template.csv").status_code == 200
    assert client.get("/returns/data-standard/template.xlsx").status_code == 200
    assert client.get("/returns/data-standard/template.pdf").status_code == 404


def test_held_submission_cannot_overtake_a_later_accepted_one(
    client, provider_a_user, provider_a, area_a, period, django_capture_on_commit_callbacks
):
    client.force_login(provider_a_user)
    held = _upload(
        client,
        provider_a,
        area_a,
        period,
        _csv(_rows(2) + _rows(18, ethnicity="Not known", start=2)),
        capture=django_capture_on_commit_callbacks,
    )
    assert Submission.objects.get().status == "needs_explanation"
    _upload(
        client,
        provider_a,
        area_a,
        period,
        _csv(_rows(40)),
        capture=django_capture_on_commit_callbacks,
    )
    assert Return.objects.get().current_version.total_referrals == 40
    response = client.post(
        held.url, {"explanation": "Our partner did not record ethnicity this time."}
    )
    assert Return.objects.get().current_version.total_referrals == 40  # unchanged
    assert Submission.objects.get(pk=held.url.rstrip("/").split("/")[-1]).status == "overtaken"
    assert response.status_code == 400 and "later return" in response.content.decode()


def test_a_check_that_crashes_ends_as_failed(
    client,
    monkeypatch,
    provider_a_user,
    provider_a,
    area_a,
    period,
    django_capture_on_commit_callbacks,
):
    import returns.ingest.pipeline as pipeline

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(pipeline, "read_and_validate", broken)
    client.force_login(provider_a_user)
    response = _upload(
        client,
        provider_a,
        area_a,
        period,
        _csv(_rows(3)),
        capture=django_capture_on_commit_callbacks,
    )
    submission = Submission.objects.get()
    assert submission.status == "failed" and submission.is_finished
    assert "could not check" in fetch(client, response.url).content.decode()


def test_web_form_raises_the_same_queries_as_an_upload(
    client, provider_a_user, provider_a, area_a, period
):
    client.force_login(provider_a_user)
    url = f"/returns/{provider_a.slug}/{area_a.slug}/{period.code}/form/"
    data = {"total": "10", "n__NR__7__OPEN": "2", "n__NR__NK__OPEN": "8"}  # 20% stated
    response = client.post(url, data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Ethnicity is recorded for 2 of 10 referrals" in html and "raise a query" in html
    assert not Return.objects.exists()
    data["explanation"] = "A new partner refers without ethnicity; we are asking them to record it."
    assert client.post(url, data).status_code == 302
    version = Return.objects.get().current_version
    assert (
        version.queries[0]["code"] == "ethnicity_coverage_low" and "partner" in version.explanation
    )


def test_sweep_ends_lost_checks_and_deletes_their_files(
    settings, provider_a, provider_a_user, area_a, period
):
    import datetime
    from pathlib import Path

    from django.utils import timezone

    from returns.submissions import submission_start, submissions_sweep

    submission = submission_start(
        provider=provider_a,
        area=area_a,
        period=period,
        submitted_by=provider_a_user,
        channel="upload",
        data=_csv(_rows(3)),
        file_name="r.csv",
    )
    orphan = Path(settings.INCOMING_DIR) / "not-a-submission.upload"
    orphan.write_bytes(b"referral_id\\nR1\\n")
    # Not yet stale: the queued file stays, the orphan goes.
    assert submissions_sweep() == (0, 1)
    assert (Path(settings.INCOMING_DIR) / f"{submission.pk}.upload").exists()
    # An hour later the check is taken as lost.
    assert submissions_sweep(now=timezone.now() + datetime.timedelta(hours=1)) == (1, 0)
    submission.refresh_from_db()
    assert submission.status == "failed" and list(Path(settings.INCOMING_DIR).iterdir()) == []


@pytest.mark.parametrize(
    ("actor", "status"),
    [("provider_b", 404), ("commissioner_b", 404), ("commissioner_a", 200), ("assessor", 200)],
)
def test_a_submission_is_seen_only_in_scope(
    client,
    actor,
    status,
    provider_a,
    provider_a_user,
    provider_b_user,
    commissioner_a,
    commissioner_b,
    assessor,
    area_a,
    period,
):
    from returns.submissions import submission_start

    submission = submission_start(
        provider=provider_a,
        area=area_a,
        period=period,
        submitted_by=provider_a_user,
        channel="upload",
        data=_csv(_rows(3)),
        file_name="r.csv",
    )
    user = {
        "provider_b": provider_b_user,
        "commissioner_a": commissioner_a,
        "commissioner_b": commissioner_b,
        "assessor": assessor,
    }[actor]
    client.force_login(user)
    assert client.get(f"/returns/submissions/{submission.pk}/").status_code == status
    assert client.get(f"/returns/submissions/{submission.pk}/progress/").status_code == status
    # Only the provider may explain queries: others in scope are refused, and nothing changes.
    if status == 200:
        assert (
            client.post(
                f"/returns/submissions/{submission.pk}/", {"explanation": "x" * 20}
            ).status_code
            == 403
        )


def test_web_form_with_every_crime_type_is_accepted(
    client, provider_a_user, provider_a, area_a, period
):
    """A provider supporting every crime type sends thousands of boxes, blanks included."""
    from reference.models import CrimeType, EthnicGroup

    provider_a.crime_types.set(CrimeType.objects.all())
    client.force_login(provider_a_user)
    url = f"/returns/{provider_a.slug}/{area_a.slug}/{period.code}/form/"
    groups = EthnicGroup.objects.exclude(level="high_level").values_list("code", flat=True)
    data = {
        f"n__{crime}__{group}__{outcome}": ""
        for crime in CrimeType.objects.values_list("code", flat=True)
        for group in groups
        for outcome in (
            "SUPPORTED_COMPLETED",
            "SUPPORTED_DISENGAGED",
            "DECLINED",
            "NO_CONTACT",
            "OPEN",
            "NK",
        )
    }
    assert len(data) > 1000
    data.update({"total": "4", "n__DOMESTIC_ABUSE__13__OPEN": "4"})
    assert client.post(url, data).status_code == 302

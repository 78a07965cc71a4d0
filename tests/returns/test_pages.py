"""Returns pages: upload, check your answers, the commissioner's decisions, history, status."""

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


def _send(client, url, **data):
    return client.post(url, {"send": "1", **data})


def _return_url(provider, area, period, rest=""):
    return f"/returns/{provider.slug}/{area.slug}/{period.code}/{rest}"


def test_upload_is_checked_then_sent_from_check_your_answers(
    client, provider_a_user, provider_a, area_a, period, django_capture_on_commit_callbacks
):
    client.force_login(provider_a_user)
    response = _upload(
        client, provider_a, area_a, period, _csv(_rows(40)),
        capture=django_capture_on_commit_callbacks,
    )  # fmt: skip
    assert response.status_code == 302
    submission = Submission.objects.get()
    assert submission.status == "to_confirm", submission.summary
    assert not Return.objects.filter(current_version__isnull=False).exists()  # nothing yet
    html = fetch(client, response.url, title_contains="Check your answers").content.decode()
    assert "What changes" in html and "By ethnic group" in html and "Black" in html
    assert "It counts at once" in html
    assert _send(client, response.url).status_code == 302
    html = fetch(client, response.url, title_contains="Return sent").content.decode()
    assert "Version 1 sent" in html and "It counts now" in html
    record = Return.objects.get(provider=provider_a, area=area_a, period=period)
    assert record.current_version.total_referrals == 40
    assert record.current_version.file_sha256 == submission.file_sha256
    assert record.current_version.row_count == 40


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


def test_upload_with_errors_stores_nothing_and_lists_problems_for_a_day(
    client, provider_a_user, provider_a, area_a, period, django_capture_on_commit_callbacks
):
    import datetime

    from django.utils import timezone

    from returns.services import submissions_sweep

    client.force_login(provider_a_user)
    rows = _rows(20) + [["R5", "2026-05-01", "Blak Caribean", "F", "25-34", "NOT_DISABLED",
                         "STRAIGHT", "DOMESTIC_ABUSE", "SELF", "SUPPORTED_COMPLETED"]]  # fmt: skip
    response = _upload(
        client, provider_a, area_a, period, _csv(rows), capture=django_capture_on_commit_callbacks
    )
    submission = Submission.objects.get()
    assert submission.status == "rejected"
    html = fetch(client, response.url).content.decode()
    assert "Nothing has been stored" in html and "Blak Caribean" in html
    assert "Did you mean" in html
    assert not Return.objects.filter(current_version__isnull=False).exists()
    problems = client.get(f"/returns/submissions/{submission.pk}/problems.csv")
    assert problems.status_code == 200 and b"Blak Caribean" in problems.content
    # A day later the values are gone; the rows, columns and kinds stay.
    assert submissions_sweep(now=timezone.now() + datetime.timedelta(hours=25)).details_removed == 1
    html = fetch(client, response.url).content.decode()
    assert "Blak Caribean" not in html and "A referral ID appears more than once" in html
    problems = client.get(f"/returns/submissions/{submission.pk}/problems.csv").content
    assert b"Blak Caribean" not in problems and b"unknown_code" in problems


def test_identifying_column_refused_with_message(
    client, provider_a_user, provider_a, area_a, period, django_capture_on_commit_callbacks
):
    client.force_login(provider_a_user)
    data = _csv(_rows(3)).replace(b"referral_id,", b"referral_id,postcode,", 1)
    for i in range(3):
        data = data.replace(f"R{i},".encode(), f"R{i},B1 1AA,".encode())
    response = _upload(
        client, provider_a, area_a, period, data, capture=django_capture_on_commit_callbacks
    )
    html = fetch(client, response.url).content.decode()
    assert "postcode" in html.lower() and "Remove the column" in html
    assert "B1 1AA" not in html
    assert not Return.objects.filter(current_version__isnull=False).exists()


def test_a_query_needs_an_explanation_then_waits_for_the_commissioner(
    client, provider_a_user, commissioner_a, provider_a, area_a, period,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    client.force_login(provider_a_user)
    rows = _rows(5) + _rows(15, ethnicity="Not known", start=5)  # 25% stated: a query
    response = _upload(
        client, provider_a, area_a, period, _csv(rows), capture=django_capture_on_commit_callbacks
    )
    html = fetch(client, response.url).content.decode()
    assert "Ethnicity is recorded for 5 of 20 referrals" in html
    assert "wait for the commissioner" in html
    refused = _send(client, response.url, explanation="short")
    assert refused.status_code == 400 and "Explain each query" in refused.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        done = _send(
            client, response.url, explanation="Our old case system did not ask until June."
        )
    assert done.status_code == 302
    record = Return.objects.get()
    assert record.current_version is None
    version = record.versions.get()
    assert version.status == "awaiting" and "case system" in version.explanation
    # The commissioner reads it beside nothing, and accepts it.
    client.force_login(commissioner_a)
    page = fetch(client, _return_url(provider_a, area_a, period, "versions/1/")).content.decode()
    assert (
        "Waiting for acceptance" in page and "Our old case system" in page and "Accept it" in page
    )
    accept = _return_url(provider_a, area_a, period, "versions/1/accept/")
    fetch(client, accept, title_contains="Accept version 1")
    assert client.post(accept, {"reason": ""}).status_code == 302
    record.refresh_from_db()
    assert record.current_version == version


def test_a_new_version_replaces_the_old_and_history_shows_the_change(
    client, provider_a_user, provider_a, area_a, period, django_capture_on_commit_callbacks
):
    client.force_login(provider_a_user)
    for n in (40, 45):
        response = _upload(
            client,
            provider_a,
            area_a,
            period,
            _csv(_rows(n)),
            capture=django_capture_on_commit_callbacks,
        )
        _send(client, response.url)
    record = Return.objects.get()
    assert record.current_version.number == 2 and record.current_version.total_referrals == 45
    html = fetch(client, _return_url(provider_a, area_a, period)).content.decode()
    assert "+5" in html and "Replaced" in html and "Counts" in html


def test_the_commissioner_returns_a_version_and_restores_an_earlier_one(
    client, provider_a_user, commissioner_a, provider_a, area_a, period,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    from django.core import mail

    client.force_login(provider_a_user)
    for n in (40, 38):
        response = _upload(
            client,
            provider_a,
            area_a,
            period,
            _csv(_rows(n)),
            capture=django_capture_on_commit_callbacks,
        )
        _send(client, response.url)
    client.force_login(commissioner_a)
    send_back = _return_url(provider_a, area_a, period, "versions/2/return/")
    refused = client.post(send_back, {"reason": ""})
    assert refused.status_code == 400 and "Say why" in refused.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        assert (
            client.post(send_back, {"reason": "Two referrals from May are missing."}).status_code
            == 302
        )
    record = Return.objects.get()
    assert record.current_version.number == 1
    assert "Two referrals from May are missing" in mail.outbox[-1].body
    # The provider sees the reason.
    client.force_login(provider_a_user)
    html = fetch(client, _return_url(provider_a, area_a, period, "versions/2/")).content.decode()
    assert "Returned" in html and "Two referrals from May are missing" in html
    # A third version, then the commissioner makes version 1 count again.
    response = _upload(
        client,
        provider_a,
        area_a,
        period,
        _csv(_rows(41)),
        capture=django_capture_on_commit_callbacks,
    )
    _send(client, response.url)
    client.force_login(commissioner_a)
    restore = _return_url(provider_a, area_a, period, "versions/1/restore/")
    assert client.post(restore, {"reason": "Version 3 counts a team twice."}).status_code == 302
    record.refresh_from_db()
    assert record.current_version.number == 1


@pytest.mark.parametrize(
    ("actor", "status"),
    [("provider_a", 403), ("commissioner_b", 404), ("assessor", 403), ("commissioner_a", 200)],
)
def test_only_the_area_commissioner_decides(
    client, actors, actor, status, provider_a, area_a, period
):
    from tests.factories import make_return

    make_return(
        provider=provider_a, area=area_a, period=period, cells=[{"ethnicity": "13", "count": 4}]
    )
    client.force_login(actors[actor])
    url = _return_url(provider_a, area_a, period, "versions/1/return/")
    assert client.get(url).status_code == status
    assert client.post(url, {"reason": "Not the right figures at all."}).status_code in (
        status,
        302,
    )
    assert Return.objects.get().current_version is not None or actor == "commissioner_a"


def test_web_form_task_list_pages_and_drafts(client, provider_a_user, provider_a, area_a, period):
    from reference.models import CrimeType
    from returns.models import CubeCell, WebFormDraft

    provider_a.crime_types.set(
        CrimeType.objects.filter(code__in=["DOMESTIC_ABUSE", "HONOUR_BASED_ABUSE"])
    )
    client.force_login(provider_a_user)
    start = _return_url(provider_a, area_a, period, "form/")
    response = client.get(start)
    assert response.status_code == 302 and response.url.endswith("form/crime-types/")
    choose = fetch(client, response.url, title_contains="Crime types").content.decode()
    assert "Domestic abuse" in choose and "Honour-based abuse" in choose
    assert client.post(response.url, {}).status_code == 400
    assert (
        client.post(
            response.url, {"crime_types": ["DOMESTIC_ABUSE", "HONOUR_BASED_ABUSE"]}
        ).status_code
        == 302
    )
    tasks = fetch(client, start, title_contains="Enter a return").content.decode()
    assert "Not started" in tasks and "Cannot start yet" in tasks
    page = _return_url(provider_a, area_a, period, "form/DOMESTIC_ABUSE/")
    html = fetch(client, page, title_contains="Domestic abuse").content.decode()
    assert html.count('class="govuk-input reach-grid-input') < 300
    # Outcomes may not add up to more than the referrals: checked without JavaScript.
    bad = client.post(page, {"g7__referrals": "3", "g7__SUPPORTED_COMPLETED": "4"})
    assert (
        bad.status_code == 400
        and "the outcomes add up to 4, more than the 3 referrals" in bad.content.decode()
    )
    assert (
        client.post(
            page, {"g7__referrals": "5", "g7__SUPPORTED_COMPLETED": "2", "g13__referrals": "4"}
        ).status_code
        == 302
    )
    # The next visit finds the page as it was saved.
    again = fetch(client, page).content.decode()
    assert (
        'name="g7__referrals" type="text" inputmode="numeric" pattern="[0-9]*" value="5"' in again
    )
    assert "Completed" in fetch(client, start).content.decode()
    other = _return_url(provider_a, area_a, period, "form/HONOUR_BASED_ABUSE/")
    client.post(other, {"g1__referrals": "2", "g1__DECLINED": "2"})
    check = client.post(_return_url(provider_a, area_a, period, "form/check/"))
    assert check.status_code == 302
    submission = Submission.objects.get()
    assert submission.status == "to_confirm" and submission.channel == "web_form"
    assert WebFormDraft.objects.exists()  # kept until sent
    html = fetch(client, check.url, title_contains="Check your answers").content.decode()
    assert "Domestic abuse" in html and "Honour-based abuse and forced marriage" in html
    assert _send(client, check.url).status_code == 302
    version = Return.objects.get().current_version
    assert version.total_referrals == 11 and version.channel == "web_form"
    assert not WebFormDraft.objects.exists()
    cells = {
        (c.crime_type.code, c.ethnicity.code, c.outcome.code, c.sex.code): c.count
        for c in CubeCell.objects.filter(version=version)
    }
    assert cells == {
        ("DOMESTIC_ABUSE", "7", "SUPPORTED_COMPLETED", "NR"): 2,
        ("DOMESTIC_ABUSE", "7", "NK", "NR"): 3,
        ("DOMESTIC_ABUSE", "13", "NK", "NR"): 4,
        ("HONOUR_BASED_ABUSE", "1", "DECLINED", "NR"): 2,
    }


def test_web_form_is_prefilled_from_the_version_that_counts(
    client, provider_a_user, provider_a, area_a, period
):
    from tests.factories import make_return

    make_return(provider=provider_a, area=area_a, period=period, cells=[
        {"ethnicity": "7", "crime_type": "DOMESTIC_ABUSE", "outcome": "OPEN", "count": 6},
        {"ethnicity": "7", "crime_type": "DOMESTIC_ABUSE", "outcome": "REFERRED_ON", "count": 1},
    ])  # fmt: skip
    client.force_login(provider_a_user)
    tasks = fetch(client, _return_url(provider_a, area_a, period, "form/")).content.decode()
    assert "start from version 1" in tasks and "Check it" in tasks
    page = fetch(
        client, _return_url(provider_a, area_a, period, "form/DOMESTIC_ABUSE/")
    ).content.decode()
    assert 'name="g7__referrals" type="text" inputmode="numeric" pattern="[0-9]*" value="7"' in page
    assert 'name="g7__OPEN" type="text" inputmode="numeric" pattern="[0-9]*" value="6"' in page


def test_web_form_rejects_negative_and_text(client, provider_a_user, provider_a, area_a, period):
    client.force_login(provider_a_user)
    client.post(
        _return_url(provider_a, area_a, period, "form/crime-types/"), {"not_recorded": "on"}
    )
    page = _return_url(provider_a, area_a, period, "form/NR/")
    response = client.post(page, {"g7__referrals": "-3"})
    assert response.status_code == 400 and "cannot be negative" in response.content.decode()
    response = client.post(page, {"g7__referrals": "three"})
    assert "whole number" in response.content.decode()


def test_web_form_raises_the_same_queries_as_an_upload(
    client, provider_a_user, provider_a, area_a, period
):
    client.force_login(provider_a_user)
    client.post(
        _return_url(provider_a, area_a, period, "form/crime-types/"), {"not_recorded": "on"}
    )
    client.post(
        _return_url(provider_a, area_a, period, "form/NR/"),
        {"g7__referrals": "2", "g7__OPEN": "2", "gNK__referrals": "8", "gNK__OPEN": "8"},
    )
    check = client.post(_return_url(provider_a, area_a, period, "form/check/"))
    html = fetch(client, check.url).content.decode()
    assert "Ethnicity is recorded for 2 of 10 referrals (20%); Reach expects at least 90%" in html
    assert _send(client, check.url).status_code == 400
    _send(
        client, check.url, explanation="A new partner refers without ethnicity; we asked them to."
    )
    version = Return.objects.get().versions.get()
    assert (
        version.queries[0]["code"] == "ethnicity_coverage_low" and "partner" in version.explanation
    )
    assert version.status == "awaiting"


def test_a_held_upload_explained_after_a_web_form_return_is_history(
    client, provider_a_user, provider_a, area_a, period, django_capture_on_commit_callbacks
):
    """The probe: an upload held for its query, then a web-form return made and sent, then
    the upload explained. The web form's return stays the one that counts."""
    client.force_login(provider_a_user)
    held = _upload(client, provider_a, area_a, period, _csv(_rows(2) + _rows(18, ethnicity="Not known", start=2)),
                   capture=django_capture_on_commit_callbacks)  # fmt: skip
    client.post(
        _return_url(provider_a, area_a, period, "form/crime-types/"), {"not_recorded": "on"}
    )
    client.post(
        _return_url(provider_a, area_a, period, "form/NR/"),
        {"g7__referrals": "40", "g7__OPEN": "40"},
    )
    check = client.post(_return_url(provider_a, area_a, period, "form/check/"))
    _send(client, check.url)
    assert Return.objects.get().current_version.total_referrals == 40
    page = fetch(client, held.url).content.decode()
    assert "kept as history and does not count" in page
    _send(client, held.url, explanation="Our partner did not record ethnicity this time.")
    record = Return.objects.get()
    assert (
        record.current_version.total_referrals == 40
        and record.current_version.channel == "web_form"
    )
    assert record.versions.get(total_referrals=20).status == "overtaken"


def test_commissioner_sees_who_owes_and_what_waits(
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
    assert late.name in html and "Overdue" in html and "Counts" in html
    assert "Returns in West Midlands" in html and "Late" in html


def test_provider_list_page_shows_what_is_due(client, provider_a_user, provider_a, area_a, period):
    client.force_login(provider_a_user)
    html = fetch(client, "/returns/", title_contains="Returns").content.decode()
    assert area_a.name in html and "Overdue returns" in html and "was due 31 October 2026" in html


def test_data_standard_page_lists_the_variants_accepted(client):
    html = fetch(client, "/returns/data-standard/", title_contains="data standard").content.decode()
    assert "referral_id" in html and "W1" in html and "Client Ref" in html
    assert "Asian or Asian British - Indian" in html and "Hate crime" in html
    assert client.get("/returns/data-standard/template.csv").status_code == 200
    assert client.get("/returns/data-standard/template.xlsx").status_code == 200
    assert client.get("/returns/data-standard/template.pdf").status_code == 404


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


@pytest.mark.parametrize(
    ("actor", "status"),
    [("provider_b", 404), ("commissioner_b", 404), ("commissioner_a", 200), ("assessor", 200)],
)
def test_a_submission_is_seen_only_in_scope_and_sent_only_by_the_provider(
    client, actor, status, provider_a, provider_a_user, provider_b_user, commissioner_a,
    commissioner_b, assessor, area_a, period, django_capture_on_commit_callbacks,
):  # fmt: skip
    response = None
    client.force_login(provider_a_user)
    response = _upload(
        client,
        provider_a,
        area_a,
        period,
        _csv(_rows(3)),
        capture=django_capture_on_commit_callbacks,
    )
    user = {"provider_b": provider_b_user, "commissioner_a": commissioner_a,
            "commissioner_b": commissioner_b, "assessor": assessor}[actor]  # fmt: skip
    client.force_login(user)
    assert client.get(response.url).status_code == status
    assert client.get(response.url + "progress/").status_code == status
    if status == 200:
        assert _send(client, response.url).status_code == 403
    assert not Return.objects.filter(current_version__isnull=False).exists()


def test_deadlines_page_for_the_assessor(client, assessor, period):
    client.force_login(assessor)
    html = fetch(
        client, "/returns/deadlines/", title_contains="When returns are due"
    ).content.decode()
    assert "31 October 2026" in html
    url = f"/returns/deadlines/{period.code}/"
    fetch(client, url, title_contains="Change when returns are due")
    bad = client.post(url, {"due_on": "31/13/2026", "reason": "x"})
    assert bad.status_code == 400 and "day/month/year" in bad.content.decode()
    assert (
        client.post(url, {"due_on": "14/11/2026", "reason": "An outage in October."}).status_code
        == 302
    )
    period.refresh_from_db()
    assert period.due_date.isoformat() == "2026-11-14"


def test_the_home_page_says_what_returns_need_doing(
    client, provider_a_user, commissioner_a, assessor, provider_a, area_a, period
):
    from tests.returns.test_services import cube, send

    client.force_login(provider_a_user)
    html = fetch(client, "/", title_contains="Home").content.decode()
    assert "Overdue returns" in html and "was due 31 October 2026" in html
    send(provider_a, area_a, period, cube(40), by=provider_a_user)
    html = fetch(client, "/").content.decode()
    assert "Every return you owe is in" in html and "due by 30 April 2027" in html
    send(
        provider_a,
        area_a,
        period,
        cube(8),
        by=provider_a_user,
        explanation="Only one team's export.",
    )
    client.force_login(commissioner_a)
    html = fetch(client, "/").content.decode()
    assert "Waiting for your acceptance" in html and "version 2" in html
    client.force_login(assessor)
    assert "Waiting for your acceptance" not in fetch(client, "/").content.decode()


def test_a_check_whose_worker_died_tells_the_provider_to_send_the_file_again(
    client, provider_a, provider_a_user, area_a, period
):
    from returns.services import submission_start
    from returns.tasks import CHECK_LOST, _check_lost

    submission = submission_start(
        provider=provider_a, area=area_a, period=period, submitted_by=provider_a_user,
        channel="upload", data=_csv(_rows(3)), file_name="r.csv",
    )  # fmt: skip
    Submission.objects.filter(pk=submission.pk).update(status="processing")
    _check_lost([str(submission.pk)], {}, False)  # lost twice: failed
    client.force_login(provider_a_user)
    html = fetch(client, f"/returns/submissions/{submission.pk}/").content.decode()
    assert f'<p class="govuk-body">{CHECK_LOST}</p>' in html

"""Rejected files keep nothing personal; files in flight are owner-only and never outlive
their check, even when the process checking them dies."""

import datetime
import gzip
import os
import stat
from pathlib import Path

import pytest
from django.db import connection
from django.utils import timezone

from core.workers import is_alive, this_worker
from returns.ingest.personal import WITHHELD, looks_personal
from returns.models import Submission
from returns.services import submission_start, submissions_sweep

pytestmark = pytest.mark.django_db

HEADER = "referral_id,referral_date,ethnicity,sex,crime_type,outcome\r\n"


@pytest.fixture
def lookups(db):
    from returns.ingest.codes import load_lookups

    return load_lookups()


def _every_stored_text() -> str:
    """Everything in every table, as text: compressed problem lists opened."""
    chunks = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            for row in cursor.fetchall():
                for value in row:
                    if isinstance(value, memoryview | bytes):
                        raw = bytes(value)
                        try:
                            raw = gzip.decompress(raw)
                        except OSError:
                            pass
                        chunks.append(raw.decode("utf-8", errors="ignore"))
                    elif value is not None:
                        chunks.append(str(value))
    return "\n".join(chunks)


def test_a_rejected_file_with_a_name_and_a_postcode_leaves_neither_anywhere(
    client,
    provider_a_user,
    provider_a,
    area_a,
    period,
    settings,
    django_capture_on_commit_callbacks,
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    data = HEADER + "".join(f"R{i},2026-05-0{i},7,F,DOMESTIC_ABUSE,OPEN\r\n" for i in range(1, 6))
    data += "R6,2026-05-06,Jane Doe 12 High St,F,SW1A 1AA,OPEN\r\n"
    data += "R7,2026-05-07,Jane Doe,F,DOMESTIC_ABUSE,jane.doe@example.com\r\n"
    client.force_login(provider_a_user)
    url = f"/returns/{provider_a.slug}/{area_a.slug}/{period.code}/upload/"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"file": SimpleUploadedFile("r.csv", data.encode())})
    submission = Submission.objects.get()
    assert submission.status == "rejected" and submission.error_count == 4
    stored = _every_stored_text()
    for personal in ("Jane Doe", "jane", "SW1A 1AA", "SW1A", "High St", "example.com"):
        assert personal.lower() not in stored.lower(), personal
    page = client.get(response.url).content.decode()
    assert "Jane" not in page and "SW1A" not in page and WITHHELD in page
    assert ">7<" in page and ">ethnicity<" in page
    assert list(Path(settings.INCOMING_DIR).iterdir()) == []


@pytest.mark.parametrize(
    "value",
    ["Jane Doe", "SW1A 1AA", "sw1a1aa", "jane.doe@example.com", "07700 900123", "+44 7700 900123",
     "12 High Street", "4857773456", "1985-03-12", "12/03/1985", "12 March 1985",
     "Mary-Ann O'Brien", "Ian McDonald", "Anne-Marie Smith-Jones"],
)  # fmt: skip
def test_values_that_look_personal_are_withheld(value):
    assert looks_personal(value)
    assert looks_personal(value, vocabulary=frozenset({"black", "caribbean"}))


@pytest.mark.parametrize(
    "value", ["Blak Caribean", "Caribean", "W1", "65+", "Not known", "Hate crime"]
)
def test_labels_and_their_typos_are_shown(value, lookups):
    words = lookups.lists["ethnicity"].vocabulary | lookups.lists["crime_type"].vocabulary
    words |= lookups.lists["age_band"].vocabulary
    assert not looks_personal(value, vocabulary=words)


def test_a_label_on_many_rows_is_a_label_not_a_person(lookups):
    words = lookups.lists["ethnicity"].vocabulary
    assert looks_personal("Dual Heritage Plus", vocabulary=words, rows=1)
    assert not looks_personal("Dual Heritage Plus", vocabulary=words, rows=40)
    assert looks_personal("SW1A 1AA", vocabulary=words, rows=40)  # a pattern, however often


def test_a_file_in_flight_is_owner_only(settings, provider_a, provider_a_user, area_a, period):
    submission = submission_start(
        provider=provider_a, area=area_a, period=period, submitted_by=provider_a_user,
        channel="upload", data=b"referral_id\nR1\n", file_name="r.csv",
    )  # fmt: skip
    path = Path(settings.INCOMING_DIR) / f"{submission.pk}.upload"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700


def test_the_sweep_ends_a_check_whose_process_died_at_once(
    settings, provider_a, provider_a_user, area_a, period
):
    submission = submission_start(
        provider=provider_a, area=area_a, period=period, submitted_by=provider_a_user,
        channel="upload", data=b"referral_id\nR1\n", file_name="r.csv",
    )  # fmt: skip
    path = Path(settings.INCOMING_DIR) / f"{submission.pk}.upload"
    # This process holds it: not lost.
    assert submissions_sweep().ended == 0 and path.exists()
    # A process that has gone (a pid no process has) was checking it.
    host = this_worker().split(":")[0]
    Submission.objects.filter(pk=submission.pk).update(
        status="processing", worker=f"{host}:{2**22 + 7}:1"
    )
    report = submissions_sweep()
    submission.refresh_from_db()
    assert report.ended == 1 and submission.status == "failed" and not path.exists()
    assert "interrupted" in submission.stage


def test_the_sweep_ends_a_check_lost_elsewhere_after_half_an_hour(
    settings, provider_a, provider_a_user, area_a, period
):
    submission = submission_start(
        provider=provider_a, area=area_a, period=period, submitted_by=provider_a_user,
        channel="upload", data=b"referral_id\nR1\n", file_name="r.csv",
    )  # fmt: skip
    Submission.objects.filter(pk=submission.pk).update(status="processing", worker="other-host:1:1")
    assert submissions_sweep().ended == 0
    later = submissions_sweep(now=timezone.now() + datetime.timedelta(minutes=31))
    assert later.ended == 1


def test_the_sweep_deletes_files_no_check_will_read(settings, db):
    directory = Path(settings.INCOMING_DIR)
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "not-a-submission.upload").write_bytes(b"referral_id\nR1\n")
    assert submissions_sweep().files_deleted == 1 and list(directory.iterdir()) == []


def test_a_process_is_alive_only_while_it_runs():
    assert is_alive(this_worker()) is True
    host, pid, started = this_worker().split(":")
    assert is_alive(f"{host}:{pid}:{int(started or 0) + 1}") is False  # the pid reused later
    assert is_alive("elsewhere:1:1") is None
    assert os.getpid() == int(pid)

"""The stale-overwrite probe, as it happens: a file slow to check (an XLSX with many blank
rows), then 2 seconds later a quick correction, both checked at the same time by the
background workers. Confirmed as each finishes, the correction stays the one that counts."""

import io
import time

import pytest
import xlsxwriter
from django.db import OperationalError

from returns.models import Return, Submission
from returns.services import return_submit, submission_start

BLANK_ROWS = 60_000  # enough for the check to take seconds on a shared runner
HEADER = ["referral_id", "referral_date", "ethnicity", "sex", "crime_type", "outcome"]


def slow_xlsx(rows: int) -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "constant_memory": True})
    sheet = book.add_worksheet()
    blank = book.add_format({"bold": True})
    sheet.write_row(0, 0, HEADER)
    for r in range(1, rows + 1):
        sheet.write_row(r, 0, [f"S{r}", "2026-05-01", "13", "F", "DOMESTIC_ABUSE", "OPEN"])
    for r in range(rows + 1, rows + 1 + BLANK_ROWS):
        sheet.write_blank(r, 0, None, blank)  # a formatted empty cell: a row to read past
    book.close()
    return buffer.getvalue()


def quick_csv(rows: int) -> bytes:
    lines = [",".join(HEADER)] + [
        f"Q{r},2026-05-02,7,F,DOMESTIC_ABUSE,OPEN" for r in range(1, rows + 1)
    ]
    return ("\r\n".join(lines) + "\r\n").encode()


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_a_slow_file_checked_after_a_quick_correction_never_replaces_it(
    settings, provider_a, provider_a_user, area_a, period
):
    settings.TASKS = {
        "default": {"BACKEND": "core.tasks_backend.ThreadBackend", "OPTIONS": {"WORKERS": 2}}
    }
    common = dict(provider=provider_a, area=area_a, period=period, submitted_by=provider_a_user,
                  channel="upload")  # fmt: skip
    slow = submission_start(**common, data=slow_xlsx(1800), file_name="slow.xlsx")
    time.sleep(2)
    quick = submission_start(**common, data=quick_csv(1700), file_name="correction.csv")
    finished, waiting = [], [slow, quick]
    deadline = time.monotonic() + 120
    while waiting and time.monotonic() < deadline:  # confirm each as soon as it is checked
        for submission in list(waiting):
            try:
                submission.refresh_from_db()
            except OperationalError:  # SQLite's shared in-memory test database, busy
                continue
            if submission.is_finished:
                assert submission.status == Submission.Status.TO_CONFIRM, submission.summary
                return_submit(submission=submission, by=provider_a_user)
                finished.append(submission.file_name)
                waiting.remove(submission)
        time.sleep(0.05)
    assert not waiting, [(s.file_name, s.status, s.stage) for s in waiting]
    timings = {s.file_name: (s.created_at, s.finished_at) for s in Submission.objects.all()}
    assert finished == ["correction.csv", "slow.xlsx"], timings  # the slow one finished last
    record = Return.objects.get()
    assert record.current_version.file_name == "correction.csv"
    assert record.current_version.total_referrals == 1700
    assert record.versions.get(file_name="slow.xlsx").status == "overtaken"

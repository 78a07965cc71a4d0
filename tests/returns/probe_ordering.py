"""The stale-overwrite probe, run as its own process on a database of its own, migrated
and with the reference data (tests/processes.py): background checks by real workers (`manage.py run_worker`, two of them, so both files are
checked at once) must see committed rows, which a test inside a transaction cannot give
them. tests/returns/test_ordering.py runs this and reads its
last line (JSON).

A file slow to check (an XLSX with many blank rows), then 2 seconds later a quick
correction; each confirmed as soon as its check has finished, as a provider (or an API
client) would.
"""

import io
import json
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BLANK_ROWS = 150_000  # with the 40,000 rows below, seconds longer to check than the correction
HEADER = ["referral_id", "referral_date", "ethnicity", "sex", "crime_type", "outcome"]


def slow_xlsx(rows: int) -> bytes:
    import xlsxwriter

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


def main() -> None:
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from accounts.models import Membership, User
    from organisations.models import Provider
    from reference.models import Area

    area = Area.objects.get(code="E23000014")
    provider = Provider.objects.create(name="Probe service", slug="probe-service")
    provider.areas.add(area)
    user = User.objects.create_user(username="probe@example.org", email="probe@example.org")
    Membership.objects.create(user=user, role="provider", provider=provider)
    workers = [
        subprocess.Popen(
            [sys.executable, "manage.py", "run_worker", "--interval", "0.1", "--verbosity", "0"],
            cwd=ROOT,
        )
        for _ in range(2)
    ]
    try:
        _probe(provider, area, user)
    finally:
        for worker in workers:
            worker.kill()
            worker.wait()


def _probe(provider, area, user) -> None:
    from returns.models import Return, Submission
    from returns.periods import period_ensure
    from returns.services import return_submit, submission_start

    common = dict(provider=provider, area=area, period=period_ensure(2026, "H1"),
                  submitted_by=user, channel="upload")  # fmt: skip
    slow = submission_start(**common, data=slow_xlsx(40_000), file_name="slow.xlsx")
    time.sleep(2)
    quick = submission_start(**common, data=quick_csv(30_000), file_name="correction.csv")
    finished, waiting = [], [slow, quick]
    deadline = time.monotonic() + 240
    while waiting and time.monotonic() < deadline:
        for submission in list(waiting):
            submission.refresh_from_db()
            if submission.is_finished:
                if submission.status == Submission.Status.TO_CONFIRM:
                    return_submit(submission=submission, by=user)  # as soon as it is ready
                finished.append([submission.file_name, submission.status])
                waiting.remove(submission)
        time.sleep(0.05)
    record = Return.objects.get()
    print(
        json.dumps(
            {
                "finished": finished,
                "waiting": [s.file_name for s in waiting],
                "current": record.current_version.file_name if record.current_version else None,
                "versions": {v.file_name: v.status for v in record.versions.all()},
            }
        )
    )


if __name__ == "__main__":
    main()

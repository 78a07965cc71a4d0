"""`manage.py prune_audit`: records past the retention period are deleted a batch at a
time, younger ones stay (the database refuses them anyway), and the run is recorded."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core import audit as audit_module
from core.audit import audit, day_words, retention_cutoff
from core.models import AuditEvent

pytestmark = pytest.mark.django_db


def _dated(at, verb="ancient"):
    """A record dated `at`, inserted as it was then (an UPDATE of `at` is refused)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO core_auditevent (at, actor_label, verb, target, target_type, target_id,"
            " summary, result, channel, user_agent, request) VALUES"
            " (%s, '', %s, 'x', '', '', '', 'success', 'system', '', '')",
            [at, verb],
        )


def _run(*args):
    out = StringIO()
    call_command("prune_audit", *args, stdout=out)
    return out.getvalue()


def test_old_records_go_and_young_ones_stay(assessor):
    cutoff = retention_cutoff(timezone.now())
    _dated(cutoff - datetime.timedelta(days=400))
    _dated(cutoff - datetime.timedelta(minutes=1))
    _dated(cutoff + datetime.timedelta(days=1), verb="young")
    recent = audit(by=assessor, verb="sign_in", target=assessor)
    out = _run()
    assert "Deleted 2 audit records" in out
    assert not AuditEvent.objects.filter(verb="ancient").exists()
    assert AuditEvent.objects.filter(verb="young").count() == 1
    assert AuditEvent.objects.filter(pk=recent.pk).exists()
    # The database still refuses a young record's deletion, whatever asks.
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_auditevent WHERE verb = 'young'")
    assert AuditEvent.objects.filter(verb="young").count() == 1


def test_a_dry_run_says_how_many_and_their_dates_and_deletes_nothing():
    cutoff = retention_cutoff(timezone.now())
    oldest = cutoff - datetime.timedelta(days=1000)
    newest = cutoff - datetime.timedelta(days=3)
    for at in (oldest, newest, cutoff - datetime.timedelta(days=10)):
        _dated(at)
    before = AuditEvent.objects.count()
    out = _run("--dry-run")
    assert f"Would delete 3 audit records older than {day_words(cutoff)}" in out
    assert f"dated {day_words(oldest)} to {day_words(newest)}" in out
    assert AuditEvent.objects.count() == before
    assert not AuditEvent.objects.filter(verb="audit_prune").exists()


def test_a_dry_run_with_nothing_old_says_so():
    assert "No audit records are older than" in _run("--dry-run")


def test_the_run_leaves_its_own_record():
    cutoff = retention_cutoff(timezone.now())
    for days in (5, 50, 500):
        _dated(cutoff - datetime.timedelta(days=days))
    _run()
    record = AuditEvent.objects.get(verb="audit_prune")
    assert record.actor is None and record.channel == AuditEvent.Channel.SYSTEM
    assert record.summary.startswith(f"3 records older than {day_words(cutoff)} deleted")
    assert record.result == "success"


def test_batches_are_honoured(monkeypatch):
    monkeypatch.setattr(audit_module, "PRUNE_BATCH", 2)
    cutoff = retention_cutoff(timezone.now())
    for days in range(1, 6):
        _dated(cutoff - datetime.timedelta(days=days))
    with CaptureQueriesContext(connection) as queries:
        done = audit_module.audit_prune()
    deletes = [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith("DELETE")]
    assert done.count == 5 and done.batches == 3
    assert len(deletes) == 3
    # Each batch's delete names at most PRUNE_BATCH records.
    assert all(sql.count(",") <= 1 for sql in deletes)
    assert not AuditEvent.objects.filter(verb="ancient").exists()


def test_a_second_run_finds_nothing_and_still_records_it():
    _dated(retention_cutoff(timezone.now()) - datetime.timedelta(days=1))
    assert "Deleted 1 audit record " in _run()
    assert "Deleted 0 audit records" in _run()
    summaries = list(
        AuditEvent.objects.filter(verb="audit_prune")
        .order_by("pk")
        .values_list("summary", flat=True)
    )
    assert [s.split(" ")[0] for s in summaries] == ["1", "0"]


@pytest.mark.parametrize(
    ("now", "cutoff"),
    [
        (
            datetime.datetime(2026, 12, 1, 19, 30, tzinfo=datetime.UTC),
            datetime.datetime(2019, 12, 1),
        ),
        (datetime.datetime(2028, 2, 29, 8, 0, tzinfo=datetime.UTC), datetime.datetime(2021, 2, 28)),
    ],
)
def test_the_cutoff_is_midnight_seven_years_back(now, cutoff):
    assert retention_cutoff(now) == cutoff.replace(tzinfo=datetime.UTC)


def test_a_day_is_written_as_people_read_it():
    assert day_words(datetime.datetime(2019, 12, 1, tzinfo=datetime.UTC)) == "1 December 2019"

"""Two runs of `manage.py prune_audit` at once take different records and neither fails.

Not inside a test transaction: each thread has a connection of its own, as two runs
would, and the old records they share are written for real and deleted afterwards."""

import datetime
import threading

import pytest
from django.db import connection, transaction
from django.utils import timezone

from core import audit as audit_module
from core.audit import retention_cutoff
from core.models import AuditEvent
from tests.core.test_prune_audit import _dated
from tests.threads import at_once, postgresql_only


class _Undo(Exception):
    pass


@pytest.fixture
def committed_old_records(django_db_setup, django_db_blocker):
    """Old records written for real (not inside the test's transaction), so that two
    threads, each with a connection of its own, both see them; deleted afterwards (old
    records may be). PostgreSQL only: the SQLite test database is in memory, where a
    second writer is refused at once rather than queued."""
    postgresql_only()
    with django_db_blocker.unblock():
        cutoff = retention_cutoff(timezone.now())
        for days in range(1, 11):
            _dated(cutoff - datetime.timedelta(days=days), verb="ancient-shared")
        yield 10
        AuditEvent.objects.filter(verb="ancient-shared").delete()
        connection.close()


def test_two_runs_at_once_take_different_records(committed_old_records, monkeypatch):
    """Each run holds what it deleted until both have finished (then undoes it, so the
    test leaves no young record of its own). The second takes only records the first
    has not locked: neither waits for the other nor fails, and together they deleted
    each record once. A run that waited for the other's locks would never reach the
    meeting point, and the test would fail."""
    monkeypatch.setattr(audit_module, "PRUNE_BATCH", 3)
    both_done = threading.Barrier(2)
    counts = []

    def run():
        try:
            with transaction.atomic():
                counts.append(audit_module.audit_prune().count)
                both_done.wait(timeout=20)
                raise _Undo
        except _Undo:
            pass

    failed = at_once(run)
    assert not failed, failed
    assert sum(counts) == committed_old_records
    assert AuditEvent.objects.filter(verb="ancient-shared").count() == committed_old_records


@pytest.mark.django_db
def test_a_run_with_nothing_to_delete_deletes_nothing():
    """(Also makes the test database be set up when this module runs on its own.)"""
    assert audit_module.audit_prune().count == 0

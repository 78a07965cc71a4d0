"""Benchmark: `manage.py prune_audit` on a large audit trail, and the public rate's count.

`make bench-prune-audit` runs this. For each database it sets up a fresh one (migrate
only), writes OLD records past the retention period and YOUNG ones within it (50,000 in
300,000 by default), then times
the prune: the whole run and its longest batch (a transaction, and so the longest any
lock is held), then a dry run. It also times the public rate's count of one request
(`PublicRate.allow_request`, one statement), median of ROUNDS. The last line reads

    prune-audit: sqlite N deleted in X s, longest batch Y ms, count Z ms; postgresql ...
"""

import contextlib
import datetime
import json
import os
import statistics
import sys
import time
from pathlib import Path

from bench_databases import BenchDatabases

ROOT = Path(__file__).resolve().parent.parent
DATABASES = BenchDatabases.named("prune_audit")
# A month's records past their time in a trail of many more, as a monthly run finds them.
OLD = int(os.environ.get("BENCH_OLD", "50000"))
YOUNG = int(os.environ.get("BENCH_YOUNG", "250000"))
ROUNDS = 1_000


def run_one() -> dict:
    import django

    django.setup()
    from django.contrib.auth.models import AnonymousUser
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.test import RequestFactory
    from django.utils import timezone

    from core import audit
    from core.models import AuditEvent
    from publication import limits

    call_command("migrate", interactive=False, verbosity=0)
    cutoff = audit.retention_cutoff(timezone.now())
    rows = [
        AuditEvent(at=cutoff - datetime.timedelta(minutes=i + 1), verb="old", target="x")
        for i in range(OLD)
    ] + [
        AuditEvent(at=cutoff + datetime.timedelta(minutes=i + 1), verb="young", target="x")
        for i in range(YOUNG)
    ]
    AuditEvent.objects.bulk_create(rows, batch_size=5_000)
    with connection.cursor() as cursor:  # as a live table's statistics would be
        cursor.execute(
            "ANALYZE core_auditevent" if connection.vendor == "postgresql" else "ANALYZE"
        )

    batches = []
    atomic = transaction.atomic

    @contextlib.contextmanager
    def timed_atomic(*args, **kwargs):
        started = time.perf_counter()
        with atomic(*args, **kwargs):
            yield
        batches.append(time.perf_counter() - started)

    started = time.perf_counter()
    dry = audit.audit_prune(dry_run=True)
    dry_seconds = time.perf_counter() - started
    assert dry.count == OLD
    audit.transaction.atomic = timed_atomic
    started = time.perf_counter()
    done = audit.audit_prune()
    seconds = time.perf_counter() - started
    audit.transaction.atomic = atomic
    assert done.count == OLD and AuditEvent.objects.filter(verb="young").count() == YOUNG

    limits.PUBLIC_RATE = f"{ROUNDS * 2}/hour"
    request = RequestFactory().get("/api/v1/published/", REMOTE_ADDR="192.0.2.1")
    request.user = AnonymousUser()
    counts = []
    for _ in range(ROUNDS):
        started = time.perf_counter()
        assert limits.PublicRate().allow_request(request, None)
        counts.append(time.perf_counter() - started)
    return {
        "deleted": done.count,
        "batches": done.batches,
        "seconds": seconds,
        "longest_batch_ms": max(batches) * 1000,
        "dry_run_ms": dry_seconds * 1000,
        "count_ms": statistics.median(counts) * 1000,
    }


def main() -> None:
    sys.path.insert(0, str(ROOT))
    if "--child" in sys.argv:
        print(json.dumps(run_one()))
        return
    summary = []
    for database, r in DATABASES.results(__file__).items():
        print(
            f"{database}: {r['deleted']:,} deleted in {r['batches']} batches, {r['seconds']:.1f} s;"
            f" longest batch {r['longest_batch_ms']:.0f} ms; dry run {r['dry_run_ms']:.0f} ms;"
            f" one rate count {r['count_ms']:.2f} ms (median of {ROUNDS})"
        )
        summary.append(
            f"{database} {r['deleted']:,} deleted in {r['seconds']:.1f} s, longest batch "
            f"{r['longest_batch_ms']:.0f} ms, count {r['count_ms']:.2f} ms"
        )
    print("prune-audit: " + "; ".join(summary))


if __name__ == "__main__":
    main()

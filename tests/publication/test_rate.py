"""The public rate per address: counted in one statement, so a burst from one address
never gets more than the rate through, whichever process serves each request.

The threaded tests are not inside a test transaction: each thread has a connection of
its own, as simultaneous requests to different web processes would, and the counts they
write are deleted afterwards."""

import datetime
import threading

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test import RequestFactory
from django.urls import reverse
from rest_framework.throttling import AnonRateThrottle

from publication import limits
from publication.models import RateCount
from tests.threads import at_once, postgresql_only

THREADS = 8
LIMIT = 3


def _request(address="198.51.100.7", **extra):
    request = RequestFactory().get("/api/v1/published/", REMOTE_ADDR=address, **extra)
    request.user = AnonymousUser()
    return request


def _burst(throttle_class, address) -> list[bool]:
    """THREADS requests from one address, released at the same moment, each in a thread
    (and a database connection) of its own; whether each was let through."""
    start = threading.Barrier(THREADS)
    allowed = []

    def visitor():
        request = _request(address)
        start.wait()
        allowed.append(throttle_class().allow_request(request, None))

    failed = at_once(visitor, threads=THREADS)
    assert not failed, failed
    assert len(allowed) == THREADS
    return allowed


@pytest.fixture
def committed_counts(django_db_setup, django_db_blocker, monkeypatch):
    """Counts written for real by the threads, deleted afterwards. PostgreSQL only: the
    SQLite test database is in memory, where a second writer is refused at once ("table
    is locked") rather than queued as the file database does (its 20-second timeout)."""
    postgresql_only()
    monkeypatch.setattr(limits, "PUBLIC_RATE", f"{LIMIT}/hour")
    with django_db_blocker.unblock():
        yield
        RateCount.objects.filter(key__endswith=":198.51.100.7").delete()
        connection.close()


def test_a_burst_from_one_address_never_gets_more_than_the_rate_through(committed_counts):
    """Eight requests at once against a rate of three: exactly three pass, and the count
    holds all eight, because each adds one and reads its own count in one statement."""
    allowed = _burst(limits.PublicRate, "198.51.100.7")
    assert allowed.count(True) == LIMIT
    assert RateCount.objects.get(key="published:198.51.100.7").requests == THREADS


def test_the_downloads_hold_under_a_burst_too(committed_counts):
    allowed = _burst(limits.DownloadRate, "198.51.100.7")
    assert allowed.count(True) == LIMIT


def test_a_read_then_write_count_lets_a_burst_through():
    """Counterfactual: the REST framework's own throttle (what counted before) reads an
    address's history, decides, then writes it back. When every request of a burst reads
    before any writes, as simultaneous requests to different processes can, each sees
    an empty history and all of them pass a rate of one. The count above cannot be read
    apart from being written, so this interleaving does not exist for it."""
    from django.core.cache.backends.locmem import LocMemCache

    everyone_has_read = threading.Barrier(THREADS)

    class Shared(LocMemCache):
        def get(self, *args, **kwargs):
            history = super().get(*args, **kwargs)
            everyone_has_read.wait(timeout=30)
            return history

    store = Shared("read-then-write", {})

    class ReadThenWrite(AnonRateThrottle):
        rate = "1/hour"
        cache = store

    allowed, failed = [], []

    def visitor():
        try:
            allowed.append(ReadThenWrite().allow_request(_request(), None))
        except Exception as error:
            failed.append(error)

    threads = [threading.Thread(target=visitor) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not failed, failed
    assert allowed.count(True) == THREADS  # all eight through a rate of one


@pytest.mark.django_db
def test_retry_after_is_the_seconds_left_in_the_window(client, live_report, monkeypatch):
    monkeypatch.setattr(limits, "PUBLIC_RATE", "1/min")
    moment = datetime.datetime(2026, 12, 1, 12, 0, 45, 500_000, tzinfo=datetime.UTC)
    monkeypatch.setattr(limits.timezone, "now", lambda: moment)
    url = reverse("api:published")
    assert client.get(url).status_code == 200
    refused = client.get(url)
    assert refused.status_code == 429 and refused["Retry-After"] == "15"
    download = reverse("publication:report-ods", args=[live_report.slug])
    assert client.get(download).status_code == 200
    refused = client.get(download)
    assert refused.status_code == 429 and refused["Retry-After"] == "15"
    # The next minute is a window of its own.
    moment += datetime.timedelta(seconds=15)
    assert client.get(url).status_code == 200


@pytest.mark.django_db
def test_an_address_written_by_the_client_does_not_get_a_count_of_its_own(
    monkeypatch, one_rate_window
):
    """With no proxy of ours in front (TRUSTED_PROXY_COUNT 0), X-Forwarded-For is the
    client's own words: the count is the connection's address (core/client.py)."""
    monkeypatch.setattr(limits, "PUBLIC_RATE", "1/min")
    assert limits.PublicRate().allow_request(_request(HTTP_X_FORWARDED_FOR="10.0.0.1"), None)
    again = _request(HTTP_X_FORWARDED_FOR="10.0.0.2")
    assert not limits.PublicRate().allow_request(again, None)


@pytest.mark.django_db
def test_the_sweep_deletes_ended_windows_and_keeps_the_current_one(monkeypatch):
    from returns.services import submissions_sweep

    monkeypatch.setattr(limits, "PUBLIC_RATE", "60/min")
    now = datetime.datetime(2026, 12, 1, 12, 0, 30, tzinfo=datetime.UTC)
    current = datetime.datetime(2026, 12, 1, 12, 0, tzinfo=datetime.UTC)
    limits.count_request("published:192.0.2.1", current - datetime.timedelta(minutes=1))
    limits.count_request("published:192.0.2.1", current - datetime.timedelta(hours=3))
    limits.count_request("published:192.0.2.1", current)
    report = submissions_sweep(now=now)
    assert report.rate_counts_removed == 2
    assert list(RateCount.objects.values_list("window_start", flat=True)) == [current]


@pytest.mark.django_db
def test_counting_adds_one_each_time():
    start = datetime.datetime(2026, 12, 1, 12, 0, tzinfo=datetime.UTC)
    assert [limits.count_request("published:192.0.2.2", start) for _ in range(3)] == [1, 2, 3]
    assert limits.count_request("published:192.0.2.3", start) == 1


@pytest.mark.django_db
def test_the_old_cache_table_is_gone():
    assert "reach_rate_limit_cache" not in connection.introspection.table_names()

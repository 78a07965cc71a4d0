"""How often one address may ask for published reports: the public API and the downloads.

One rate (`PUBLIC_RATE`), counted per address in fixed windows of the clock (a minute for
"60/min") in a table of the database (`RateCount`), so every web process and machine
counts against the same limit. Each request adds one to its window's count and reads the
result in a single statement (INSERT ... ON CONFLICT DO UPDATE ... RETURNING, on SQLite
and PostgreSQL alike): two requests at once each get a count of their own, so a burst
never gets more than the rate through in a window. The public API applies it as a REST
framework throttle (api/views/published.py); the downloads of a report (its PDF and open
data) count against it separately through `refused`, answering 429 with a page that says
to wait (publication/downloads.py). The sweep deletes windows that have ended
(`rate_counts_prune`).
"""

import datetime
import math

from django.db import connection
from django.utils import timezone
from rest_framework.throttling import BaseThrottle

from core.client import client_ip

#: Requests one address may make to the public API, and downloads it may make, in a
#: window: "<number>/<sec|min|hour|day>".
PUBLIC_RATE = "60/min"

_SECONDS = {"s": 1, "m": 60, "h": 60 * 60, "d": 24 * 60 * 60}


def parse_rate(rate: str) -> tuple[int, int]:
    """ "60/min" → (60, 60): how many requests, in how many seconds."""
    number, period = rate.split("/")
    return int(number), _SECONDS[period[0]]


def _window(now: datetime.datetime, seconds: int) -> datetime.datetime:
    start = int(now.timestamp()) // seconds * seconds
    return datetime.datetime.fromtimestamp(start, tz=datetime.UTC)


def count_request(key: str, window_start: datetime.datetime) -> int:
    """Add one to `key`'s count in the window starting `window_start`; the count after."""
    from publication.models import RateCount

    quote = connection.ops.quote_name
    table = quote(RateCount._meta.db_table)
    key_, start, requests = (quote(name) for name in ("key", "window_start", "requests"))
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({key_}, {start}, {requests}) VALUES (%s, %s, 1)"
            f" ON CONFLICT ({key_}, {start})"
            f" DO UPDATE SET {requests} = {table}.{requests} + 1"
            f" RETURNING {requests}",
            [key, connection.ops.adapt_datetimefield_value(window_start)],
        )
        return cursor.fetchone()[0]


class PublicRate(BaseThrottle):
    """At most PUBLIC_RATE requests from one address in each window; signed-in people
    are not limited."""

    scope = "published"

    def get_rate(self) -> str:
        return PUBLIC_RATE

    def allow_request(self, request, view) -> bool:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            return True
        limit, seconds = parse_rate(self.get_rate())
        now = timezone.now()
        start = _window(now, seconds)
        address = client_ip(request) or "unknown"
        if count_request(f"{self.scope}:{address}", start) <= limit:
            return True
        ends = start + datetime.timedelta(seconds=seconds)
        self._wait = max(1, math.ceil((ends - now).total_seconds()))
        return False

    def wait(self) -> int | None:
        """Seconds until this address's window ends (after a refusal)."""
        return getattr(self, "_wait", None)


class DownloadRate(PublicRate):
    """The same rate, counted apart from the API's, for a report's downloads."""

    scope = "published-downloads"


def refused(request) -> int | None:
    """None if this download is within the rate; otherwise the seconds to wait."""
    throttle = DownloadRate()
    if throttle.allow_request(request, None):
        return None
    return throttle.wait() or 1


def rate_counts_prune(*, now=None) -> int:
    """Delete the counts of windows that have ended; how many were deleted."""
    from publication.models import RateCount

    _, seconds = parse_rate(PUBLIC_RATE)
    current = _window(now or timezone.now(), seconds)
    deleted, _ = RateCount.objects.filter(window_start__lt=current).delete()
    return deleted

"""How often one address may ask for published reports: the public API and the downloads.

One rate (`PUBLIC_RATE`), counted per address in a cache table of the database
(`RATE_CACHE`), so every web process and machine counts against the same limit. The public API applies
it as a REST framework throttle (api/views/published.py); the downloads of a report (its
PDF and open data) count against it separately through `refused`, answering 429 with a
page that says to wait (publication/downloads.py).
"""

from django.core.cache import caches
from rest_framework.throttling import AnonRateThrottle

#: Requests a minute one address may make to the public API, and downloads it may make.
PUBLIC_RATE = "60/min"
#: The cache the counts are kept in (settings.CACHES): one table for every process.
RATE_CACHE = "rate_limits"


class PublicRate(AnonRateThrottle):
    """At most PUBLIC_RATE requests from one address, counted in the RATE_CACHE cache."""

    scope = "published"

    @property
    def cache(self):
        return caches[RATE_CACHE]

    def get_rate(self):
        return PUBLIC_RATE


class DownloadRate(PublicRate):
    """The same rate, counted apart from the API's, for a report's downloads."""

    scope = "published-downloads"


def refused(request) -> int | None:
    """None if this download is within the rate; otherwise the seconds to wait."""
    throttle = DownloadRate()
    if throttle.allow_request(request, None):
        return None
    wait = throttle.wait()
    return max(1, int(wait or 1))

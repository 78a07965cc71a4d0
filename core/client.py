"""Who is asking: the address and browser of a request, read in one way everywhere.

The lock-out (django-axes) and the audit trail both need the client's address. Behind
a load balancer the connection comes from the proxy, so the address is read from
X-Forwarded-For, counting TRUSTED_PROXY_COUNT entries from the right (the ones our own
proxies appended); entries further left were written by the client and are not trusted.
"""

import ipaddress

from django.conf import settings


def client_ip(request) -> str | None:
    """The client's IP address, or None when it cannot be told."""
    proxies = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    candidate = request.META.get("REMOTE_ADDR", "")
    if proxies > 0:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= proxies:
            candidate = forwarded[-proxies]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return None


def user_agent(request) -> str:
    return request.META.get("HTTP_USER_AGENT", "")[:300]

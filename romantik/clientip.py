"""The client's address, the one function every per-address limit and lockout uses: django-ratelimit
(RATELIMIT_IP_META_KEY: complaints), django-axes (AXES_CLIENT_IP_CALLABLE: the log-in lockout), allauth (its
own log-in limits, notifications.accounts) and the API's throttle (api.throttling).

Behind TRUSTED_PROXY_COUNT reverse proxies (nginx in front of gunicorn: 1), REMOTE_ADDR is the nearest proxy's
address, the same for every visitor; each proxy appends the address it received the connection from to
X-Forwarded-For. So the client is the TRUSTED_PROXY_COUNT-th entry from the right. Whatever stands left of it
was sent by the client and is never believed (a client that sends `X-Forwarded-For: <someone else>` gets that
value in front of its own address, not instead of it). With 0 (the default: the embedded server, or gunicorn
reached directly) X-Forwarded-For is ignored altogether. X-Real-IP is never read: with one proxy it says the
same as the last X-Forwarded-For entry, and with more it would name a proxy.

The count must match the deployment: too high and clients choose their address by sending the header; too low
and everyone behind the proxy shares one. gunicorn must be reachable through the proxies only.
"""

import ipaddress

from django.conf import settings

# When no usable address is found at all (REMOTE_ADDR empty: a Unix socket without a proxy count): all such
# requests share one key rather than none.
UNKNOWN = "0.0.0.0"


def _address(value: str) -> str | None:
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


def client_ip(request) -> str:
    """The client's IP address as the trusted proxies saw it (REMOTE_ADDR without proxies)."""
    meta = getattr(request, "META", None) or {}
    remote = _address(meta.get("REMOTE_ADDR", "") or "")
    count = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    forwarded = meta.get("HTTP_X_FORWARDED_FOR", "") if count > 0 else ""
    if forwarded:
        entries = [entry.strip() for entry in forwarded.split(",")]
        # Fewer entries than proxies: the request reached a nearer proxy without passing the farther ones,
        # so its leftmost entry is what that proxy saw (as Django REST framework's NUM_PROXIES reads it).
        address = _address(entries[-min(count, len(entries))])
        if address is not None:
            return address
    return remote or UNKNOWN

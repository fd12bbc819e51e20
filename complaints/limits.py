"""Spam and guessing limits of the complaint pages, counted by django-ratelimit in the default cache, which
every web process shares (Redis in production; the embedded default's file cache: romantik.cache).

COMPLAINT_RATE_LIMIT: complaints filed per client address and per e-mail address; TRACKING_RATE_LIMIT: failed
tracking look-ups per client address; each (count, window in seconds), from the environment, so an office under
attack can tighten them without a release. The client address is the one behind the trusted proxies
(romantik.clientip, TRUSTED_PROXY_COUNT), never a header the client chose. django-ratelimit's windows are fixed
(their end depends on the key), and e-mail addresses reach the cache only hashed into its keys.

Only what should count is counted: a filed complaint (and a bot's honeypot filing), a failed look-up; so the
check (`used_up`) and the count (`count`) are separate calls.
"""

from django.conf import settings
from django_ratelimit.core import get_usage

from romantik.clientip import client_ip

FILE_BY_ADDRESS = "complaints.file.address"
FILE_BY_EMAIL = "complaints.file.email"
TRACK_BY_ADDRESS = "complaints.track.address"


def complaint_rate() -> tuple[int, int]:
    return tuple(settings.COMPLAINT_RATE_LIMIT)


def tracking_rate() -> tuple[int, int]:
    return tuple(settings.TRACKING_RATE_LIMIT)


def _usage(request, group: str, value: str, rate, *, increment: bool) -> dict | None:
    return get_usage(request, group=group, key=lambda _group, _request: value, rate=rate, increment=increment)


def used_up(request, group: str, value: str, rate) -> int | None:
    """Seconds until the window ends when `value` has used up `rate` in `group`; None while it has not."""
    usage = _usage(request, group, value, rate, increment=False)
    if usage is None:  # RATELIMIT_ENABLE off
        return None
    if usage["should_limit"] or usage["count"] >= usage["limit"]:
        return max(usage["time_left"], 0)
    return None


def count(request, group: str, value: str, rate) -> None:
    _usage(request, group, value, rate, increment=True)


def _email(email: str) -> str:
    return email.strip().lower()


def filing_used_up(request, email: str) -> int | None:
    """Seconds to wait when this client address or this e-mail address filed too many complaints lately."""
    rate = complaint_rate()
    waits = [
        used_up(request, FILE_BY_ADDRESS, client_ip(request), rate),
        used_up(request, FILE_BY_EMAIL, _email(email), rate),
    ]
    waits = [wait for wait in waits if wait is not None]
    return max(waits) if waits else None


def filing_count(request, email: str) -> None:
    rate = complaint_rate()
    count(request, FILE_BY_ADDRESS, client_ip(request), rate)
    count(request, FILE_BY_EMAIL, _email(email), rate)


def tracking_used_up(request) -> int | None:
    return used_up(request, TRACK_BY_ADDRESS, client_ip(request), tracking_rate())


def tracking_failed(request) -> None:
    count(request, TRACK_BY_ADDRESS, client_ip(request), tracking_rate())

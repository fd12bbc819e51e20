"""Spam and guessing defence without third-party services: fixed-window counters in Django's cache.

The limits are settings, so an office under attack can tighten them without a release:
COMPLAINT_RATE_LIMIT (filings per client address and per e-mail address) and TRACKING_RATE_LIMIT
(failed tracking look-ups per client address), each (count, window in seconds). With the default
local-memory cache each web process counts on its own; production sets CACHE_URL to a shared cache.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache

DEFAULT_COMPLAINT_RATE_LIMIT = (5, 3600)
DEFAULT_TRACKING_RATE_LIMIT = (10, 900)


def complaint_rate_limit() -> tuple[int, int]:
    return tuple(getattr(settings, "COMPLAINT_RATE_LIMIT", DEFAULT_COMPLAINT_RATE_LIMIT))


def tracking_rate_limit() -> tuple[int, int]:
    return tuple(getattr(settings, "TRACKING_RATE_LIMIT", DEFAULT_TRACKING_RATE_LIMIT))


def client_address(request) -> str:
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def _key(scope: str, value: str) -> str:
    # Hashed: e-mail addresses never sit in the cache, and any character is a valid key.
    digest = hashlib.sha256(value.strip().lower().encode()).hexdigest()[:32]
    return f"complaints:rate:{scope}:{digest}"


def rate_exceeded(*, scope: str, value: str, limit: int) -> bool:
    """Whether `value` has used up its `limit` in the current window (counting nothing)."""
    return (cache.get(_key(scope, value)) or 0) >= limit


def rate_count(*, scope: str, value: str, window: int) -> int:
    """Count one use of `value`; the window starts with the first use and does not slide."""
    key = _key(scope, value)
    cache.add(key, 0, timeout=window)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window)
        return 1

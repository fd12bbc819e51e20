"""The guest-book kiosk's limit on entries, counted by django-ratelimit in the default cache, which every web
process shares (as complaints.limits does for complaints): KIOSK_RATE_LIMIT (count, window in seconds) per kiosk
link and per client address (behind the trusted proxies, romantik.clientip). A desk's tablet sends every
visitor's entry from one address, so the count is generous; a link copied off the tablet and scripted runs
out all the same. Only entries (and a bot's honeypot filing) count, so the check and the count are separate.
"""

from django.conf import settings
from django_ratelimit.core import get_usage

from romantik.clientip import client_ip

BY_LINK = "submissions.kiosk.link"
BY_ADDRESS = "submissions.kiosk.address"


def _keys(request, link) -> list[tuple[str, str]]:
    return [(BY_LINK, str(link.pk)), (BY_ADDRESS, client_ip(request))]


def _usage(request, group: str, value: str, *, increment: bool) -> dict | None:
    return get_usage(
        request,
        group=group,
        key=lambda _group, _request: value,
        rate=tuple(settings.KIOSK_RATE_LIMIT),
        increment=increment,
    )


def kiosk_used_up(request, link) -> int | None:
    """Seconds until the window ends when this link or client address made too many entries lately; None if not."""
    waits = []
    for group, value in _keys(request, link):
        usage = _usage(request, group, value, increment=False)
        if usage is not None and (usage["should_limit"] or usage["count"] >= usage["limit"]):
            waits.append(max(usage["time_left"], 0))
    return max(waits) if waits else None


def kiosk_count(request, link) -> None:
    for group, value in _keys(request, link):
        _usage(request, group, value, increment=True)

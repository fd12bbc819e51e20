"""Guessing limit of Cek Survei: failed look-ups (a code no activity has) per client address, counted as the
complaint tracking page counts its failed look-ups (complaints.limits: django-ratelimit in the shared cache, the
client's address through romantik.clientip). Once used up, every look-up from that address gets 429 until the
window ends. CEK_SURVEI_RATE_LIMIT: (count, window in seconds)."""

from django.conf import settings

from complaints.limits import count, used_up
from romantik.clientip import client_ip

LOOKUP_BY_ADDRESS = "ceksurvei.lookup.address"
DEFAULT_RATE = (20, 900)


def lookup_rate() -> tuple[int, int]:
    return tuple(getattr(settings, "CEK_SURVEI_RATE_LIMIT", DEFAULT_RATE))


def lookup_used_up(request) -> int | None:
    return used_up(request, LOOKUP_BY_ADDRESS, client_ip(request), lookup_rate())


def lookup_failed(request) -> None:
    count(request, LOOKUP_BY_ADDRESS, client_ip(request), lookup_rate())

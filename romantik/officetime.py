"""Times in the office's own zone (WIB, WITA, WIT).

Dates already follow the office (`romantik.calendar.office_today`); times follow it too. Each request works in
the time zone of the office it concerns (`romantik.middleware.OfficeTimeZoneMiddleware` activates it): staff
see their office's time; an agency, on the pages of a submission, the time of the office that handles it (else
of the office that serves the agency); a public page of an office, that office's time; anything else Jakarta's
(settings.TIME_ZONE). Every time shown carries the zone's name (the template filter `zoned` of
`romantik.templatetags.office_time`, and `zoned_text` for a message or a flash text), since an agency may deal
with an office in another zone than its own.

Which office a page concerns is read from its URL: an office code in the path (`<str:code>`) names it; else the
apps that own a URL's object register a function that finds its office (`office_of_url_register`, from their
`AppConfig.ready`), so this, the lowest layer, imports none of them."""

from collections.abc import Callable
from datetime import datetime, tzinfo
from zoneinfo import ZoneInfo

from django.utils import timezone, translation
from django.utils.formats import date_format

from .calendar import WIT_PROVINCES, WITA_PROVINCES

# The zones' Indonesian names (Waktu Indonesia Barat / Tengah / Timur): the same in both languages.
ZONE_NAMES = {"Asia/Jakarta": "WIB", "Asia/Makassar": "WITA", "Asia/Jayapura": "WIT"}


def zone_of_code(code: str) -> ZoneInfo:
    """The time zone of an office from its code, whose first two digits are its province's BPS code (the same
    rule as `romantik.calendar.office_timezone`, without reading the office's region)."""
    province = (code or "")[:2]
    if province in WITA_PROVINCES:
        return ZoneInfo("Asia/Makassar")
    if province in WIT_PROVINCES:
        return ZoneInfo("Asia/Jayapura")
    return ZoneInfo("Asia/Jakarta")


def zone_name(zone: tzinfo | None = None, at: datetime | None = None) -> str:
    """WIB, WITA or WIT for `zone` (the active one by default); another zone's own abbreviation."""
    zone = zone or timezone.get_current_timezone()
    key = getattr(zone, "key", None)
    if key in ZONE_NAMES:
        return ZONE_NAMES[key]
    return (at or timezone.now()).astimezone(zone).tzname() or str(zone)


def zoned_text(value: datetime | None, fmt: str = "j M Y H:i", *, zone: tzinfo | None = None) -> str:
    """`value` in `zone` (the active one by default), formatted with `fmt` and labelled with the zone's name:
    "6 Des 2026 09:00 WITA". Empty for None."""
    if value is None:
        return ""
    zone = zone or timezone.get_current_timezone()
    local = timezone.localtime(value, zone) if timezone.is_aware(value) else value
    return f"{date_format(local, fmt)} {zone_name(zone, local)}"


def office_zoned_text(value: datetime | None, office, *, language: str, fmt: str = "j F Y H:i") -> str:
    """`zoned_text` at `office`, in `language`: for a message written now and read in the recipient's language."""
    with translation.override(language):
        return zoned_text(value, fmt, zone=zone_of_code(office.code))


# --- which office a page concerns --------------------------------------------------------------------------

# URL name ("namespace:name") or namespace → function(url kwargs) → the office code of the object it shows.
_URL_OFFICES: dict[str, Callable[[dict], str | None]] = {}


def office_of_url_register(names: str | list[str], find: Callable[[dict], str | None]) -> None:
    """Let the pages `names` (URL names "namespace:name", or whole namespaces) tell which office their object
    belongs to: `find(kwargs)` returns its office code (None: none, or not found)."""
    for name in [names] if isinstance(names, str) else names:
        _URL_OFFICES[name] = find


def office_code_of_url(match) -> str | None:
    """The code of the office a resolved URL concerns: an office code in the path (an office's pages, whatever
    else they name), else the object's office if its app registered a finder for the URL."""
    if match is None:
        return None
    kwargs = match.kwargs or {}
    code = kwargs.get("code")
    if isinstance(code, str) and code.isdigit():
        return code
    find = _URL_OFFICES.get(match.view_name) or _URL_OFFICES.get(match.namespace)
    return (find(kwargs) or None) if find is not None else None

"""`{{ value|zoned:"j M Y H:i" }}`: a time in the page's office zone, labelled ("6 Des 2026 09:00 WITA"); the one
filter every template uses to show a time (romantik.officetime)."""

from django import template

from romantik.officetime import zoned_text

register = template.Library()


@register.filter
def zoned(value, fmt: str = "j M Y H:i") -> str:
    """`value` (an aware datetime) in the active zone (the page's office, OfficeTimeZoneMiddleware), formatted
    with `fmt` and followed by the zone's name (WIB, WITA, WIT); empty for None or an empty value."""
    if not value:
        return ""
    return zoned_text(value, fmt)

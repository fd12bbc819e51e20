"""Template helpers of complaints for other apps' pages (the office's service standard)."""

from django import template

from romantik.enums import ComplaintChannelKind

register = template.Library()

# The national channel every office must list (DOMAIN.md "Satisfaction and complaints").
LAPOR = {"kind": ComplaintChannelKind.LAPOR.value, "label": "SP4N-LAPOR!", "value": "https://www.lapor.go.id"}


@register.simple_tag
def complaint_channels(office) -> list[dict]:
    """The office's own complaint channels from its service standard, with SP4N-LAPOR added if it is missing."""
    channels = [c for c in (office.complaint_channels or []) if isinstance(c, dict)]
    if not any(c.get("kind") == LAPOR["kind"] or "lapor.go.id" in str(c.get("value", "")) for c in channels):
        channels.append(LAPOR)
    return channels

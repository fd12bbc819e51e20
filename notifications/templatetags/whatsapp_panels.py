"""The outbox's panels on lower apps' pages (docs/ARCHITECTURE.md "Layers": a higher app offers a template tag the
page's template loads; the lower app's Python imports nothing of it)."""

from django import template

from ..selectors import whatsapp_health

register = template.Library()


@register.inclusion_tag("notifications/_whatsapp_health.html")
def whatsapp_health_panel(office):
    """The WhatsApp channel's health for `office` (`selectors.whatsapp_health`: whether the portal can send it and
    how, the last message sent, the failures of the last 24 hours), as on the office's message page. Shown on the
    office admin's channels page (romantik/views_channels.py), beside the WhatsApp switch."""
    return {"whatsapp": whatsapp_health(office)}

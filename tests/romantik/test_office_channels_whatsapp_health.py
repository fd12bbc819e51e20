"""The channels page shows, beside the WhatsApp switch, how the channel fares for this office: whether the portal
can send WhatsApp at all (the gateway configured) and how, the last message sent, and the failures of the last
24 hours with their error (notifications' panel, `{% whatsapp_health_panel office %}`); another office's
messages are not counted."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from notifications.enums import Channel, MessageState
from notifications.models import Message
from romantik.enums import Role
from tests.factories import staff, world_build

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
ERROR = "WhatsAppRejected: WhatsApp API answered HTTP 400: (131026) Message undeliverable"


def _message(office, *, state, error="", sent_ago=None):
    return Message.objects.create(
        address="6281234567890",
        channel=Channel.WHATSAPP,
        template="submission_accepted",
        context={"number": f"{office.code}-2026-00001"},
        state=state,
        attempts=1,
        last_error=error,
        office=office,
        sent_at=timezone.now() - sent_ago if sent_ago else None,
    )


def _card(client, office) -> str:
    page = client.get(reverse("office_channels", kwargs={"code": office.code}), **EN)
    assert page.status_code == 200
    html = page.content.decode()
    start = html.index('data-testid="whatsapp-health"')
    return html[start : html.index("</section>", start)]


def test_the_channels_page_shows_the_whatsapp_gateway_and_this_offices_failures(client, settings):
    w = world_build()
    office, other = w["office"], w["other_office"]
    office.whatsapp_enabled = True
    office.save(update_fields=["whatsapp_enabled"])
    client.force_login(staff(office, Role.OFFICE_ADMIN))

    settings.WHATSAPP_BACKEND = "off"  # the portal's gateway is not configured
    card = _card(client, office)
    assert "not configured" in card and "none yet" in card

    settings.WHATSAPP_BACKEND = "cloud"
    settings.WHATSAPP_API_URL = "http://127.0.0.1:9/v20.0/1/messages"
    _message(office, state=MessageState.SENT, sent_ago=timedelta(minutes=30))
    _message(office, state=MessageState.FAILED, error=ERROR)
    _message(other, state=MessageState.FAILED, error="another office's failure")
    card = _card(client, office)
    assert "WhatsApp Business Cloud API" in card and "failures" in card
    assert 'data-testid="whatsapp-failed-24h">1<' in card
    assert "(131026) Message undeliverable" in card and "another office" not in card
    assert "none yet" not in card  # the last message sent is shown


def test_an_office_without_whatsapp_is_told_so(client):
    w = world_build()
    office = w["office"]
    office.whatsapp_enabled = False
    office.save(update_fields=["whatsapp_enabled"])
    client.force_login(staff(office, Role.OFFICE_ADMIN))
    assert "not used by this office" in _card(client, office)

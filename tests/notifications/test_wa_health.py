"""The office's message page shows its administrator how WhatsApp fares: whether the portal can send it and how,
the last message sent, the failures of the last 24 hours with each one's error."""

from datetime import timedelta

import pytest
from django.utils import timezone

from notifications.enums import Channel, MessageState
from notifications.models import Message
from notifications.selectors import whatsapp_health
from romantik.enums import Role
from romantik.models import Office
from romantik.seeding import offices_load, regions_load
from tests.factories import staff

pytestmark = pytest.mark.django_db

ERROR = "WhatsAppRejected: WhatsApp API answered HTTP 400: (131026) Message undeliverable"


@pytest.fixture
def offices():
    regions_load()
    offices_load()
    return Office.objects.get(code="6111"), Office.objects.get(code="6202")


def whatsapp_message(office, *, state, created_ago=timedelta(minutes=5), sent_ago=None, attempts=1, error=""):
    message = Message.objects.create(
        address="6281234567890",
        channel=Channel.WHATSAPP,
        template="submission_accepted",
        context={"number": "6111-2026-00001"},
        state=state,
        attempts=attempts,
        last_error=error,
        office=office,
        sent_at=timezone.now() - sent_ago if sent_ago else None,
    )
    Message.objects.filter(pk=message.pk).update(created_at=timezone.now() - created_ago)
    return message


def test_health_counts_the_last_day_and_names_each_failure(offices, settings, tmp_path):
    settings.WHATSAPP_BACKEND = ""
    settings.WHATSAPP_API_URL = ""
    kayong, kotim = offices
    whatsapp_message(kayong, state=MessageState.SENT, sent_ago=timedelta(hours=2))
    last = whatsapp_message(kayong, state=MessageState.SENT, sent_ago=timedelta(minutes=30))
    failed = whatsapp_message(kayong, state=MessageState.FAILED, error=ERROR)
    retrying = whatsapp_message(kayong, state=MessageState.QUEUED, error="WhatsAppError: HTTP 503")
    whatsapp_message(kayong, state=MessageState.FAILED, created_ago=timedelta(hours=25), error="old")
    whatsapp_message(kotim, state=MessageState.FAILED, error="another office's")
    Message.objects.create(
        address="a@b.go.id", template="submission_accepted", state=MessageState.FAILED, office=kayong
    )

    health = whatsapp_health(kayong)
    assert (health.configured, health.promised, health.failed_24h, health.retrying) == (True, True, 1, 1)
    assert health.last_success == Message.objects.get(pk=last.pk).sent_at
    assert [m.pk for m in health.failures] == sorted([failed.pk, retrying.pk], reverse=True)
    assert str(health.backend) == "Berkas di server (demo: tidak ada yang sampai ke ponsel)"
    assert whatsapp_health(kotim).promised is False
    settings.WHATSAPP_BACKEND = "cloud"
    assert (whatsapp_health(kayong).configured, str(whatsapp_health(kayong).backend)) == (
        False,
        "Belum dikonfigurasi",
    )


def test_the_admin_sees_the_whatsapp_card_on_the_message_page(offices, client, settings):
    settings.WHATSAPP_BACKEND = "cloud"
    settings.WHATSAPP_API_URL = "http://127.0.0.1:9/v20.0/1/messages"
    kayong, kotim = offices
    whatsapp_message(kayong, state=MessageState.SENT, sent_ago=timedelta(minutes=30))
    whatsapp_message(kayong, state=MessageState.FAILED, error=ERROR, attempts=1)
    client.force_login(staff(kayong, Role.OFFICE_ADMIN))
    page = client.get("/kantor/6111/pesan/").content.decode()
    card = page[page.index('data-testid="whatsapp-health"') : page.index("</section>", page.index("whatsapp-health"))]
    assert "Kanal WhatsApp" in card
    assert "ada kegagalan" in card
    assert "WhatsApp Business Cloud API" in card
    assert 'data-testid="whatsapp-failed-24h">1<' in card
    assert "(131026) Message undeliverable" in card
    assert "belum ada" not in card  # a last success is shown

    client.force_login(staff(kotim, Role.OFFICE_ADMIN))
    page = client.get("/kantor/6202/pesan/").content.decode()
    assert "Kantor ini tidak mengirim notifikasi lewat WhatsApp" in page

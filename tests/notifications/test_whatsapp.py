"""WhatsApp for offices that enable it, against a local HTTP server standing in for the
WhatsApp Business API: no mocks of our own code. Messages go to a verified number only, as approved templates
(the verification itself, the file backend and the template details: tests/notifications/test_wa_*.py)."""

import json
import threading
import time
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core import mail
from django.db import transaction
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from notifications.enums import Channel, MessageState
from notifications.models import ChannelPreference, Message
from notifications.services import channels_for, message_deliver, message_queue, message_resend, outbox_flush
from notifications.whatsapp import phone_normalise
from tests.conftest import close_other_db_sessions, start_test_worker
from tests.factories import PASSWORD, AgencyFactory, OfficeFactory, RegionFactory, agency_user, staff
from tests.local_server import serving

# Each test in its own transaction, rolled back; only the real worker commits (and the database is emptied after it).
pytestmark = pytest.mark.django_db

TOKEN = "test-token-123"
TEMPLATES = {
    "membership_verified": {
        "name": "romantik_akun_terverifikasi",
        "language": {"id": "id", "en": "en"},
        "parameters": ["agency", "subject", "link"],
    }
}


class _WhatsAppApi(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), _Handler)
        self.requests = []
        self.mode = "ok"  # "ok", "error" (HTTP 500) or "slow" (answers after the client gave up)
        self.release = threading.Event()

    @property
    def url(self):
        return f"http://127.0.0.1:{self.server_address[1]}/v20.0/123/messages"


class _Handler(BaseHTTPRequestHandler):
    def do_POST(self):  # noqa: N802 - http.server's hook name
        body = self.rfile.read(int(self.headers["Content-Length"]))
        server = self.server
        server.requests.append({"path": self.path, "headers": dict(self.headers), "json": json.loads(body)})
        if server.mode == "slow":
            server.release.wait(10)
            return
        if server.mode == "error":
            self._answer(500, {"error": {"message": "Internal error", "code": 1}})
            return
        self._answer(200, {"messaging_product": "whatsapp", "messages": [{"id": f"wamid.{len(server.requests)}"}]})

    def _answer(self, status, payload):
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def whatsapp_api_server():
    """One local server for the module (tests/local_server.py); each test gets it cleared by `whatsapp_api`."""
    with serving(_WhatsAppApi()) as server:
        yield server


@pytest.fixture
def whatsapp_api(settings, whatsapp_api_server):
    """The module's server answering "ok" with no requests of an earlier test; a request it holds ("slow") is let
    go at the test's end."""
    server = whatsapp_api_server
    server.requests, server.mode, server.release = [], "ok", threading.Event()
    settings.WHATSAPP_API_URL = server.url
    settings.WHATSAPP_API_TOKEN = TOKEN
    settings.WHATSAPP_TIMEOUT = 1
    settings.WHATSAPP_TEMPLATES = TEMPLATES
    yield server
    server.release.set()


def verified(user):
    """The user has verified their phone's number (the code's round trip: test_wa_verification.py)."""
    number = phone_normalise(user.phone)
    if number:
        ChannelPreference.objects.update_or_create(
            user=user, defaults={"whatsapp_number": number, "whatsapp_verified_at": timezone.now()}
        )
    return user


def office_user(whatsapp_enabled=True, phone="0812-3456-7890", **kwargs):
    region = RegionFactory()
    OfficeFactory(region=region, whatsapp_enabled=whatsapp_enabled)
    return verified(agency_user(AgencyFactory(region=region), phone=phone, **kwargs))


def queue(user, key="k1"):
    return message_queue(
        template="membership_verified",
        recipient=user,
        context={"agency": "Dinas Uji", "note": "", "url": "/mulai/"},
        idempotency_key=key,
    )


def whatsapp_row():
    return Message.objects.get(channel=Channel.WHATSAPP)


def test_phone_numbers_are_normalised_to_e164_digits():
    assert phone_normalise("0812-3456-7890") == "6281234567890"
    assert phone_normalise("+62 812 3456 7890") == "6281234567890"
    assert phone_normalise("62 812 3456 7890") == "6281234567890"
    assert phone_normalise("(0812) 3456.7890") == "6281234567890"
    for invalid in ["", "12", "0812", "021-123", "call me", "+62 21 12"]:
        assert phone_normalise(invalid) == "", invalid


def test_office_with_whatsapp_sends_whatsapp_and_email(whatsapp_api, settings):
    user = office_user(language="id")
    assert channels_for(user) == {"email", "whatsapp"}
    queue(user)
    queue(user)  # the same key twice: still one of each
    assert Message.objects.count() == 2
    message = whatsapp_row()
    assert (message.address, message.idempotency_key) == ("6281234567890", "k1:wa")
    assert outbox_flush(grace=timedelta(0)) == 2
    assert [m.to for m in mail.outbox] == [[user.email]]
    [request] = whatsapp_api.requests
    assert request["path"] == "/v20.0/123/messages"
    assert request["headers"]["Authorization"] == f"Bearer {TOKEN}"
    # Outside the 24-hour window (the portal receives no messages) only an approved template may be sent.
    assert request["json"] == {
        "messaging_product": "whatsapp",
        "recipient_type": "individual",
        "to": "6281234567890",
        "type": "template",
        "template": {
            "name": "romantik_akun_terverifikasi",
            "language": {"code": "id"},
            "components": [
                {
                    "type": "body",
                    "parameters": [
                        {"type": "text", "text": "Dinas Uji"},
                        {"type": "text", "text": mail.outbox[0].subject},
                        {"type": "text", "text": f"{settings.SITE_URL}/mulai/"},
                    ],
                }
            ],
        },
    }
    message.refresh_from_db()
    assert (message.state, message.attempts) == (MessageState.SENT, 1)


def test_user_turning_whatsapp_off_gets_email_only(whatsapp_api):
    user = office_user()
    ChannelPreference.objects.filter(user=user).update(whatsapp=False)
    assert channels_for(user) == {"email"}
    queue(user)
    assert outbox_flush(grace=timedelta(0)) == 1
    assert len(mail.outbox) == 1
    assert whatsapp_api.requests == []


def test_office_without_whatsapp_sends_email_only_even_to_a_verified_opted_in_number(whatsapp_api):
    # Its service standard promises e-mail only: its users are not offered WhatsApp (their page says so).
    user = office_user(whatsapp_enabled=False)
    assert channels_for(user) == {"email"}
    ChannelPreference.objects.filter(user=user).update(whatsapp=True)
    assert channels_for(user) == {"email"}
    queue(user, key="after")
    assert not Message.objects.filter(channel=Channel.WHATSAPP).exists()


def test_staff_get_whatsapp_when_any_of_their_offices_offers_it(whatsapp_api):
    quiet, chatty = OfficeFactory(whatsapp_enabled=False), OfficeFactory(whatsapp_enabled=True)
    assert channels_for(verified(staff(quiet, phone="081234567890"))) == {"email"}
    assert channels_for(verified(staff(chatty, phone="081234567890"))) == {"email", "whatsapp"}


def test_no_whatsapp_without_a_verified_number_or_without_the_api(whatsapp_api, settings):
    user = office_user(phone="12345")
    assert channels_for(user) == {"email"}
    queue(user)
    assert list(Message.objects.values_list("channel", flat=True)) == ["email"]
    unverified = office_user()
    ChannelPreference.objects.filter(user=unverified).update(whatsapp_verified_at=None)
    assert channels_for(unverified) == {"email"}
    settings.WHATSAPP_BACKEND = "cloud"
    settings.WHATSAPP_API_URL = ""
    assert channels_for(office_user()) == {"email"}
    settings.WHATSAPP_BACKEND = "off"
    assert channels_for(office_user()) == {"email"}


def test_english_speaking_recipient_gets_the_english_template(whatsapp_api):
    queue(office_user(language="en"))
    message_deliver(message_id=whatsapp_row().pk)
    template = whatsapp_api.requests[0]["json"]["template"]
    assert template["language"] == {"code": "en"}
    assert template["components"][0]["parameters"][1] == {
        "type": "text",
        "text": "Your account is verified for Dinas Uji: you can now submit",
    }


def test_server_errors_back_off_then_fail_and_can_be_resent(whatsapp_api, settings):
    settings.OUTBOX_MAX_ATTEMPTS = 3
    settings.OUTBOX_BACKOFF_BASE_SECONDS = 30
    whatsapp_api.mode = "error"
    queue(office_user())
    message = whatsapp_row()

    before = timezone.now()
    message_deliver(message_id=message.pk)
    message.refresh_from_db()
    assert (message.state, message.attempts) == (MessageState.QUEUED, 1)
    assert "HTTP 500" in message.last_error
    assert timedelta(seconds=29) < message.next_attempt_at - before < timedelta(seconds=32)

    outbox_flush(now=timezone.now() + timedelta(minutes=1))
    outbox_flush(now=timezone.now() + timedelta(minutes=10))
    message.refresh_from_db()
    assert (message.state, message.attempts, message.next_attempt_at) == (MessageState.FAILED, 3, None)
    assert len(whatsapp_api.requests) == 3

    whatsapp_api.mode = "ok"
    message_resend(message=message)
    message_deliver(message_id=message.pk)
    message.refresh_from_db()
    assert message.state == MessageState.SENT
    assert len(whatsapp_api.requests) == 4


def test_server_not_answering_in_time_is_recorded_and_retried(whatsapp_api):
    whatsapp_api.mode = "slow"
    queue(office_user())
    message = whatsapp_row()
    started = time.monotonic()
    message_deliver(message_id=message.pk)
    assert time.monotonic() - started < 5
    message.refresh_from_db()
    assert (message.state, message.attempts) == (MessageState.QUEUED, 1)
    assert "did not answer within 1 s" in message.last_error
    assert message.next_attempt_at is not None

    whatsapp_api.mode = "ok"
    assert outbox_flush(now=timezone.now() + timedelta(hours=1)) >= 1
    message.refresh_from_db()
    assert (message.state, message.attempts) == (MessageState.SENT, 2)


def test_preferences_page(client, whatsapp_api, settings):
    user = office_user()
    client.login(request=RequestFactory().get("/"), email=user.email, password=PASSWORD)
    url = reverse("notification_preferences")
    assert url == "/akun/notifikasi/"
    page = client.get(url)
    assert "Kirimkan juga pesan WhatsApp kepada saya" in page.content.decode()
    response = client.post(url, {"action": "kanal"})
    assert response.status_code == 302
    assert ChannelPreference.objects.get(user=user).whatsapp is False
    assert channels_for(user) == {"email"}
    client.post(url, {"action": "kanal", "whatsapp": "on"})
    assert channels_for(user) == {"email", "whatsapp"}

    settings.WHATSAPP_BACKEND = "off"
    page = client.get(url).content.decode()
    assert "Kirimkan juga pesan WhatsApp kepada saya" not in page
    assert "WhatsApp belum disiapkan di portal ini" in page
    client.post(url, {"action": "kanal"})
    assert ChannelPreference.objects.get(user=user).whatsapp is True  # nothing offered, nothing changed


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("empty_broker_queue")
def test_real_worker_delivers_whatsapp_exactly_once(whatsapp_api):
    user = office_user()
    with start_test_worker():
        with transaction.atomic():
            queue(user)
        message = whatsapp_row()
        deadline = time.monotonic() + 60  # generous: CI machines are busy
        while time.monotonic() < deadline:
            message.refresh_from_db()
            if message.state == MessageState.SENT:
                break
            time.sleep(0.2)
    close_other_db_sessions()
    assert message.state == MessageState.SENT
    assert [r["json"]["to"] for r in whatsapp_api.requests] == ["6281234567890"]
    assert outbox_flush(grace=timedelta(0)) == 0
    assert len(whatsapp_api.requests) == 1

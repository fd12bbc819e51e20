"""Production: the WhatsApp Business Cloud API, against a local HTTP server started by the test. Outside the
24-hour customer-service window only approved templates may be sent and the portal receives no inbound message (it
has no webhook), so every message goes as the template notifications/whatsapp_templates.json names for it: the exact
JSON, the token, and what each kind of refusal does to the outbox row."""

import json
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.utils import timezone

from notifications.enums import Channel, MessageState
from notifications.models import ChannelPreference, Message
from notifications.services import message_deliver, message_queue, whatsapp_code_send
from notifications.whatsapp import whatsapp_backend, whatsapp_enabled, whatsapp_templates
from tests.local_server import serving
from tests.notifications.test_wa_verification import NUMBER, kayong_utara

pytestmark = pytest.mark.django_db

TOKEN = "EAAG-test-token"
MESSAGES = Path(django_settings.BASE_DIR) / "notifications" / "templates" / "notifications" / "messages"


class _Api(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), _Handler)
        self.requests = []
        self.answers = []  # (status, payload) to give, in turn; then 200
        self.release = threading.Event()

    @property
    def url(self):
        return f"http://127.0.0.1:{self.server_address[1]}/v20.0/1234567890/messages"


class _Handler(BaseHTTPRequestHandler):
    def do_POST(self):  # noqa: N802 - http.server's hook name
        body = self.rfile.read(int(self.headers["Content-Length"]))
        server = self.server
        server.requests.append({"path": self.path, "headers": dict(self.headers), "json": json.loads(body)})
        status, payload = server.answers.pop(0) if server.answers else (200, None)
        if status == "hang":
            server.release.wait(10)
            return
        payload = payload or {"messaging_product": "whatsapp", "messages": [{"id": f"wamid.{len(server.requests)}"}]}
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def api_server():
    """One local server for the module (tests/local_server.py); each test gets it cleared by `api`."""
    with serving(_Api()) as server:
        yield server


@pytest.fixture
def api(settings, api_server):
    """The module's server with no requests and no answers of an earlier test; a request it holds (a "hang") is
    let go at the test's end."""
    server = api_server
    server.requests, server.answers, server.release = [], [], threading.Event()
    settings.WHATSAPP_BACKEND = "cloud"
    settings.WHATSAPP_API_URL = server.url
    settings.WHATSAPP_API_TOKEN = TOKEN
    settings.WHATSAPP_TIMEOUT = 1
    settings.OUTBOX_MAX_ATTEMPTS = 5
    yield server
    server.release.set()


def verified_user(**fields):
    office, user = kayong_utara(**fields)
    ChannelPreference.objects.create(
        user=user, whatsapp_number=NUMBER, whatsapp_verified_at=timezone.now(), whatsapp=True
    )
    return office, user


def accepted(user, office, key="acc-1"):
    message_queue(
        template="submission_accepted",
        recipient=user,
        context={
            "number": "6111-2026-00007",
            "title": "Survei Pertanian Padi Kayong Utara",
            "due_date": "24 Desember 2026",
            "office": office.name,
            "url": "/pengajuan/7/",
        },
        idempotency_key=key,
        office=office,
    )
    return Message.objects.get(idempotency_key=f"{key}:wa")


def test_every_message_has_an_approved_template_whose_parameters_it_has():
    """The shipped mapping: an entry for every message template but the pre-rendered account e-mails (which go by
    e-mail only), each parameter a value its subject or body uses, or "subject"/"link"."""
    templates = whatsapp_templates()
    folders = {path.name for path in MESSAGES.iterdir() if path.is_dir()}
    assert set(templates) == folders - {"prerendered"}
    names = [entry["name"] for entry in templates.values()]
    assert len(names) == len(set(names))
    for template, entry in templates.items():
        assert re.fullmatch(r"[a-z0-9_]+", entry["name"]), template
        assert entry["language"] == {"id": "id", "en": "en"}, template
        text = (MESSAGES / template / "subject.txt").read_text() + (MESSAGES / template / "body.txt").read_text()
        for key in entry["parameters"]:
            assert key in {"subject", "link"} or re.search(r"{{\s*" + key + r"\b", text), (template, key)


def test_backend_follows_the_settings(settings):
    settings.WHATSAPP_BACKEND = ""
    settings.WHATSAPP_API_URL = ""
    assert (whatsapp_backend(), whatsapp_enabled()) == ("file", True)
    settings.WHATSAPP_API_URL = "https://graph.facebook.com/v20.0/1/messages"
    assert (whatsapp_backend(), whatsapp_enabled()) == ("cloud", True)
    settings.WHATSAPP_BACKEND = "off"
    assert (whatsapp_backend(), whatsapp_enabled()) == ("off", False)
    settings.WHATSAPP_BACKEND = "cloud"
    settings.WHATSAPP_API_URL = ""
    assert (whatsapp_backend(), whatsapp_enabled()) == ("cloud", False)


def test_the_exact_template_message_posted(api, settings):
    office, user = verified_user()
    message = accepted(user, office)
    assert message_deliver(message_id=message.pk).state == MessageState.SENT
    [request] = api.requests
    assert request["path"] == "/v20.0/1234567890/messages"
    assert request["headers"]["Authorization"] == f"Bearer {TOKEN}"
    assert request["headers"]["Content-Type"] == "application/json"
    assert request["json"] == {
        "messaging_product": "whatsapp",
        "recipient_type": "individual",
        "to": NUMBER,
        "type": "template",
        "template": {
            "name": "romantik_submission_accepted",
            "language": {"code": "id"},
            "components": [
                {
                    "type": "body",
                    "parameters": [
                        {"type": "text", "text": "6111-2026-00007"},
                        {"type": "text", "text": "24 Desember 2026"},
                        {"type": "text", "text": f"{settings.SITE_URL}/pengajuan/7/"},
                    ],
                }
            ],
        },
    }


def test_the_code_goes_as_an_authentication_template_with_its_copy_button(api):
    _office, user = kayong_utara(language="en")
    whatsapp_code_send(user=user, number="0812-3456-7890")
    message_deliver(message_id=Message.objects.get(template="whatsapp_code").pk)
    template = api.requests[0]["json"]["template"]
    code = template["components"][0]["parameters"][0]["text"]
    assert re.fullmatch(r"\d{6}", code)
    assert template == {
        "name": "romantik_kode_verifikasi",
        "language": {"code": "en"},
        "components": [
            {"type": "body", "parameters": [{"type": "text", "text": code}]},
            {"type": "button", "sub_type": "url", "index": "0", "parameters": [{"type": "text", "text": code}]},
        ],
    }


def test_parameters_are_one_line_as_the_api_requires(api, settings):
    settings.WHATSAPP_TEMPLATES = {"submission_accepted": {"name": "t", "language": "id", "parameters": ["title"]}}
    office, user = verified_user()
    message = Message.objects.get(pk=accepted(user, office).pk)
    message.context["title"] = "Survei\n\tPadi     Sawah\n"
    message.save()
    message_deliver(message_id=message.pk)
    assert api.requests[0]["json"]["template"]["components"][0]["parameters"] == [
        {"type": "text", "text": "Survei Padi Sawah"}
    ]


def test_a_client_error_fails_at_once_with_the_apis_words(api):
    api.answers = [
        (
            400,
            {
                "error": {
                    "message": "(#132001) Template name does not exist in the translation",
                    "type": "OAuthException",
                    "code": 132001,
                    "error_data": {"details": "template name (romantik_submission_accepted) does not exist in id"},
                }
            },
        )
    ]
    office, user = verified_user()
    message = message_deliver(message_id=accepted(user, office).pk)
    assert (message.state, message.attempts, message.next_attempt_at) == (MessageState.FAILED, 1, None)
    assert message.last_error == (
        "WhatsAppRejected: WhatsApp API answered HTTP 400: (132001) template name (romantik_submission_accepted) "
        "does not exist in id"
    )
    assert len(api.requests) == 1
    # The e-mail of the same message is not affected: one row per channel.
    assert Message.objects.get(idempotency_key="acc-1").channel == Channel.EMAIL


@pytest.mark.parametrize("status", [500, 503, 429])
def test_server_errors_and_rate_limits_are_retried(api, status):
    api.answers = [(status, {"error": {"message": "Service temporarily unavailable", "code": 2}})]
    office, user = verified_user()
    message = accepted(user, office)
    before = timezone.now()
    message = message_deliver(message_id=message.pk)
    assert (message.state, message.attempts) == (MessageState.QUEUED, 1)
    assert (
        message.last_error == f"WhatsAppError: WhatsApp API answered HTTP {status}: (2) Service temporarily unavailable"
    )
    assert message.next_attempt_at > before
    assert message_deliver(message_id=message.pk).state == MessageState.SENT
    assert len(api.requests) == 2


def test_a_timeout_is_retried(api):
    api.answers = [("hang", None)]
    office, user = verified_user()
    message = message_deliver(message_id=accepted(user, office).pk)
    assert (message.state, message.attempts) == (MessageState.QUEUED, 1)
    assert message.last_error == "WhatsAppError: WhatsApp API did not answer within 1 s"


def test_a_message_without_an_approved_template_fails_without_a_request(api, settings):
    settings.WHATSAPP_TEMPLATES = {}
    office, user = verified_user()
    message = message_deliver(message_id=accepted(user, office).pk)
    assert (message.state, message.attempts) == (MessageState.FAILED, 1)
    assert "No approved WhatsApp template is configured for 'submission_accepted'" in message.last_error
    assert api.requests == []

"""The outbox: written with its cause, sent after commit by a real Celery worker,
retried with backoff, never sent twice, and nothing lost when the broker is down."""

import socket
import time
from datetime import timedelta

import pytest
from aiosmtpd.controller import Controller
from django.core import mail
from django.db import transaction
from django.utils import timezone

from notifications.enums import MessageState
from notifications.models import Message
from notifications.services import (
    message_deliver,
    message_dispatch,
    message_queue,
    message_resend,
    outbox_flush,
    retry_delay,
)
from tests.conftest import close_other_db_sessions, start_test_worker
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def queue_membership_verified(user, key="k1"):
    return message_queue(
        template="membership_verified",
        recipient=user,
        context={"agency": "Dinas Uji", "note": "", "url": "/mulai/"},
        idempotency_key=key,
    )


def test_message_is_written_with_its_cause_and_rolled_back_with_it():
    user = UserFactory()
    with pytest.raises(RuntimeError), transaction.atomic():
        queue_membership_verified(user)
        raise RuntimeError("the cause failed")
    assert Message.objects.count() == 0


def test_idempotency_key_queues_a_message_once():
    user = UserFactory()
    first = queue_membership_verified(user)
    second = queue_membership_verified(user)
    assert first.pk == second.pk
    assert Message.objects.count() == 1


def test_message_is_rendered_in_the_recipients_language():
    indonesian = UserFactory(language="id")
    english = UserFactory(language="en")
    queue_membership_verified(indonesian, key="id")
    queue_membership_verified(english, key="en")
    assert outbox_flush(grace=timedelta(0)) == 2
    subjects = {m.to[0]: m.subject for m in mail.outbox}
    assert subjects[english.email] == "Your account is verified for Dinas Uji: you can now submit"
    assert subjects[indonesian.email] != subjects[english.email]
    assert "Dinas Uji" in subjects[indonesian.email]


def test_subjects_and_bodies_are_plain_text_never_html_escaped():
    """An agency named "Dinas P&K <Kota>" is written so in the subject line, not "Dinas P&amp;K &lt;Kota&gt;":
    e-mail subjects and text bodies are not HTML (notifications.services.render_text), whatever a template says."""
    user = UserFactory(language="en")
    name = 'Dinas P&K <Kota> "Baru"'
    message_queue(
        template="membership_verified",
        recipient=user,
        context={"agency": name, "note": "Sudah & beres", "url": "/mulai/"},
        idempotency_key="escaped",
    )
    # What allauth's account e-mails queue: subject and body already rendered.
    message_queue(
        template="prerendered",
        address="ani@example.go.id",
        context={"subject": "[Romantik] Ani & Budi <tim>", "body": "Halo & selamat <datang>"},
        idempotency_key="prerendered",
    )
    assert outbox_flush(grace=timedelta(0)) == 2
    sent = {m.to[0]: m for m in mail.outbox}
    assert sent[user.email].subject == f"Your account is verified for {name}: you can now submit"
    assert name in sent[user.email].body and "Sudah & beres" in sent[user.email].body
    assert sent["ani@example.go.id"].subject == "[Romantik] Ani & Budi <tim>"
    assert sent["ani@example.go.id"].body == "Halo & selamat <datang>\n"
    assert not any("&amp;" in m.subject + m.body or "&lt;" in m.subject + m.body for m in mail.outbox)


def test_delivery_is_once_even_when_repeated():
    message = queue_membership_verified(UserFactory())
    message_deliver(message_id=message.pk)
    message_deliver(message_id=message.pk)
    assert outbox_flush(grace=timedelta(0)) == 0
    assert len(mail.outbox) == 1
    message.refresh_from_db()
    assert (message.state, message.attempts) == (MessageState.SENT, 1)


def test_failures_back_off_exponentially_then_fail_and_can_be_resent(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 1  # nothing listens
    settings.OUTBOX_MAX_ATTEMPTS = 3
    settings.OUTBOX_BACKOFF_BASE_SECONDS = 30
    message = queue_membership_verified(UserFactory())

    before = timezone.now()
    message_deliver(message_id=message.pk)
    message.refresh_from_db()
    assert (message.state, message.attempts) == (MessageState.QUEUED, 1)
    assert "ConnectionRefusedError" in message.last_error
    assert timedelta(seconds=29) < message.next_attempt_at - before < timedelta(seconds=32)
    assert retry_delay(2) == timedelta(seconds=60)
    assert retry_delay(3) == timedelta(seconds=120)

    # Not due yet: the flush leaves it alone; once due it retries.
    assert outbox_flush(grace=timedelta(0)) == 0
    message.refresh_from_db()
    assert message.attempts == 1
    outbox_flush(now=timezone.now() + timedelta(minutes=1))
    outbox_flush(now=timezone.now() + timedelta(minutes=10))
    message.refresh_from_db()
    assert (message.state, message.attempts, message.next_attempt_at) == (MessageState.FAILED, 3, None)

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    message_resend(message=message)
    assert outbox_flush(grace=timedelta(0)) == 1
    message.refresh_from_db()
    assert message.state == MessageState.SENT


def test_broker_down_keeps_the_message_and_the_flush_sends_it(broker_down):
    started = time.monotonic()
    with transaction.atomic():
        message = queue_membership_verified(UserFactory())
    assert time.monotonic() - started < 5  # the request is not held up by the dead broker
    assert message_dispatch(message_id=message.pk) is False
    message.refresh_from_db()
    assert message.state == MessageState.QUEUED
    assert outbox_flush(grace=timedelta(0)) == 1
    message.refresh_from_db()
    assert message.state == MessageState.SENT


class _Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        self.messages.append(envelope)
        return "250 OK"


@pytest.fixture
def smtp_server(settings):
    inbox = _Inbox()
    with socket.socket() as probe:  # a free port on loopback
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    yield inbox
    controller.stop()


@pytest.mark.usefixtures("empty_broker_queue")
def test_real_worker_delivers_over_smtp_after_commit(smtp_server):
    """A real Celery worker on the configured broker takes the task queued at commit."""
    user = UserFactory(email="penerima@dinas.go.id")
    with start_test_worker():
        with transaction.atomic():
            message = queue_membership_verified(user)
        deadline = time.monotonic() + 60  # generous: CI machines are busy
        while time.monotonic() < deadline:
            message.refresh_from_db()
            if message.state == MessageState.SENT:
                break
            time.sleep(0.2)
    close_other_db_sessions()
    assert message.state == MessageState.SENT
    assert [e.rcpt_tos for e in smtp_server.messages] == [["penerima@dinas.go.id"]]
    assert b"Dinas Uji" in smtp_server.messages[0].content


@pytest.mark.django_db
def test_a_sent_invitation_no_longer_keeps_its_set_password_link():
    user = UserFactory()
    message = message_queue(
        template="account_invitation",
        recipient=user,
        context={
            "name": "Dewi",
            "email": user.email,
            "agency": "Dinas",
            "office": "BPS",
            "officer": "Rina",
            "days": 3,
            "url": "/akun/undangan/abc/rahasia-123/",
            "reset_url": "/akun/password/reset/",
        },  # fmt: skip
        idempotency_key="invitation-scrub",
    )
    message_deliver(message_id=message.pk)
    message.refresh_from_db()
    assert message.state == MessageState.SENT
    assert "/akun/undangan/abc/rahasia-123/" in mail.outbox[-1].body
    assert "rahasia-123" not in str(message.context) and message.context["reset_url"] == "/akun/password/reset/"

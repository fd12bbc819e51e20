"""Writing messages to the outbox and delivering them.

A message is written in the caller's transaction and handed to Celery only
after commit. If the broker cannot take it, the row stays queued and the
periodic `outbox_flush` delivers it later: nothing is lost. Delivery locks the
row and re-checks its state, so a redelivered task never sends twice.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone, translation

from .enums import Channel, MessageState
from .models import Message

logger = logging.getLogger(__name__)


def message_queue(
    *,
    template: str,
    context: dict | None = None,
    recipient=None,
    address: str = "",
    channel: str = Channel.EMAIL,
    language: str | None = None,
    idempotency_key: str | None = None,
    subject_ref: str = "",
) -> Message:
    """Write a message to the outbox; it is sent after the current transaction commits.

    With an idempotency key, queueing the same message twice returns the first row.
    """
    if recipient is not None:
        address = address or recipient.email
        language = language or recipient.language
    if not address:
        raise ValueError("A message needs a recipient or an address")
    defaults = {
        "recipient": recipient,
        "address": address,
        "channel": channel,
        "template": template,
        "context": context or {},
        "language": language or settings.LANGUAGE_CODE,
        "subject_ref": subject_ref,
    }
    if idempotency_key:
        message, created = Message.objects.get_or_create(idempotency_key=idempotency_key, defaults=defaults)
        if not created:
            return message
    else:
        message = Message.objects.create(**defaults)
    transaction.on_commit(lambda: message_dispatch(message_id=message.pk))
    return message


def message_dispatch(*, message_id: int) -> bool:
    """Hand a message to the broker; False (and the row stays queued) when the broker is down."""
    from .tasks import message_deliver_task

    try:
        message_deliver_task.apply_async(
            args=[message_id],
            retry=False,
            timeout=settings.CELERY_PUBLISH_TIMEOUT,
        )
    except Exception as exc:  # noqa: BLE001 - any broker failure leaves the message for the flush
        logger.warning("Broker unavailable, message %s stays in the outbox: %s", message_id, exc)
        return False
    return True


def message_render(*, message: Message) -> tuple[str, str]:
    """Subject and body in the recipient's language."""
    context = {**message.context, "site_url": settings.SITE_URL}
    base = f"notifications/messages/{message.template}"
    with translation.override(message.language):
        subject = render_to_string(f"{base}/subject.txt", context).strip()
        body = render_to_string(f"{base}/body.txt", context).strip() + "\n"
    return " ".join(subject.split()), body


def _send(message: Message) -> None:
    subject, body = message_render(message=message)
    email = EmailMessage(
        subject=subject,
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[message.address],
        headers={"X-Romantik-Message-Id": message.idempotency_key},
    )
    email.send(fail_silently=False)


def retry_delay(attempts: int) -> timedelta:
    """Exponential backoff: base, 2×base, 4×base, …"""
    return timedelta(seconds=settings.OUTBOX_BACKOFF_BASE_SECONDS * 2 ** max(attempts - 1, 0))


def message_deliver(*, message_id: int) -> Message | None:
    """Send one queued message once. Returns the message; raises nothing on send errors:
    they are recorded on the row (attempts, last error, next attempt or failed)."""
    with transaction.atomic():
        message = Message.objects.select_for_update().filter(pk=message_id).first()
        if message is None or message.state != MessageState.QUEUED:
            return message
        try:
            _send(message)
        except Exception as exc:  # noqa: BLE001 - SMTP and template errors alike are recorded
            message.attempts += 1
            message.last_error = f"{type(exc).__name__}: {exc}"[:2000]
            if message.attempts >= settings.OUTBOX_MAX_ATTEMPTS:
                message.state = MessageState.FAILED
                message.next_attempt_at = None
                logger.error("Message %s failed after %s attempts: %s", message.pk, message.attempts, exc)
            else:
                message.next_attempt_at = timezone.now() + retry_delay(message.attempts)
            message.save(update_fields=["attempts", "last_error", "state", "next_attempt_at"])
            return message
        message.attempts += 1
        message.state = MessageState.SENT
        message.sent_at = timezone.now()
        message.next_attempt_at = None
        message.save(update_fields=["attempts", "state", "sent_at", "next_attempt_at"])
        return message


def messages_due(*, now=None, grace: timedelta = timedelta(seconds=30)):
    """Queued messages the flush should (re)try: due retries, and first tries the broker never ran."""
    now = now or timezone.now()
    return Message.objects.filter(state=MessageState.QUEUED).filter(
        Q(next_attempt_at__lte=now) | Q(next_attempt_at__isnull=True, created_at__lte=now - grace)
    )


def outbox_flush(*, limit: int = 500, now=None, grace: timedelta = timedelta(seconds=30)) -> int:
    """Deliver what is due; returns how many messages were sent."""
    sent = 0
    for message_id in messages_due(now=now, grace=grace).order_by("created_at").values_list("pk", flat=True)[:limit]:
        message = message_deliver(message_id=message_id)
        if message is not None and message.state == MessageState.SENT:
            sent += 1
    return sent


def message_resend(*, message: Message) -> Message:
    """Put a failed message back in the queue (an office admin's action)."""
    message.state = MessageState.QUEUED
    message.attempts = 0
    message.next_attempt_at = None
    message.save(update_fields=["state", "attempts", "next_attempt_at"])
    transaction.on_commit(lambda: message_dispatch(message_id=message.pk))
    return message

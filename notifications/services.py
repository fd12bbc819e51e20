"""Writing messages to the outbox and delivering them.

A message is written in the caller's transaction and handed to Celery only
after commit. If the broker cannot take it, the row stays queued and the
periodic `outbox_flush` delivers it later: nothing is lost. Delivery locks the
row and re-checks its state, so a redelivered task never sends twice.
"""

import hashlib
import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone, translation

from .enums import Channel, MessageState
from .models import ChannelPreference, Message
from .whatsapp import phone_normalise, whatsapp_enabled, whatsapp_send

WHATSAPP_MAX_CHARS = 4096

logger = logging.getLogger(__name__)


def office_offers_whatsapp(user) -> bool:
    """Whether the user's office sends WhatsApp: the responsible office of their agency, or any office they staff."""
    from romantik.selectors import membership_of, office_for_agency, offices_of

    membership = membership_of(user)
    if membership is not None and office_for_agency(membership.agency).whatsapp_enabled:
        return True
    return offices_of(user).filter(whatsapp_enabled=True).exists()


def whatsapp_available(user) -> bool:
    """WhatsApp can reach this user at all: it is configured and they have a usable phone number."""
    return whatsapp_enabled() and bool(phone_normalise(user.phone))


def whatsapp_preference(user) -> bool | None:
    """True/False as the user chose; None when they have not (their office's default applies)."""
    return ChannelPreference.objects.filter(user=user).values_list("whatsapp", flat=True).first()


def channels_for(user) -> set[str]:
    """The channels a user's messages go to: e-mail always; WhatsApp when available and chosen
    (or not chosen either way and their office offers it)."""
    channels = {Channel.EMAIL.value}
    if whatsapp_available(user):
        preference = whatsapp_preference(user)
        if preference or (preference is None and office_offers_whatsapp(user)):
            channels.add(Channel.WHATSAPP.value)
    return channels


def channel_preference_set(*, user, whatsapp: bool | None) -> ChannelPreference:
    preference, _ = ChannelPreference.objects.update_or_create(user=user, defaults={"whatsapp": whatsapp})
    return preference


def _message_write(*, idempotency_key: str | None, defaults: dict) -> Message:
    if idempotency_key:
        message, created = Message.objects.get_or_create(idempotency_key=idempotency_key, defaults=defaults)
        if not created:
            return message
    else:
        message = Message.objects.create(**defaults)
    transaction.on_commit(lambda: message_dispatch(message_id=message.pk))
    return message


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
    office=None,
) -> Message:
    """Write a message to the outbox; it is sent after the current transaction commits.

    With an idempotency key, queueing the same message twice returns the first row.
    When the recipient receives WhatsApp (see `channels_for`), a WhatsApp copy is written
    too (key + ":wa"); the e-mail message is returned.
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
        "office": office,
    }
    message = _message_write(idempotency_key=idempotency_key, defaults=defaults)
    if recipient is not None and channel == Channel.EMAIL and Channel.WHATSAPP in channels_for(recipient):
        _message_write(
            idempotency_key=f"{idempotency_key}:wa" if idempotency_key else None,
            defaults={**defaults, "channel": Channel.WHATSAPP, "address": phone_normalise(recipient.phone)},
        )
    return message


def message_queue_many(*, items: list[dict]) -> int:
    """Many messages at once (the daily deadline sweep), as `message_queue` for each item but in a fixed
    number of queries: one read of the keys already queued, one insert, one read of the new ids, whose
    dispatch runs after commit. Each item has the keyword arguments of `message_queue`, with a recipient and
    an idempotency key (required here). A key already queued is skipped (a concurrent writer's row wins the
    insert; delivery re-checks the state, so nothing is sent twice). Returns how many items were queued or
    found already queued."""
    rows, channels = [], {}
    for item in items:
        recipient, key = item["recipient"], item["idempotency_key"]
        defaults = {
            "recipient": recipient,
            "address": recipient.email,
            "channel": Channel.EMAIL,
            "template": item["template"],
            "context": item.get("context") or {},
            "language": recipient.language or settings.LANGUAGE_CODE,
            "subject_ref": item.get("subject_ref", ""),
            "office": item.get("office"),
        }
        rows.append(Message(idempotency_key=key, **defaults))
        if recipient.pk not in channels:
            channels[recipient.pk] = channels_for(recipient)
        if Channel.WHATSAPP in channels[recipient.pk]:
            address = phone_normalise(recipient.phone)
            rows.append(
                Message(idempotency_key=f"{key}:wa", **{**defaults, "channel": Channel.WHATSAPP, "address": address})
            )
    keys = [row.idempotency_key for row in rows]
    existing = set(Message.objects.filter(idempotency_key__in=keys).values_list("idempotency_key", flat=True))
    new = [row for row in rows if row.idempotency_key not in existing]
    if new:
        Message.objects.bulk_create(new, ignore_conflicts=True)
        ids = list(
            Message.objects.filter(idempotency_key__in=[row.idempotency_key for row in new]).values_list(
                "pk", flat=True
            )
        )
        transaction.on_commit(lambda: _dispatch_all(ids))
    return len(items)


# Messages handed to the broker together by `message_queue_many`: one task each, so that thousands of
# reminders cost a few publishes while several workers still share them.
DISPATCH_CHUNK = 100


def _dispatch_all(ids: list[int]) -> None:
    """Hand the messages to the broker in chunks; at the first refusal stop waiting on it: the rest stay
    queued and the periodic flush delivers them."""
    from .tasks import messages_deliver_task

    for start in range(0, len(ids), DISPATCH_CHUNK):
        try:
            messages_deliver_task.apply_async(
                args=[ids[start : start + DISPATCH_CHUNK]], retry=False, timeout=settings.CELERY_PUBLISH_TIMEOUT
            )
        except Exception as exc:  # noqa: BLE001 - any broker failure leaves the messages for the flush
            logger.warning("Broker unavailable, %s messages stay in the outbox: %s", len(ids) - start, exc)
            return


def messages_deliver(*, message_ids: list[int]) -> int:
    """Deliver several queued messages, each as `message_deliver` (locked, sent once, a failure recorded
    with its next attempt, which the periodic flush makes); returns how many of them are sent by now."""
    sent = 0
    for message_id in message_ids:
        message = message_deliver(message_id=message_id)
        sent += message is not None and message.state == MessageState.SENT
    return sent


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


def message_whatsapp_text(*, message: Message) -> str:
    """The WhatsApp text: the subject line, a blank line, the body; at most 4096 characters."""
    subject, body = message_render(message=message)
    text = f"{subject}\n\n{body}".strip()
    if len(text) > WHATSAPP_MAX_CHARS:
        text = text[: WHATSAPP_MAX_CHARS - 1].rstrip() + "…"
    return text


def message_id_header(message: Message) -> str:
    """A stable RFC 5322 Message-ID derived from the idempotency key."""
    digest = hashlib.sha256(message.idempotency_key.encode()).hexdigest()[:32]
    return f"<{message.pk}.{digest}@{settings.MESSAGE_ID_DOMAIN}>"


def _send(message: Message) -> None:
    if message.channel == Channel.WHATSAPP:
        provider_id = whatsapp_send(to=message.address, text=message_whatsapp_text(message=message))
        logger.info("Message %s sent by WhatsApp as %s", message.pk, provider_id)
        return
    subject, body = message_render(message=message)
    email = EmailMessage(
        subject=subject,
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[message.address],
        # A redelivered send carries the same Message-ID, so mail stores can recognise a copy.
        headers={"Message-ID": message_id_header(message), "X-Romantik-Message-Id": message.idempotency_key},
    )
    email.send(fail_silently=False)


def retry_delay(attempts: int) -> timedelta:
    """Exponential backoff: base, 2×base, 4×base, …"""
    return timedelta(seconds=settings.OUTBOX_BACKOFF_BASE_SECONDS * 2 ** max(attempts - 1, 0))


# Context keys that hold a secret (a set-password link, an e-mail with a verification or reset link): once the
# message is sent they are blanked, so the outbox does not keep working credentials for anyone reading the table.
SECRET_CONTEXT = {"account_invitation": ("url",), "prerendered": ("body",)}
SCRUBBED = "[dihapus setelah terkirim]"


def _scrub(message: Message) -> None:
    for key in SECRET_CONTEXT.get(message.template, ()):
        if key in message.context:
            message.context[key] = SCRUBBED


def message_deliver(*, message_id: int) -> Message | None:
    """Send one queued message once. Returns the message; raises nothing on send errors:
    they are recorded on the row (attempts, last error, next attempt or failed)."""
    with transaction.atomic():
        message = Message.objects.select_for_update().filter(pk=message_id).first()
        if message is None or message.state != MessageState.QUEUED:
            return message
        try:
            _send(message)
        except Exception as exc:  # noqa: BLE001 - SMTP, WhatsApp and template errors alike are recorded
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
        _scrub(message)
        message.save(update_fields=["attempts", "state", "sent_at", "next_attempt_at", "context"])
        return message


def _flush_grace() -> timedelta:
    return timedelta(seconds=settings.OUTBOX_FLUSH_GRACE_SECONDS)


def messages_due(*, now=None, grace: timedelta | None = None):
    """Queued messages the flush should (re)try: due retries, and first tries the broker never ran."""
    now = now or timezone.now()
    grace = _flush_grace() if grace is None else grace
    return Message.objects.filter(state=MessageState.QUEUED).filter(
        Q(next_attempt_at__lte=now) | Q(next_attempt_at__isnull=True, created_at__lte=now - grace)
    )


def outbox_flush(*, limit: int = 500, now=None, grace: timedelta | None = None) -> int:
    """Deliver what is due; returns how many messages were sent."""
    sent = 0
    for message_id in messages_due(now=now, grace=grace).order_by("created_at").values_list("pk", flat=True)[:limit]:
        message = message_deliver(message_id=message_id)
        if message is not None and message.state == MessageState.SENT:
            sent += 1
    return sent


def message_resend(*, message: Message, actor=None) -> Message:
    """Put a failed message back in the queue (an office admin's action) and send it after commit.

    With an actor, they must hold `notifications.resend_message` (the admin of the message's office);
    without one (the site admin's action, tests) no check is made. Only a failed message is re-queued:
    a repeated click on one already queued or sent returns it unchanged. The last error is kept, so the
    log still shows why it failed until a new attempt replaces it.
    """
    from django.core.exceptions import PermissionDenied

    if actor is not None and not actor.has_perm("notifications.resend_message", message):
        raise PermissionDenied
    with transaction.atomic():
        locked = Message.objects.select_for_update().get(pk=message.pk)
        if locked.state != MessageState.FAILED:
            return locked
        locked.state = MessageState.QUEUED
        locked.attempts = 0
        locked.next_attempt_at = None
        locked.save(update_fields=["state", "attempts", "next_attempt_at"])
        transaction.on_commit(lambda: message_dispatch(message_id=locked.pk))
    return locked

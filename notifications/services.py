"""Writing messages to the outbox and delivering them.

A message is written in the caller's transaction and handed to Celery only
after commit. If the broker cannot take it, the row stays queued and the
periodic `outbox_flush` delivers it later: nothing is lost. Delivery locks the
row and re-checks its state, so a redelivered task never sends twice.
"""

import hashlib
import logging
import secrets
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Q
from django.template import Context
from django.template.loader import get_template
from django.utils import timezone, translation
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from romantik.models import Office
from romantik.officetime import zone_of_code

from .enums import Channel, MessageState
from .models import ChannelPreference, Message, WhatsAppCode
from .whatsapp import Outgoing, phone_normalise, template_for, whatsapp_deliver, whatsapp_enabled

WHATSAPP_MAX_CHARS = 4096

logger = logging.getLogger(__name__)


def whatsapp_office(user):
    """The office that sends this user WhatsApp (Office.whatsapp_enabled): the responsible office of their agency,
    else the first office they staff that does; None when none does (they are not offered WhatsApp)."""
    from romantik.selectors import membership_of, office_for_agency, offices_of

    membership = membership_of(user)
    if membership is not None:
        office = office_for_agency(membership.agency)
        if office.whatsapp_enabled:
            return office
    return offices_of(user).filter(whatsapp_enabled=True).order_by("code").first()


def office_offers_whatsapp(user) -> bool:
    """Whether the user's office sends WhatsApp: the responsible office of their agency, or any office they staff."""
    return whatsapp_office(user) is not None


def whatsapp_offered(user) -> bool:
    """WhatsApp may be offered to this user: the portal can send it and their office promises it."""
    return whatsapp_enabled() and office_offers_whatsapp(user)


def whatsapp_verified_number(user) -> str:
    """The number the user verified (E.164 digits), "" when none."""
    preference = ChannelPreference.objects.filter(user=user).first()
    if preference is None or preference.whatsapp_verified_at is None:
        return ""
    return preference.whatsapp_number


def whatsapp_available(user) -> bool:
    """WhatsApp can reach this user: it is offered to them and they verified their number."""
    return bool(whatsapp_verified_number(user)) and whatsapp_offered(user)


def whatsapp_preference(user) -> bool | None:
    """True/False as the user chose; None when they have not (their office's default applies)."""
    return ChannelPreference.objects.filter(user=user).values_list("whatsapp", flat=True).first()


def whatsapp_address(user) -> str:
    """The number the user's messages are copied to by WhatsApp; "" when they get e-mail only. WhatsApp goes only
    to a verified number, only when the user's office promises it (and the portal can send it), and not when the
    user turned it off. No query when WhatsApp is off; one for a person without a verified number."""
    if not whatsapp_enabled():
        return ""
    preference = ChannelPreference.objects.filter(user=user).first()
    if preference is None or preference.whatsapp_verified_at is None or preference.whatsapp is False:
        return ""
    number = preference.whatsapp_number
    return number if number and office_offers_whatsapp(user) else ""


def channels_for(user) -> set[str]:
    """The channels a user's messages go to: e-mail always; WhatsApp as `whatsapp_address` says."""
    channels = {Channel.EMAIL.value}
    if whatsapp_address(user):
        channels.add(Channel.WHATSAPP.value)
    return channels


def channel_preference_set(*, user, whatsapp: bool | None) -> ChannelPreference:
    preference, _created = ChannelPreference.objects.update_or_create(user=user, defaults={"whatsapp": whatsapp})
    return preference


# --- verifying a WhatsApp number: a 6-digit code sent to it through the outbox -------------------------------

WHATSAPP_CODE_TEMPLATE = "whatsapp_code"
WHATSAPP_CODE_VALID_MINUTES = 10
WHATSAPP_CODE_MAX_ATTEMPTS = 5  # wrong codes before a new one must be asked for
WHATSAPP_CODE_RESEND_SECONDS = 60  # between two codes
WHATSAPP_CODES_PER_HOUR = 5  # per person and per number


def _code_hash(user, number: str, code: str) -> str:
    return salted_hmac("notifications.whatsapp_code", f"{user.pk}:{number}:{code}", algorithm="sha256").hexdigest()


def whatsapp_code_pending(user) -> WhatsAppCode | None:
    """The code being verified, while it can still be typed (not expired, attempts left)."""
    pending = WhatsAppCode.objects.filter(user=user).first()
    if pending is None or pending.expires_at <= timezone.now() or pending.attempts >= WHATSAPP_CODE_MAX_ATTEMPTS:
        return None
    return pending


def whatsapp_code_send(*, user, number: str, now=None) -> WhatsAppCode:
    """Send a new 6-digit code by WhatsApp to `number` (as typed) for the user to type back; it replaces any earlier
    code. Refuses (ValidationError) a number that is not a mobile number, a user not offered WhatsApp, a second code
    within a minute and more than five an hour per person or per number."""
    normalised = phone_normalise(number)
    if not normalised:
        raise ValidationError({"number": _("Enter a mobile number connected to WhatsApp, for example 0812-3456-7890.")})
    office = whatsapp_office(user)
    if not whatsapp_enabled() or office is None:
        raise ValidationError(_("WhatsApp notifications are not available for your account."))
    now = now or timezone.now()
    with transaction.atomic():
        previous = WhatsAppCode.objects.select_for_update().filter(user=user).first()
        if previous is not None:
            wait = WHATSAPP_CODE_RESEND_SECONDS - int((now - previous.sent_at).total_seconds())
            if wait > 0:
                raise ValidationError(
                    {
                        "number": ngettext(
                            "A code was just sent. Wait %(seconds)d second before asking for another one.",
                            "A code was just sent. Wait %(seconds)d seconds before asking for another one.",
                            wait,
                        )
                        % {"seconds": wait}
                    }
                )
        recent = (
            Message.objects.filter(template=WHATSAPP_CODE_TEMPLATE, created_at__gte=now - timedelta(hours=1))
            .filter(Q(recipient=user) | Q(address=normalised))
            .count()
        )
        if recent >= WHATSAPP_CODES_PER_HOUR:
            raise ValidationError(
                {"number": _("Too many codes were asked for in the last hour. Try again in an hour.")}
            )
        code = f"{secrets.randbelow(10**6):06d}"
        pending, _created = WhatsAppCode.objects.update_or_create(
            user=user,
            defaults={
                "number": normalised,
                "code_hash": _code_hash(user, normalised, code),
                "sent_at": now,
                "expires_at": now + timedelta(minutes=WHATSAPP_CODE_VALID_MINUTES),
                "attempts": 0,
            },
        )
        message_queue(
            template=WHATSAPP_CODE_TEMPLATE,
            recipient=user,
            address=normalised,
            channel=Channel.WHATSAPP,
            context={"code": code, "minutes": WHATSAPP_CODE_VALID_MINUTES},
            subject_ref="account:whatsapp_code",
            office=office,
        )
    return pending


def whatsapp_code_verify(*, user, code: str, now=None) -> ChannelPreference:
    """Check the code the user typed: right, their number is verified and WhatsApp turned on for them; wrong,
    expired or tried too often, a ValidationError says which (and a wrong code counts as an attempt)."""
    now = now or timezone.now()
    typed = "".join((code or "").split())
    with transaction.atomic():
        pending = WhatsAppCode.objects.select_for_update().filter(user=user).first()
        if pending is None:
            error = _("Ask for a code first: enter your number and press “Send code”.")
        elif pending.expires_at <= now:
            error = _("This code has expired. Ask for a new code.")
        elif pending.attempts >= WHATSAPP_CODE_MAX_ATTEMPTS:
            error = _("Too many wrong codes. Ask for a new code.")
        elif not (typed.isdigit() and len(typed) == 6):
            error = _("The code has 6 digits.")
        elif not constant_time_compare(_code_hash(user, pending.number, typed), pending.code_hash):
            pending.attempts += 1
            pending.save(update_fields=["attempts"])
            left = WHATSAPP_CODE_MAX_ATTEMPTS - pending.attempts
            error = (
                ngettext(
                    "This code is not right. %(left)d attempt left.",
                    "This code is not right. %(left)d attempts left.",
                    left,
                )
                % {"left": left}
                if left
                else _("Too many wrong codes. Ask for a new code.")
            )
        else:
            error = None
            preference, _created = ChannelPreference.objects.update_or_create(
                user=user,
                defaults={"whatsapp_number": pending.number, "whatsapp_verified_at": now, "whatsapp": True},
            )
            pending.delete()
    if error:
        raise ValidationError({"code": error})
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
    number = whatsapp_address(recipient) if recipient is not None and channel == Channel.EMAIL else ""
    if number:
        _message_write(
            idempotency_key=f"{idempotency_key}:wa" if idempotency_key else None,
            defaults={**defaults, "channel": Channel.WHATSAPP, "address": number},
        )
    return message


def message_queue_many(*, items: list[dict]) -> int:
    """Many messages at once (the daily deadline sweep), as `message_queue` for each item but in a fixed
    number of queries: one read of the keys already queued, one insert, one read of the new ids, whose
    dispatch runs after commit. Each item has the keyword arguments of `message_queue`, with a recipient and
    an idempotency key (required here). A key already queued is skipped (a concurrent writer's row wins the
    insert; delivery re-checks the state, so nothing is sent twice). Returns how many items were queued or
    found already queued."""
    rows, numbers = [], {}
    # The verified numbers of all recipients in one query; only their owners' offices are then looked at.
    verified = (
        dict(
            ChannelPreference.objects.filter(
                user_id__in={item["recipient"].pk for item in items}, whatsapp_verified_at__isnull=False
            )
            .exclude(whatsapp_number="")
            .exclude(whatsapp=False)
            .values_list("user_id", "whatsapp_number")
        )
        if items and whatsapp_enabled()
        else {}
    )
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
        if recipient.pk not in numbers:
            number = verified.get(recipient.pk, "")
            numbers[recipient.pk] = number if number and office_offers_whatsapp(recipient) else ""
        if numbers[recipient.pk]:
            address = numbers[recipient.pk]
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


def render_text(template_name: str, context: dict) -> str:
    """A plain-text template (a subject line, a text body, a WhatsApp text) rendered without HTML escaping,
    whatever the template says: "Dinas P&K" stays "Dinas P&K", not "Dinas P&amp;K". An HTML part, were there one,
    is rendered with render_to_string and escaped as usual."""
    return get_template(template_name).template.render(Context(context, autoescape=False))


def message_render(*, message: Message) -> tuple[str, str]:
    """Subject and body in the recipient's language and, for a message on an office's behalf, in the office's
    time zone (WIB/WITA/WIT; a time in the context is best written with romantik.officetime.office_zoned_text);
    both plain text (`render_text`)."""
    context = {**message.context, "site_url": settings.SITE_URL}
    base = f"notifications/messages/{message.template}"
    code = (
        Office.objects.filter(pk=message.office_id).values_list("code", flat=True).first()
        if message.office_id
        else None
    )
    zone = zone_of_code(code) if code else timezone.get_current_timezone()
    with translation.override(message.language), timezone.override(zone):
        subject = render_text(f"{base}/subject.txt", context).strip()
        body = render_text(f"{base}/body.txt", context).strip() + "\n"
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


def _absolute(url) -> str:
    url = str(url or "")
    return url if not url or url.startswith(("http://", "https://")) else f"{settings.SITE_URL}{url}"


def message_whatsapp(*, message: Message) -> Outgoing:
    """The WhatsApp message for an outbox row: its text, and the approved template with its parameters (the
    context's values, "subject": the subject line in the recipient's language, "link": the page's full address)."""
    subject, _body = message_render(message=message)
    values = {**message.context, "subject": subject, "link": _absolute(message.context.get("url"))}
    with translation.override(message.language):
        template = template_for(template=message.template, language=message.language, values=values)
    return Outgoing(
        to=message.address,
        text=message_whatsapp_text(message=message),
        template=template,
        message_id=message.pk,
        message_template=message.template,
    )


def _send(message: Message) -> None:
    if message.channel == Channel.WHATSAPP:
        provider_id = whatsapp_deliver(message_whatsapp(message=message))
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


# Context keys that hold a secret (a set-password link, an e-mail with a verification or reset link, a complaint's
# tracking link and key): once the message is sent they are blanked, so the outbox does not keep working
# credentials for anyone reading the table.
SECRET_CONTEXT = {
    "account_invitation": ("url",),
    "staff_invitation": ("url",),
    "prerendered": ("body",),
    "complaint_filed": ("url", "tracking_key"),
    "complaint_link": ("url", "tracking_key"),
    WHATSAPP_CODE_TEMPLATE: ("code",),
}
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
            # A permanent refusal (the WhatsApp API's HTTP 4xx, no approved template) fails at once: a retry
            # would be refused the same way.
            if message.attempts >= settings.OUTBOX_MAX_ATTEMPTS or getattr(exc, "permanent", False):
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

"""The outbox: one row per message, written in the same transaction as its cause."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .enums import Channel, MessageState


class Message(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="messages"
    )
    address = models.CharField(_("address"), max_length=254, help_text=_("E-mail address or phone number."))
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices, default=Channel.EMAIL)
    template = models.CharField(_("template"), max_length=100)
    context = models.JSONField(_("context"), default=dict, blank=True)
    language = models.CharField(_("language"), max_length=5, default=settings.LANGUAGE_CODE)
    state = models.CharField(_("state"), max_length=10, choices=MessageState.choices, default=MessageState.QUEUED)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    # Makes "send once" hold across retries, duplicate events and redelivered tasks.
    idempotency_key = models.CharField(max_length=200, unique=True, default=uuid.uuid4)
    # Optional link to what caused the message, e.g. "submissions.submission:12".
    subject_ref = models.CharField(max_length=100, blank=True, db_index=True)
    # The BPS office on whose behalf it was sent: its admins see (and resend) its failed messages.
    office = models.ForeignKey(
        "romantik.Office", null=True, blank=True, on_delete=models.SET_NULL, related_name="messages"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["state", "next_attempt_at"], name="outbox_due_idx"),
            models.Index(fields=["office", "state", "-created_at"], name="outbox_office_idx"),
        ]
        verbose_name = _("message")
        verbose_name_plural = _("messages")

    def __str__(self):
        return f"{self.template} → {self.address} ({self.state})"


class ChannelPreference(models.Model):
    """How a person wants to be told. E-mail is always on for account mail; WhatsApp None = what their office offers."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="channel_preference")
    email = models.BooleanField(_("e-mail"), default=True)
    whatsapp = models.BooleanField(_("WhatsApp"), null=True, blank=True, help_text=_("Empty: as the office offers."))
    # The WhatsApp number (E.164 digits) the person proved is theirs with a code sent to it; messages go only there.
    whatsapp_number = models.CharField(_("WhatsApp number"), max_length=20, blank=True)
    whatsapp_verified_at = models.DateTimeField(_("WhatsApp number verified at"), null=True, blank=True)

    class Meta:
        verbose_name = _("channel preference")
        verbose_name_plural = _("channel preferences")

    def __str__(self):
        return f"{self.user}: e-mail={self.email}, WhatsApp={self.whatsapp}"


class WhatsAppCode(models.Model):
    """A number being verified: the code sent to it by WhatsApp (only its hash is kept), until it expires or too
    many wrong codes were typed. One per person: asking again replaces it."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="whatsapp_code")
    number = models.CharField(_("WhatsApp number"), max_length=20)
    code_hash = models.CharField(max_length=128)
    sent_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    attempts = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("WhatsApp verification code")
        verbose_name_plural = _("WhatsApp verification codes")

    def __str__(self):
        return f"{self.user}: {self.number}"

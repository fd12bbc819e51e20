from django.db import models
from django.utils.translation import pgettext_lazy


class Channel(models.TextChoices):
    EMAIL = "email", pgettext_lazy("channel", "E-mail")
    WHATSAPP = "whatsapp", pgettext_lazy("channel", "WhatsApp")


class MessageState(models.TextChoices):
    QUEUED = "queued", pgettext_lazy("message state", "Queued")
    SENT = "sent", pgettext_lazy("message state", "Sent")
    FAILED = "failed", pgettext_lazy("message state", "Failed")

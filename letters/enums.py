from django.db import models
from django.utils.translation import pgettext_lazy


class LetterState(models.TextChoices):
    """A letter's life: drafted by the reviewer, rendered, sent to the head, signed (final)."""

    DRAFT = "draf", pgettext_lazy("letter state", "Draft")
    AWAITING_SIGNATURE = "menunggu_ttd", pgettext_lazy("letter state", "Awaiting signature")
    RETURNED = "dikembalikan", pgettext_lazy("letter state", "Returned by the head")
    SIGNED = "ditandatangani", pgettext_lazy("letter state", "Signed")


class RenderState(models.TextChoices):
    PENDING = "antre", pgettext_lazy("render state", "Being prepared")
    READY = "siap", pgettext_lazy("render state", "Ready")
    FAILED = "gagal", pgettext_lazy("render state", "Failed")

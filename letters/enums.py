from django.db import models
from django.utils.translation import pgettext_lazy


class LetterState(models.TextChoices):
    """A letter's life: drafted by the reviewer, rendered, sent to the head, signed (final)."""

    DRAFT = "draf", pgettext_lazy("letter state", "Draft")
    AWAITING_SIGNATURE = "menunggu_ttd", pgettext_lazy("letter state", "Awaiting signature")
    RETURNED = "dikembalikan", pgettext_lazy("letter state", "Returned by the head")
    SIGNED = "ditandatangani", pgettext_lazy("letter state", "Signed")


# The one table of a letter's life (letters/workflow.py, letter_transition): sent to the head from a draft or
# after the head sent it back; the head signs it or sends it back; a signed letter never changes.
LETTER_ALLOWED = {
    LetterState.DRAFT: {LetterState.AWAITING_SIGNATURE},
    LetterState.AWAITING_SIGNATURE: {LetterState.RETURNED, LetterState.SIGNED},
    LetterState.RETURNED: {LetterState.AWAITING_SIGNATURE},
    LetterState.SIGNED: set(),
}


class RenderState(models.TextChoices):
    PENDING = "antre", pgettext_lazy("render state", "Being prepared")
    READY = "siap", pgettext_lazy("render state", "Ready")
    FAILED = "gagal", pgettext_lazy("render state", "Failed")


class SigningState(models.TextChoices):
    """A signing job (letters.issuing): the head's click, carried out by a Celery task."""

    QUEUED = "antre", pgettext_lazy("signing state", "Queued")
    RUNNING = "berjalan", pgettext_lazy("signing state", "Being signed")
    DONE = "selesai", pgettext_lazy("signing state", "Done")
    FAILED = "gagal", pgettext_lazy("signing state", "Failed")


# A letter has at most one open job (letters.models.SigningJob's constraint).
OPEN_SIGNING_STATES = (SigningState.QUEUED, SigningState.RUNNING)


class BsreAttemptState(models.TextChoices):
    """One call to BSrE's sign endpoint (letters.bsre, BsreSignAttempt): the outcome of a call that was sent but not
    answered is unknown until the service is asked again (settled)."""

    SENDING = "dikirim", pgettext_lazy("bsre attempt", "Sent, waiting for the answer")
    SIGNED = "ditandatangani", pgettext_lazy("bsre attempt", "Signed and confirmed")
    RECEIVED = "diterima", pgettext_lazy("bsre attempt", "Signed file received, not confirmed yet")
    UNKNOWN = "dikonfirmasi", pgettext_lazy("bsre attempt", "Being confirmed")
    REFUSED = "ditolak", pgettext_lazy("bsre attempt", "Refused by the service")
    FAILED = "gagal", pgettext_lazy("bsre attempt", "Not sent")
    NOT_SIGNED = "tidak_ditandatangani", pgettext_lazy("bsre attempt", "Confirmed: no signature received")


# The attempts whose outcome is not settled: no new sign call for the letter while one exists.
UNSETTLED_BSRE_STATES = (BsreAttemptState.SENDING, BsreAttemptState.RECEIVED, BsreAttemptState.UNKNOWN)

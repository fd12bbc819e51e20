"""Recommendation letters and the heads' signing certificates."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from romantik.transitions import StateChange

from .enums import (
    OPEN_SIGNING_STATES,
    UNSETTLED_BSRE_STATES,
    BsreAttemptState,
    LetterState,
    RenderState,
    SigningState,
)


def _draft_path(instance, filename):
    return f"letters/drafts/{instance.submission_id}/{uuid.uuid4().hex}.pdf"


def _lampiran_path(instance, filename):
    return f"letters/lampiran/{instance.submission_id}/{uuid.uuid4().hex}.pdf"


def _signed_path(instance, filename):
    return f"letters/signed/{instance.submission_id}/{uuid.uuid4().hex}.pdf"


class Letter(models.Model):
    """The letter of one submission's decision. Editable until signed; a signed letter never changes."""

    submission = models.OneToOneField("submissions.Submission", on_delete=models.PROTECT, related_name="letter")
    # The office whose letterhead and numbering the letter uses, and the one whose head signs it.
    office = models.ForeignKey("romantik.Office", on_delete=models.PROTECT, related_name="letters")
    signer_office = models.ForeignKey("romantik.Office", on_delete=models.PROTECT, related_name="letters_to_sign")
    state = models.CharField(_("state"), max_length=16, choices=LetterState.choices, default=LetterState.DRAFT)
    decision = models.CharField(_("decision"), max_length=20)  # review.enums.State.FEASIBLE / NOT_FEASIBLE

    # Free-text parts the reviewer may edit before sending to the head.
    sifat = models.CharField(_("nature (sifat)"), max_length=50, default="Biasa")
    subject = models.CharField(_("subject (hal)"), max_length=250)
    addressee = models.TextField(_("addressee"))
    body_text = models.TextField(_("advice or reasons"))
    tembusan = models.TextField(_("copies to (tembusan)"), blank=True)
    head_note = models.TextField(_("head's note when sending back"), blank=True)

    # Rendering (a Celery task): the unsigned draft PDF for preview, and its lampiran alone (no number in it), which
    # the signing task combines with the letter's pages rendered with the number (letters.rendering).
    render_state = models.CharField(max_length=8, choices=RenderState.choices, default=RenderState.PENDING)
    render_error = models.TextField(blank=True)
    draft_pdf = models.FileField(upload_to=_draft_path, blank=True)
    lampiran_pdf = models.FileField(upload_to=_lampiran_path, blank=True)
    draft_version = models.PositiveIntegerField(default=0)

    # Set once, when the head signs (the number and date just before the signature: letters.issuing).
    number = models.CharField(_("letter number"), max_length=80, unique=True, null=True, blank=True)
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    seq = models.PositiveIntegerField(null=True, blank=True)
    # The office whose sequence gave `seq`: the signing office since letters are numbered by the office whose kop
    # they bear; letters numbered before that carry their own office (migration 0004), so old and new never clash.
    numbered_by = models.ForeignKey(
        "romantik.Office", null=True, blank=True, on_delete=models.PROTECT, related_name="letters_numbered"
    )
    letter_date = models.DateField(_("letter date"), null=True, blank=True)
    signed_pdf = models.FileField(upload_to=_signed_path, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    signed_at = models.DateTimeField(null=True, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="letters_signed"
    )
    verify_token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)

    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["numbered_by", "year", "seq"], name="unique_letter_seq_per_numbering_office_year"
            ),
        ]
        indexes = [models.Index(fields=["signer_office", "state"])]
        verbose_name = _("letter")
        verbose_name_plural = _("letters")

    def __str__(self):
        return self.number or f"draft {self.submission_id}"


class SigningCertificate(models.Model):
    """A head's PKCS#12 (key + certificate), encrypted at rest with a key from the settings.
    The passphrase is never stored: the head types it at each signature."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="signing_certificates")
    office = models.ForeignKey("romantik.Office", on_delete=models.CASCADE, related_name="signing_certificates")
    pkcs12_encrypted = models.BinaryField()
    subject = models.CharField(_("certificate subject"), max_length=300)
    serial = models.CharField(max_length=80)
    not_before = models.DateTimeField()
    not_after = models.DateTimeField()
    demo = models.BooleanField(_("demo certificate"), default=False)
    active = models.BooleanField(default=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-uploaded_at"]
        verbose_name = _("signing certificate")
        verbose_name_plural = _("signing certificates")

    def __str__(self):
        return self.subject


class SigningJob(models.Model):
    """The head's click on "Sign" (letters.issuing.letter_sign_request), carried out by a Celery task that numbers,
    renders and signs the letter. At most one open job per letter, so a double click or a second tab is the same
    job. The head's opened key waits in `sealed_key` (letters.sealing: encrypted, expiring), wiped when the job
    ends; the passphrase itself is never stored."""

    letter = models.ForeignKey(Letter, on_delete=models.CASCADE, related_name="signing_jobs")
    signer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    state = models.CharField(max_length=10, choices=SigningState.choices, default=SigningState.QUEUED)
    sealed_key = models.BinaryField(default=b"", blank=True, editable=False)
    error = models.TextField(blank=True)  # shown to the head
    attempts = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["letter"],
                condition=models.Q(state__in=OPEN_SIGNING_STATES),
                name="one_open_signing_job_per_letter",
            ),
        ]
        indexes = [models.Index(fields=["state", "updated_at"])]
        verbose_name = _("signing job")
        verbose_name_plural = _("signing jobs")

    def __str__(self):
        return f"{self.letter_id}/{self.pk} {self.state}"

    @property
    def open(self) -> bool:
        return self.state in OPEN_SIGNING_STATES


class LetterTransition(StateChange):
    """One change of a letter's state (letters.workflow.letter_transition): who, when, from what to what, why."""

    letter = models.ForeignKey(Letter, on_delete=models.CASCADE, related_name="transitions")
    from_state = models.CharField(max_length=20, choices=LetterState.choices)
    to_state = models.CharField(max_length=20, choices=LetterState.choices)

    class Meta(StateChange.Meta):
        pass

    def __str__(self):
        return f"{self.letter_id}: {self.from_state} → {self.to_state}"


class OfficeLetterDefaults(models.Model):
    """What an office's new letters start with, set by its office admin on the letter settings page
    (letters.views.settings): the tembusan (copies) of each new draft, one recipient per line as printed. No row:
    the built-in default (a regency or city office copies its province office: letters.services)."""

    office = models.OneToOneField("romantik.Office", on_delete=models.CASCADE, related_name="letter_defaults")
    tembusan = models.TextField(_("copies to (tembusan)"), blank=True)

    class Meta:
        verbose_name = _("office letter defaults")
        verbose_name_plural = _("office letter defaults")

    def __str__(self):
        return f"{self.office_id}"

    def get_additional_data(self) -> dict:
        """The office a change is recorded for (romantik/audit.py)."""
        return {"office": self.office_id}


def _bsre_path(instance, filename):
    return f"letters/bsre/{instance.letter_id}/{uuid.uuid4().hex}.pdf"


class BsreSignAttempt(models.Model):
    """One call to BSrE's sign endpoint (letters.bsre). Created, and committed, before the call is sent, so that a
    call whose answer never came is known: its outcome stays unknown (the head sees "sedang dikonfirmasi") until the
    service is asked to verify, and no new call is sent for the letter meanwhile (one unsettled attempt per letter).
    A call is never repeated by the portal: a job's attempt is its only one."""

    letter = models.ForeignKey(Letter, on_delete=models.CASCADE, related_name="bsre_attempts")
    job = models.ForeignKey(SigningJob, null=True, blank=True, on_delete=models.SET_NULL, related_name="bsre_attempts")
    signer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    state = models.CharField(max_length=24, choices=BsreAttemptState.choices, default=BsreAttemptState.SENDING)
    # What was sent (kept to ask the service about it) and what came back (used instead of a new call).
    sent_pdf = models.FileField(upload_to=_bsre_path, blank=True)
    sent_sha256 = models.CharField(max_length=64, blank=True)
    signed_pdf = models.FileField(upload_to=_bsre_path, blank=True)
    # The letter's draft version the call signed: a confirmed file is used again only for the same text.
    draft_version = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    settled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["letter"],
                condition=models.Q(state__in=UNSETTLED_BSRE_STATES),
                name="one_unsettled_bsre_attempt_per_letter",
            ),
        ]
        indexes = [models.Index(fields=["state", "updated_at"])]
        verbose_name = _("BSrE signing attempt")
        verbose_name_plural = _("BSrE signing attempts")

    def __str__(self):
        return f"{self.letter_id}/{self.pk} {self.state}"

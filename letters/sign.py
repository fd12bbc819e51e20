"""Signing a letter (the head), or sending it back to the reviewers. A signed letter never changes."""

import hashlib
import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from review.enums import State
from romantik.calendar import office_today
from romantik.enums import Role
from romantik.selectors import staff_with_roles

from .enums import LetterState
from .models import Letter
from .numbering import letter_number_assign
from .signing import signer_get

logger = logging.getLogger(__name__)


def _locked(letter) -> Letter:
    return (
        Letter.objects.select_for_update(of=("self",))
        .select_related("office", "signer_office", "submission", "submission__agency", "submission__office")
        .get(pk=letter.pk)
    )


def letter_file_name(letter) -> str:
    return (letter.number or f"surat-{letter.pk}").replace("/", "-") + ".pdf"


def letter_sign(*, letter, signer, passphrase: str) -> Letter:
    """The head signs: number (gap-free, per office per year), date, final PDF, PAdES signature, SHA-256;
    then the submission is issued and the agency told. Any failure rolls everything back, the number too.
    A wrong passphrase raises ValidationError ("Frasa sandi salah") and assigns nothing."""
    from .rendering import letter_pdf

    backend = signer_get()
    stored_name = None
    try:
        with transaction.atomic():
            locked = _locked(letter)
            if locked.state == LetterState.SIGNED and signer.has_perm("letters.open_letter_to_sign", locked):
                return locked  # a repeated click: already signed
            if not signer.has_perm("letters.sign_letter", locked):
                raise PermissionDenied
            # Before a number is taken: the passphrase opens the key (nothing is numbered for a wrong one).
            backend.check(letter=locked, signer_user=signer, passphrase=passphrase)
            today = office_today(locked.signer_office or locked.office)
            letter_number_assign(locked, on=today)
            locked.letter_date = today
            signed = backend.sign(letter_pdf(locked), letter=locked, signer_user=signer, passphrase=passphrase)
            locked.signed_pdf.save(letter_file_name(locked), ContentFile(signed), save=False)
            stored_name = locked.signed_pdf.name
            locked.sha256 = hashlib.sha256(signed).hexdigest()
            locked.state = LetterState.SIGNED
            locked.signed_at = timezone.now()
            locked.signed_by = signer
            locked.save()
            _issue(locked, signer)
    except Exception:
        if stored_name:  # the transaction rolled back: the file of a letter that was never signed goes too
            locked.signed_pdf.storage.delete(stored_name)
        raise
    logger.info("Letter %s signed by user %s", locked.number, signer.pk)
    return locked


def _issue(letter, signer) -> None:
    """FEASIBLE/NOT_FEASIBLE → ISSUED through the one door; the agency is told with the number and a link."""
    from catalogue.services import catalogue_entry_refresh
    from review.services import submission_notify, submission_transition
    from satisfaction.services import rating_request

    def after(submission, log):
        submission_notify(
            submission,
            "letter_issued",
            [submission.created_by],
            f"{letter.pk}",
            letter_number=letter.number,
            decision=str(State(letter.decision).label) if letter.decision in State.values else letter.decision,
            download_url=reverse("letters:download", args=[letter.pk]),
        )
        rating_request(submission=submission)  # the satisfaction survey (SKM), in the same transaction
        catalogue_entry_refresh(submission=submission)  # listed in the public catalogue, in the same transaction

    submission_transition(submission=letter.submission, to=State.ISSUED, actor=signer, note=letter.number, after=after)


def letter_send_back(*, letter, head, note: str) -> Letter:
    """The head sends the letter back to the reviewers with a note (RETURNED); they are told."""
    from review.services import submission_notify

    if not note.strip():
        raise ValidationError(gettext("Write what should change before sending the letter back."))
    with transaction.atomic():
        locked = _locked(letter)
        if locked.state == LetterState.RETURNED and head.has_perm("letters.open_letter_to_sign", locked):
            return locked  # a repeated click
        if not head.has_perm("letters.sign_letter", locked):
            raise PermissionDenied
        locked.state = LetterState.RETURNED
        locked.head_note = note.strip()
        locked.save(update_fields=["state", "head_note", "updated_at"])
        submission = locked.submission
        recipients = {a.reviewer for a in submission.assignments.select_related("reviewer")}
        if locked.created_by is not None:
            recipients.add(locked.created_by)
        if not recipients:
            recipients = set(staff_with_roles(submission.office, {Role.COORDINATOR}))
        submission_notify(
            submission,
            "letter_sent_back",
            sorted(recipients, key=lambda u: u.pk),
            f"{locked.pk}:{timezone.now():%Y%m%d%H%M%S%f}",
            note=locked.head_note,
            head=str(head),
        )
    return locked

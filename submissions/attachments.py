"""Attachments of a submission: the cover letter, the questionnaire and other documents, PDFs only.

Every write checks that the actor may change the submission. A file is judged by its content, never
by its name or the content type the browser sent: it must start with ``%PDF-``, pypdf must open it
(decoding no more of its compressed streams than romantik.uploads allows) and it must have at least one
page. Files are stored under random names in the default storage (MEDIA_ROOT is never served; downloads
go through a permission-checked view), and removed from the storage once the database change that
dropped them is committed.
"""

import os

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from romantik.calendar import office_today
from romantik.uploads import pdf_upload_check

from .enums import AttachmentKind, Kind
from .models import Attachment, Submission
from .selectors import submission_locked

MB = 1024 * 1024
# One file per submission of these kinds: a new upload replaces the one before.
SINGLE_KINDS = frozenset({AttachmentKind.COVER_LETTER, AttachmentKind.INSTRUMENT})
NAME_MAX_LENGTH = Attachment._meta.get_field("original_name").max_length
COVER_LETTER_NUMBER_MAX_LENGTH = Submission._meta.get_field("cover_letter_number").max_length


def attachment_kinds_required(kind: str) -> frozenset[str]:
    """The documents a submission of this form kind cannot be submitted without."""
    if kind == Kind.FS3:
        return frozenset({AttachmentKind.COVER_LETTER, AttachmentKind.INSTRUMENT})
    return frozenset({AttachmentKind.COVER_LETTER})


def attachment_max_bytes() -> int:
    return settings.ATTACHMENT_MAX_MB * MB


def attachment_check(*, file: UploadedFile) -> None:
    """Raise ValidationError unless `file` is a PDF within the size limit that opens and has a page."""
    pdf_upload_check(file, max_bytes=attachment_max_bytes())


def _original_name(name: str) -> str:
    """The user's file name, kept only to show it and to name the download; never used to store the file."""
    name = os.path.basename((name or "").replace("\\", "/")).strip()
    name = "".join(ch for ch in name if ch.isprintable()) or "lampiran.pdf"
    if not name.lower().endswith(".pdf"):
        name += ".pdf"
    if len(name) > NAME_MAX_LENGTH:
        name = name[: NAME_MAX_LENGTH - 4] + name[-4:]
    return name


def _files_delete(names: list[str]) -> None:
    storage = Attachment._meta.get_field("file").storage
    for name in names:
        storage.delete(name)


def attachment_files_delete(names: list[str]) -> None:
    """Remove stored files of attachments whose rows are gone (a deleted draft's, once that is committed)."""
    _files_delete(names)


def _locked_for_change(submission_pk: int, actor) -> Submission:
    """The submission row, locked, if the actor may still change it (its state may have moved on)."""
    locked = submission_locked(submission_pk)
    if not actor.has_perm("submissions.change_submission", locked):
        raise PermissionDenied
    return locked


def attachment_add(
    *, submission: Submission, kind: str, file: UploadedFile, actor, description: str = ""
) -> Attachment:
    """Store `file` as a document of `submission`. A cover letter or questionnaire replaces the one
    uploaded before (its file is deleted too); other documents accumulate."""
    if not actor.has_perm("submissions.change_submission", submission):
        raise PermissionDenied
    if kind not in AttachmentKind.values:
        raise ValidationError(_("Choose which document this is."), code="kind")
    attachment_check(file=file)
    attachment = Attachment(
        submission=submission,
        kind=kind,
        original_name=_original_name(file.name),
        size=file.size,
        description=description.strip(),
        uploaded_by=actor,
    )
    # Written before the transaction, so the row lock is not held while the file is copied;
    # the storage name comes from the model's upload_to (random), not from the user.
    attachment.file.save(attachment.original_name, file, save=False)
    try:
        with transaction.atomic():
            locked = _locked_for_change(submission.pk, actor)
            replaced = list(locked.attachments.filter(kind=kind)) if kind in SINGLE_KINDS else []
            attachment.save()
            Attachment.objects.filter(pk__in=[old.pk for old in replaced]).delete()
            Submission.objects.filter(pk=locked.pk).update(updated_at=timezone.now())
            old_names = [old.file.name for old in replaced]
            transaction.on_commit(lambda: _files_delete(old_names))
    except BaseException:
        _files_delete([attachment.file.name])
        raise
    return attachment


def attachment_delete(*, attachment: Attachment, actor) -> None:
    """Remove the document and, once that is committed, its file."""
    with transaction.atomic():
        locked = _locked_for_change(attachment.submission_id, actor)
        name = attachment.file.name
        Attachment.objects.filter(pk=attachment.pk, submission=locked).delete()
        Submission.objects.filter(pk=locked.pk).update(updated_at=timezone.now())
        transaction.on_commit(lambda: _files_delete([name]))


# --- the cover letter's number and date ------------------------------------------------------------------------


def cover_letter_recorded(submission: Submission) -> bool:
    """The submission records its cover letter's number and date (the letter cites them)."""
    return bool(submission.cover_letter_number) and submission.cover_letter_date is not None


def cover_letter_check(*, submission: Submission, number: str, date) -> str:
    """The number as stored (spaces collapsed); raises ValidationError with the messages by field
    (cover_letter_number, cover_letter_date) unless both are given, the number fits and the date is not later
    than the office's today."""
    number = " ".join((number or "").split())
    errors = {}
    if not number:
        errors["cover_letter_number"] = [_("Enter the number of the cover letter, as written on it.")]
    elif len(number) > COVER_LETTER_NUMBER_MAX_LENGTH:
        errors["cover_letter_number"] = [
            _("The number has %(length)s characters; at most %(limit)s fit.")
            % {"length": len(number), "limit": COVER_LETTER_NUMBER_MAX_LENGTH}
        ]
    if date is None:
        errors["cover_letter_date"] = [_("Enter the date of the cover letter, as written on it.")]
    else:
        today = office_today(submission.office)
        if date > today:
            errors["cover_letter_date"] = [
                _("The cover letter's date cannot be later than today (%(today)s).")
                % {"today": date_format(today, "j F Y")}
            ]
    if errors:
        raise ValidationError(errors)
    return number


def cover_letter_set(*, submission: Submission, number: str, date, actor) -> Submission:
    """Record the number and date of the agency's cover letter (surat pengantar), which the recommendation letter
    cites. Whoever may change the submission (its agency, the front desk that recorded a walk-in) may."""
    if not actor.has_perm("submissions.change_submission", submission):
        raise PermissionDenied
    number = cover_letter_check(submission=submission, number=number, date=date)
    with transaction.atomic():
        locked = _locked_for_change(submission.pk, actor)
        Submission.objects.filter(pk=locked.pk).update(
            cover_letter_number=number, cover_letter_date=date, updated_at=timezone.now()
        )
    submission.cover_letter_number, submission.cover_letter_date = number, date
    return submission

"""Attachments of a submission: the cover letter, the questionnaire and other documents, PDFs only.

Every write checks that the actor may change the submission. A file is judged by its content, never
by its name or the content type the browser sent: it must start with ``%PDF-``, pypdf must open it
and it must have at least one page. Files are stored under random names in the default storage
(MEDIA_ROOT is never served; downloads go through a permission-checked view), and removed from the
storage once the database change that dropped them is committed.
"""

import math
import os

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from pypdf import PdfReader
from pypdf.errors import DependencyError, FileNotDecryptedError

from .enums import AttachmentKind, Kind
from .models import Attachment, Submission
from .selectors import submission_locked

MB = 1024 * 1024
PDF_SIGNATURE = b"%PDF-"
# One file per submission of these kinds: a new upload replaces the one before.
SINGLE_KINDS = frozenset({AttachmentKind.COVER_LETTER, AttachmentKind.INSTRUMENT})
NAME_MAX_LENGTH = Attachment._meta.get_field("original_name").max_length


def attachment_kinds_required(kind: str) -> frozenset[str]:
    """The documents a submission of this form kind cannot be submitted without."""
    if kind == Kind.FS3:
        return frozenset({AttachmentKind.COVER_LETTER, AttachmentKind.INSTRUMENT})
    return frozenset({AttachmentKind.COVER_LETTER})


def attachment_max_bytes() -> int:
    return settings.ATTACHMENT_MAX_MB * MB


def attachment_check(*, file: UploadedFile) -> None:
    """Raise ValidationError unless `file` is a PDF within the size limit that opens and has a page."""
    if file.size > attachment_max_bytes():
        # Rounded up, so a file just over the limit never reads as "10.0 MB; the limit is 10 MB".
        size = math.ceil(file.size * 10 / MB) / 10
        raise ValidationError(
            _("The file is %(size)s MB; the limit is %(limit)s MB.")
            % {"size": number_format(size, 1), "limit": number_format(settings.ATTACHMENT_MAX_MB)},
            code="too_large",
        )
    file.seek(0)
    signature = file.read(len(PDF_SIGNATURE))
    file.seek(0)
    if signature != PDF_SIGNATURE:
        raise ValidationError(
            _("This file is not a PDF. Save or export the document as PDF and upload that."), code="not_pdf"
        )
    try:
        # An encrypted PDF that opens without a password (printing or copying restricted) is fine:
        # pypdf decrypts it with the empty password by itself. One that needs a password is not.
        pages = len(PdfReader(file).pages)
    except FileNotDecryptedError:
        raise ValidationError(
            _("This PDF is protected with a password. Upload a copy that opens without one."), code="password"
        ) from None
    except DependencyError:
        # AES encryption needs the optional `cryptography` package, which pypdf cannot use here.
        raise ValidationError(
            _("This PDF is encrypted in a way the portal cannot read. Upload a copy without protection."),
            code="encrypted",
        ) from None
    except Exception:  # pypdf raises many kinds of errors on a damaged file
        raise ValidationError(
            _("This file starts like a PDF but cannot be read: it may be damaged. Export it as PDF again."),
            code="damaged",
        ) from None
    finally:
        file.seek(0)
    if pages < 1:
        raise ValidationError(_("This PDF has no pages."), code="empty")


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

"""The optional attachment of a complaint: a PDF, PNG or JPEG judged by its content, never by its name.

PDFs get the same check as a submission's documents (submissions.attachments.attachment_check: the
signature, pypdf opens it, it has a page). Images must start with the PNG or JPEG signature and Pillow must
verify them. The size limit is ATTACHMENT_MAX_MB, as everywhere.
"""

import math
import os

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from PIL import Image

from romantik.uploads import PDF_SIGNATURE
from submissions.attachments import attachment_check

MB = 1024 * 1024
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
JPEG_SIGNATURE = b"\xff\xd8\xff"
IMAGE_FORMATS = {"PNG": "image/png", "JPEG": "image/jpeg"}
NAME_MAX_LENGTH = 200
KNOWN_SUFFIXES = {"pdf": {".pdf"}, "png": {".png"}, "jpg": {".jpg", ".jpeg"}}


def _too_large(size: int) -> ValidationError:
    # Rounded up, so a file just over the limit never reads as "10.0 MB; the limit is 10 MB".
    shown = math.ceil(size * 10 / MB) / 10
    return ValidationError(
        _("The file is %(size)s MB; the limit is %(limit)s MB.")
        % {"size": number_format(shown, 1), "limit": number_format(settings.ATTACHMENT_MAX_MB)},
        code="too_large",
    )


def _image_check(file: UploadedFile, expected: str) -> str:
    try:
        with Image.open(file) as image:
            found = image.format
            image.verify()
    except Exception:  # Pillow raises many kinds of errors on a damaged or disguised file
        raise ValidationError(
            _("This image cannot be read: it may be damaged. Save it again as PNG or JPEG."), code="damaged"
        ) from None
    finally:
        file.seek(0)
    content_type = IMAGE_FORMATS.get(found)
    if content_type != expected:
        raise ValidationError(
            _("This image cannot be read: it may be damaged. Save it again as PNG or JPEG."), code="damaged"
        )
    return content_type


def complaint_attachment_check(*, file: UploadedFile) -> str:
    """The file's content type ("application/pdf", "image/png" or "image/jpeg"); ValidationError otherwise."""
    if file.size > settings.ATTACHMENT_MAX_MB * MB:
        raise _too_large(file.size)
    file.seek(0)
    head = file.read(len(PNG_SIGNATURE))
    file.seek(0)
    if head.startswith(PDF_SIGNATURE):
        attachment_check(file=file)
        return "application/pdf"
    if head.startswith(PNG_SIGNATURE):
        return _image_check(file, "image/png")
    if head.startswith(JPEG_SIGNATURE):
        return _image_check(file, "image/jpeg")
    raise ValidationError(
        _("This file is not a PDF, PNG or JPEG. Attach a PDF document or a photo or screenshot in PNG or JPEG."),
        code="not_allowed",
    )


def attachment_display_name(name: str, content_type: str) -> str:
    """The user's file name, kept only to show it and to name the download, with the extension of its content."""
    from .models import ATTACHMENT_EXTENSIONS

    extension = ATTACHMENT_EXTENSIONS[content_type]
    name = os.path.basename((name or "").replace("\\", "/")).strip()
    name = "".join(ch for ch in name if ch.isprintable()) or f"lampiran.{extension}"
    if os.path.splitext(name)[1].lower() not in KNOWN_SUFFIXES[extension]:
        name = f"{name}.{extension}"
    if len(name) > NAME_MAX_LENGTH:
        name = name[: NAME_MAX_LENGTH - len(extension) - 1] + "." + extension
    return name

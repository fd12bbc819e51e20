"""The letterhead logo an office admin uploads (letters.views.settings): a PNG or JPEG judged by its content, never
by its name, bounded before anything decodes it.

* at most LOGO_MAX_BYTES (a logo is a few dozen kilobytes; the letter shows it 21 mm wide);
* it starts with the PNG or JPEG signature, and Pillow reads it as that format;
* its width and height, read from the header before any pixel is decoded, are at most LOGO_MAX_SIDE pixels each
  (a small file can declare a huge image: decoding it would take gigabytes), and at least LOGO_MIN_SIDE;
* Pillow verifies it (PNG checksums) and then decodes it whole: a damaged or truncated image is refused here,
  not when a letter is rendered.

It is stored under a random name in offices/logos/ (letters.typesetting loads the letterhead logo from there only).
Refusals are ValidationErrors with a message for the office admin, shown next to the field.
"""

import uuid

from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from django.utils.translation import gettext as _

KB = 1024
LOGO_MAX_BYTES = 1024 * KB
LOGO_MAX_SIDE = 2000
LOGO_MIN_SIDE = 16
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
JPEG_SIGNATURE = b"\xff\xd8\xff"
LOGO_EXTENSIONS = {"PNG": "png", "JPEG": "jpg"}


def _damaged() -> ValidationError:
    return ValidationError(
        _("This image cannot be read: it may be damaged. Save it again as PNG or JPEG and upload that."),
        code="damaged",
    )


def letter_logo_check(file) -> str:
    """The extension the logo is stored with ("png" or "jpg"); ValidationError unless `file` is a PNG or JPEG
    within the limits (see the module's doc)."""
    if file.size > LOGO_MAX_BYTES:
        raise ValidationError(
            _(
                "The logo is %(size)s KB; the limit is %(limit)s KB. Save it smaller: a logo needs about "
                "400 × 400 pixels."
            )
            % {"size": number_format(-(-file.size // KB)), "limit": number_format(LOGO_MAX_BYTES // KB)},
            code="too_large",
        )
    file.seek(0)
    head = file.read(len(PNG_SIGNATURE))
    file.seek(0)
    expected = "PNG" if head.startswith(PNG_SIGNATURE) else "JPEG" if head.startswith(JPEG_SIGNATURE) else None
    if expected is None:
        raise ValidationError(
            _("The logo must be a PNG or JPEG image. Save or export it as PNG (best) or JPEG and upload that."),
            code="not_image",
        )
    from PIL import Image  # imported here: only an upload needs it

    try:
        with Image.open(file) as image:
            found, (width, height) = image.format, image.size
            if found != expected:
                raise _damaged()
            if max(width, height) > LOGO_MAX_SIDE or min(width, height) < LOGO_MIN_SIDE:
                raise ValidationError(
                    _(
                        "The logo is %(width)s × %(height)s pixels; it must be between %(min)s and %(max)s pixels "
                        "wide and high."
                    )
                    % {"width": width, "height": height, "min": LOGO_MIN_SIDE, "max": LOGO_MAX_SIDE},
                    code="dimensions",
                )
            image.verify()
        file.seek(0)
        with Image.open(file) as image:
            image.load()  # within LOGO_MAX_SIDE² pixels, checked above
    except ValidationError:
        raise
    except Image.DecompressionBombError:  # past twice Pillow's MAX_IMAGE_PIXELS: refused from the header too
        raise ValidationError(
            _("The logo has far too many pixels; it must be at most %(max)s pixels wide and high.")
            % {"max": LOGO_MAX_SIDE},
            code="dimensions",
        ) from None
    except Exception:  # Pillow raises many kinds of errors on a damaged or disguised file
        raise _damaged() from None
    finally:
        file.seek(0)
    return LOGO_EXTENSIONS[expected]


def letter_logo_name(extension: str) -> str:
    """The stored file's name (upload_to adds offices/logos/): random, never the uploader's."""
    return f"{uuid.uuid4().hex}.{extension}"

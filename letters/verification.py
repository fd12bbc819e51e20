"""Checking letters: a PDF against its signature and the letter on record; a stored letter against its hash."""

import hashlib
import io
import logging
from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from notifications.services import message_queue
from romantik.enums import Role
from romantik.selectors import staff_with_roles
from romantik.uploads import pyhanko_decode_limits

from .enums import LetterState
from .models import Letter
from .pki import to_asn1, trust_roots

logger = logging.getLogger(__name__)

# What pyHanko may decode to check an uploaded PDF (its streams, inflated). A letter on record is the portal's own
# PDF of about 100 KB, and checking one decodes nothing (measured); pyHanko's default budget, max(256 MB, 100 times
# the file), let a 166 KB PDF of object streams padded with blanks keep a worker busy for three minutes.
VERIFY_DECODE_BUDGET = 2 * 1024 * 1024


@dataclass
class VerificationResult:
    valid: bool
    reason: str
    letter: Letter | None = None
    signer: str = ""

    @property
    def summary(self) -> str:
        """The last line of `verify_letter`: "<number> VALID" or "INVALID <reason>"."""
        if self.valid:
            return f"{self.letter.number} VALID"
        return f"INVALID {self.reason}"


def _invalid(reason: str, **kwargs) -> VerificationResult:
    return VerificationResult(valid=False, reason=reason, **kwargs)


def validation_context(*, extra_roots=()):
    """The one trust setting of letters (pyhanko-certvalidator): the roots of `trust_roots()`, plus
    `extra_roots` (the demo root while its first demo certificate is stored). Used to check a signed letter,
    and a head's certificate at upload and at each signature, so that what is stored is what verifies."""
    from pyhanko_certvalidator import ValidationContext

    return ValidationContext(trust_roots=[to_asn1(c) for c in [*trust_roots(), *extra_roots]])


def signer_key_usage():
    """The key usage a signer's certificate must allow for its letters to verify (pyHanko's rule for a
    document signature: non-repudiation)."""
    from pyhanko.sign.validation.status import PdfSignatureStatus

    return PdfSignatureStatus.default_usage_constraints()


def verify_pdf(data: bytes) -> VerificationResult:
    """VALID only if the PDF's signature is intact, covers the whole file, chains to a trusted root,
    and the file is exactly a letter on record (its SHA-256 equals the stored one)."""
    from pyhanko.pdf_utils.misc import PdfDecodeLimitError
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.status import SignatureCoverageLevel

    try:
        limits = pyhanko_decode_limits(VERIFY_DECODE_BUDGET)
        reader = PdfFileReader(io.BytesIO(data), strict=False, decode_limits=limits)
        signatures = reader.embedded_signatures
    except PdfDecodeLimitError:
        return _invalid(gettext("the file is too large once unpacked to be checked"))
    except Exception:  # noqa: BLE001 - any parse error means the file cannot be checked
        return _invalid(gettext("the file is not a readable PDF"))
    if not signatures:
        return _invalid(gettext("the PDF has no electronic signature"))
    embedded = signatures[-1]
    signer = ""
    try:
        signer = embedded.signer_cert.subject.human_friendly
        status = validate_pdf_signature(embedded, validation_context(), key_usage_settings=signer_key_usage())
    except Exception as error:  # noqa: BLE001 - a damaged signature fails in many ways
        logger.info("Signature check failed: %s", error)
        return _invalid(gettext("the signature cannot be checked (the file is damaged)"), signer=signer)
    if not status.intact:
        return _invalid(gettext("the document was changed after it was signed"), signer=signer)
    if not status.valid:
        return _invalid(gettext("the signature is not valid"), signer=signer)
    if status.coverage != SignatureCoverageLevel.ENTIRE_FILE:
        return _invalid(gettext("content was added to the document after it was signed"), signer=signer)
    if not status.trusted:
        return _invalid(gettext("the signer's certificate is not from a trusted authority"), signer=signer)
    digest = hashlib.sha256(data).hexdigest()
    letter = (
        Letter.objects.filter(sha256=digest, state=LetterState.SIGNED)
        .select_related("submission", "submission__agency", "office", "signed_by")
        .first()
    )
    if letter is None:
        return _invalid(gettext("the signature is valid, but this is not the letter on record"), signer=signer)
    return VerificationResult(valid=True, reason="", letter=letter, signer=signer)


class LetterTampered(Exception):
    """The stored file of a signed letter no longer matches its SHA-256."""


def letter_file_checked(letter) -> bytes:
    """The signed PDF as stored, after checking its SHA-256. A mismatch (or a missing file) is refused with
    LetterTampered, logged, and reported to the office admins (outbox "letter_tampered", once a day)."""
    try:
        with letter.signed_pdf.storage.open(letter.signed_pdf.name, "rb") as fh:
            data = fh.read()
    except (FileNotFoundError, ValueError):
        data = None
    found = hashlib.sha256(data).hexdigest() if data is not None else "missing"
    if data is not None and letter.sha256 and found == letter.sha256:
        return data
    logger.error("Stored letter %s (pk %s) does not match its SHA-256: found %s", letter.number, letter.pk, found)
    for admin in staff_with_roles(letter.office, {Role.OFFICE_ADMIN}):
        message_queue(
            template="letter_tampered",
            recipient=admin,
            context={
                "letter_number": letter.number,
                "office": letter.office.name,
                "expected": letter.sha256,
                "found": found,
                "url": reverse("letters:verify", args=[letter.verify_token]),
            },
            idempotency_key=f"letter_tampered:{letter.pk}:{found}:{timezone.localdate():%Y%m%d}:{admin.pk}",
            subject_ref=f"letters.letter:{letter.pk}",
            office=letter.office,
        )
    raise LetterTampered(letter.number)

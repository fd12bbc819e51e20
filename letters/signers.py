"""The signing backends: the signature itself, behind an interface so that a national signing service can replace
local keys. (The steps around it, numbering and issuing, are letters/issuing.py.)

`signer_get()` returns the backend named by the setting LETTER_SIGNER (a dotted path). The default,
`LocalPkcs12Signer`, signs with the head's active SigningCertificate (PKCS#12 stored encrypted, opened
with the passphrase the head types). A remote backend (e.g. BSrE's signing service: the PDF, the head's
NIK and passphrase go to the service, a PAdES-signed PDF comes back) implements the same two methods
and is chosen by configuration; nothing else in the code changes.

Whatever the backend, the result is a PAdES signature with a visible block (name, NIP, position) and a
QR code to the public verification page, in the box the letter's layout kept for it (`signature_place`: found in
the PDF, wherever the text put it).

This module was letters/signing.py: a LETTER_SIGNER written as `letters.signing.<Name>` (existing deployments'
.env) still names `letters.signers.<Name>` (`signer_path`).
"""

import io

from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.module_loading import import_string
from django.utils.translation import gettext

from .pki import blob_decrypt, certificate_active, certificate_recheck, demo_root_certificate, to_asn1

# Where the signature goes in a PDF that does not say (no "signature-box" destination: another renderer), on its last
# page (x1, y1, x2, y2 in points from the bottom left). The letter's own PDFs always say.
DEFAULT_SIGNATURE_BOX = (320, 80, 560, 180)
SIGNATURE_FIELD = "TandaTanganKepala"

# The visible block (in Indonesian, like the letter): who signed, NIP, position, and the letter number.
STAMP_LINES = (
    ("", "Ditandatangani secara elektronik oleh"),
    ("signer", "%(signer)s"),
    ("nip", "NIP %(nip)s"),
    ("position", "%(position)s"),
    ("number", "Nomor: %(number)s"),
)


def wrong_passphrase() -> ValidationError:
    # "Frasa sandi salah" in Indonesian. Never include the passphrase in a message or a log.
    return ValidationError(gettext("Wrong passphrase."), code="wrong_passphrase")


def verification_url(letter) -> str:
    return settings.SITE_URL + reverse("letters:verify", args=[letter.verify_token])


def signature_place(pdf: bytes) -> tuple[int, tuple]:
    """(page index, box) of the visible signature: the box the letter's layout kept for it, where the layout put it
    (letters.rendering.signature_box_locate reads the PDF's "signature-box" destination); for a PDF without it,
    DEFAULT_SIGNATURE_BOX on the last page."""
    from .rendering import signature_box_locate

    try:
        found = signature_box_locate(pdf)
    except Exception:  # noqa: BLE001 - a PDF pypdf cannot read the destinations of: the fallback, as without one
        found = None
    if found is None:
        return -1, DEFAULT_SIGNATURE_BOX
    return found


def _latin1(text: str) -> str:
    # The stamp's standard font covers Latin-1 only.
    return (text or "").encode("latin-1", "replace").decode("latin-1")


def signer_position(letter, signer_user) -> str:
    """The position printed under the signature: the office's signer title (seed 003: "Direktur Diseminasi
    Statistik"), else the person's position."""
    return letter.office.signer_title or getattr(signer_user, "position", "") or ""


class Signer:
    """A signing backend. `sign` returns the signed PDF or raises ValidationError (wrong passphrase,
    no certificate); `check` verifies beforehand that signing can work, so a letter is not numbered for
    nothing."""

    def check(self, *, letter, signer_user, passphrase: str) -> None:
        return None

    def is_available(self, *, signer_user, office) -> bool:
        return True

    def sign(self, pdf: bytes, *, letter, signer_user, passphrase: str) -> bytes:
        raise NotImplementedError

    def unlock(self, *, letter, signer_user, passphrase: str) -> bytes:
        """In the head's request: check that signing can work and return what `sign_unlocked` needs later, in the
        Celery task, instead of the passphrase (letters.issuing; the caller seals it: letters.sealing). This default
        keeps the passphrase itself (sealed, expiring): a remote backend should exchange it here for a
        short-lived authorisation of its service."""
        self.check(letter=letter, signer_user=signer_user, passphrase=passphrase)
        return passphrase.encode()

    def sign_unlocked(self, pdf: bytes, *, letter, signer_user, credential: bytes) -> bytes:
        """Sign with what `unlock` returned."""
        return self.sign(pdf, letter=letter, signer_user=signer_user, passphrase=credential.decode())


class LocalPkcs12Signer(Signer):
    """Signs with pyHanko and the head's PKCS#12 stored in the database."""

    def _certificate(self, *, letter, signer_user):
        certificate = certificate_active(user=signer_user, office=letter.signer_office)
        if certificate is None:
            raise ValidationError(
                gettext("You have no valid signing certificate for this office; ask the office admin to upload it."),
                code="no_certificate",
            )
        return certificate

    def _load(self, *, letter, signer_user, passphrase: str):
        from pyhanko.sign import signers

        certificate = self._certificate(letter=letter, signer_user=signer_user)
        data = blob_decrypt(certificate.pkcs12_encrypted)
        if not passphrase:
            raise wrong_passphrase()
        others = []
        demo = demo_root_certificate() if certificate.demo else None
        if demo is not None:
            others.append(to_asn1(demo))
        try:
            signer = signers.SimpleSigner.load_pkcs12_data(data, other_certs=others, passphrase=passphrase.encode())
        except ValueError:
            raise wrong_passphrase() from None
        # Still valid, trusted and the head's (else the head is told why, and no letter would verify INVALID).
        certificate_recheck(certificate, pkcs12_data=data, passphrase=passphrase, user=signer_user)
        return signer

    def is_available(self, *, signer_user, office) -> bool:
        return certificate_active(user=signer_user, office=office) is not None

    def check(self, *, letter, signer_user, passphrase: str) -> None:
        self._load(letter=letter, signer_user=signer_user, passphrase=passphrase)

    def sign(self, pdf: bytes, *, letter, signer_user, passphrase: str) -> bytes:
        signer = self._load(letter=letter, signer_user=signer_user, passphrase=passphrase)
        return pades_sign(pdf, signer=signer, letter=letter, signer_user=signer_user)

    def unlock(self, *, letter, signer_user, passphrase: str) -> bytes:
        """The opened key and its certificates, never the passphrase (letters.sealing)."""
        from .sealing import key_material_dump

        return key_material_dump(self._load(letter=letter, signer_user=signer_user, passphrase=passphrase))

    def sign_unlocked(self, pdf: bytes, *, letter, signer_user, credential: bytes) -> bytes:
        from .sealing import key_material_load

        return pades_sign(pdf, signer=key_material_load(credential), letter=letter, signer_user=signer_user)


def pades_sign(pdf: bytes, *, signer, letter, signer_user) -> bytes:
    """Sign `pdf` (PAdES baseline B) with a pyHanko signer, with the visible block and the QR code."""
    from pyhanko import stamp
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    url = verification_url(letter)
    meta = signers.PdfSignatureMetadata(
        field_name=SIGNATURE_FIELD,
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
        reason=f"Surat rekomendasi {letter.number}",
        location=letter.signer_office.name,
        name=signer_user.full_name or signer_user.email,
    )
    page, box = signature_place(pdf)
    params = {
        "url": url,
        "signer": _latin1(signer_user.full_name or signer_user.email),
        "nip": _latin1(getattr(signer_user, "nip", "") or ""),
        "position": _latin1(signer_position(letter, signer_user)),
        "number": _latin1(letter.number or ""),
    }
    text = "\n".join(line for key, line in STAMP_LINES if not key or params[key])
    style = stamp.QRStampStyle(stamp_text=text, border_width=0)
    pdf_signer = signers.PdfSigner(
        meta,
        signer=signer,
        stamp_style=style,
        new_field_spec=fields.SigFieldSpec(sig_field_name=SIGNATURE_FIELD, on_page=page, box=box),
    )
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    _link_add(writer, page=page, box=box, url=url)
    out = io.BytesIO()
    _run_outside_event_loop(lambda: pdf_signer.sign_pdf(writer, output=out, appearance_text_params=params))
    return out.getvalue()


def _run_outside_event_loop(call):
    """pyHanko's sync API calls asyncio.run(), which fails in a thread that already runs an event loop
    (an ASGI server, Playwright-driven tests): then it runs in a short-lived thread of its own."""
    import asyncio
    import threading

    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return call()
    result, error = [], []

    def target():
        try:
            result.append(call())
        except BaseException as exc:  # noqa: BLE001 - re-raised in the caller's thread
            error.append(exc)

    thread = threading.Thread(target=target)
    thread.start()
    thread.join()
    if error:
        raise error[0]
    return result[0]


def _link_add(writer, *, page: int, box: tuple, url: str) -> None:
    """A link over the signature block, so that a click on the QR code opens the verification page too.
    Added before signing: it is part of the signed revision."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.generic import pdf_name, pdf_string

    page_ref = writer.find_page_for_modification(page)[0]
    annotation = generic.DictionaryObject(
        {
            pdf_name("/Type"): pdf_name("/Annot"),
            pdf_name("/Subtype"): pdf_name("/Link"),
            pdf_name("/Rect"): generic.ArrayObject([generic.FloatObject(v) for v in box]),
            pdf_name("/Border"): generic.ArrayObject([generic.NumberObject(0)] * 3),
            pdf_name("/A"): generic.DictionaryObject(
                {pdf_name("/S"): pdf_name("/URI"), pdf_name("/URI"): pdf_string(url)}
            ),
        }
    )
    writer.register_annotation(page_ref, writer.add_object(annotation))


# Former module paths of the backends, accepted in LETTER_SIGNER: the old prefix stands for the new one.
SIGNER_MODULE_ALIASES = {"letters.signing.": "letters.signers."}


def signer_path(path: str) -> str:
    """LETTER_SIGNER's dotted path with a former module name replaced by the current one."""
    for old, new in SIGNER_MODULE_ALIASES.items():
        if path.startswith(old):
            return new + path.removeprefix(old)
    return path


def signer_get() -> Signer:
    """The configured signing backend (LETTER_SIGNER)."""
    return import_string(signer_path(settings.LETTER_SIGNER))()

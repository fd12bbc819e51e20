"""Keys and certificates for signing letters.

* The heads' PKCS#12 files are stored encrypted at rest (Fernet, with a key derived from the setting
  LETTER_KEY_ENCRYPTION_KEY). The PKCS#12 keeps its own passphrase, which is never stored or logged:
  the head types it at each signature.
* The demo: a demo root CA (kept under the default storage, its key encrypted like the PKCS#12 files)
  issues demo certificates for the demo heads, marked "DEMO — bukan sertifikat resmi" (not an official
  certificate) in their subject, so the whole flow works out of the box.
* Trust: the roots listed in LETTER_TRUST_ROOTS, plus the demo root once demo certificates exist.
* A head's certificate is checked when it is stored and again at each signature (`certificate_check`):
  the private key is the certificate's, it is valid today, it chains to the trusted roots (with the
  intermediates of the PKCS#12), its key usage allows document signatures, and it names that head. A
  certificate whose letters would not verify is refused with the reason, never stored or used.
"""

import base64
import datetime
import hashlib
import logging
import re
from pathlib import Path

from cryptography import x509
from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext, gettext_noop

from .models import SigningCertificate

logger = logging.getLogger(__name__)

DEMO_MARK = "DEMO — bukan sertifikat resmi"
DEMO_PASSPHRASE = "romantik-demo"
DEMO_ROOT_CERT = "letters/pki/demo-root.pem"
DEMO_ROOT_KEY = "letters/pki/demo-root.key.enc"


# --- Encryption at rest ----------------------------------------------------------------------------


def _fernet() -> Fernet:
    material = settings.LETTER_KEY_ENCRYPTION_KEY or f"romantik-letters:{settings.SECRET_KEY}"
    return Fernet(base64.urlsafe_b64encode(hashlib.sha256(material.encode()).digest()))


def blob_encrypt(data: bytes) -> bytes:
    return _fernet().encrypt(data)


def blob_decrypt(token: bytes) -> bytes:
    try:
        return _fernet().decrypt(bytes(token))
    except InvalidToken:
        # The key in the settings changed since the file was stored.
        raise ValidationError(
            gettext("The stored certificate cannot be read with the current key; ask the office admin to upload it.")
        ) from None


# --- PKCS#12 ---------------------------------------------------------------------------------------

WRONG_KEY = gettext_noop("The private key in this file does not belong to its certificate.")


def _spki(public_key) -> bytes:
    return public_key.public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)


def pkcs12_open(data: bytes, passphrase: str):
    """(private key, certificate, other certificates) of a PKCS#12, or ValidationError for a wrong passphrase."""
    try:
        key, cert, others = pkcs12.load_key_and_certificates(bytes(data), passphrase.encode() if passphrase else None)
    except Exception:  # noqa: BLE001 - cryptography raises ValueError and others; the reason is the passphrase or file
        raise ValidationError(
            # The browser does not keep a chosen file when the form comes back: say so.
            gettext(
                "Wrong passphrase, or the file is not a PKCS#12 certificate. Choose the file again and type "
                "its passphrase."
            ),
            code="wrong_passphrase",
        ) from None
    if key is not None and cert is None and others:
        # cryptography names as "the" certificate only one whose public key is the key's.
        raise ValidationError(gettext(WRONG_KEY), code="wrong_key")
    if key is None or cert is None:
        raise ValidationError(gettext("The PKCS#12 file holds no private key and certificate."), code="incomplete")
    if _spki(key.public_key()) != _spki(cert.public_key()):
        raise ValidationError(gettext(WRONG_KEY), code="wrong_key")
    return key, cert, others


def certificate_subject(cert: x509.Certificate) -> str:
    return cert.subject.rfc4514_string()[:300]


# --- Checking a head's certificate -----------------------------------------------------------------

# A certificate that expires within this many days is stored, with a warning to the office admin.
EXPIRY_WARNING_DAYS = 30


def _day(moment: datetime.datetime) -> str:
    return date_format(timezone.localtime(moment), "j F Y")


def _run_async(make_coroutine):
    """Run a coroutine to its end in a thread of its own (the caller may already run an event loop)."""
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(lambda: asyncio.run(make_coroutine())).result()


def _path_check(cert: x509.Certificate, others, *, demo: bool) -> bool:
    """The certificate chains to the roots letters are verified against (the same validation context as
    `verify_pdf`), with the intermediates given. True when the path ends at the demo root."""
    from pyhanko_certvalidator import CertificateValidator
    from pyhanko_certvalidator import errors as path_errors

    from .verification import validation_context

    demo_root_cert = demo_root_certificate()
    extra_roots = [demo_root_cert] if demo and demo_root_cert is not None else []
    validator = CertificateValidator(
        to_asn1(cert),
        intermediate_certs=[to_asn1(c) for c in others or ()],
        validation_context=validation_context(extra_roots=extra_roots),
    )
    try:
        path = _run_async(validator.async_validate_path)
    except path_errors.PathBuildingError:
        raise ValidationError(
            gettext(
                "This certificate is not issued by a trusted certification authority (or the file lacks its "
                "intermediate certificates): letters signed with it could not be verified. Ask for the "
                "certificate issued by the certification authority, with its whole chain."
            ),
            code="untrusted",
        ) from None
    except (path_errors.ExpiredError, path_errors.NotYetValidError):
        raise ValidationError(
            gettext("A certificate of the authority that issued this certificate has expired or is not valid yet."),
            code="chain_expired",
        ) from None
    except path_errors.RevokedError:
        raise ValidationError(gettext("This certificate has been revoked."), code="revoked") from None
    except (path_errors.PathValidationError, path_errors.ValidationError) as error:
        logger.info("Certificate path not valid: %s", error)
        raise ValidationError(
            gettext("The chain of this certificate to its certification authority is not valid."),
            code="chain_invalid",
        ) from None
    anchor = path.first
    return demo_root_cert is not None and anchor is not None and anchor.dump() == to_asn1(demo_root_cert).dump()


def _key_usage_check(cert: x509.Certificate) -> None:
    """The key usage letters are verified with (`signer_key_usage`)."""
    from pyhanko_certvalidator.errors import InvalidCertificateError

    from .verification import signer_key_usage

    try:
        signer_key_usage().validate(to_asn1(cert))
    except InvalidCertificateError:
        raise ValidationError(
            gettext(
                "This certificate is not meant for signing documents: its key usage does not allow "
                "non-repudiation (content commitment)."
            ),
            code="key_usage",
        ) from None


def certificate_emails(cert: x509.Certificate) -> set[str]:
    """The e-mail addresses a certificate names: its subject alternative names and its subject's emailAddress."""
    emails = [str(a.value) for a in cert.subject.get_attributes_for_oid(NameOID.EMAIL_ADDRESS)]
    try:
        emails += cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value.get_values_for_type(
            x509.RFC822Name
        )
    except x509.ExtensionNotFound:
        pass
    return {e.strip().casefold() for e in emails if e.strip()}


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text or "")


def certificate_nips(cert: x509.Certificate) -> set[str]:
    """The NIPs a certificate names in its subject's serialNumber: "NIP 1980…", or 18 digits (a NIP's length;
    a 16-digit NIK is not a NIP)."""
    nips = set()
    for attribute in cert.subject.get_attributes_for_oid(NameOID.SERIAL_NUMBER):
        match = re.fullmatch(r"(NIP)?[\s:.\-]*([\d\s.\-]+)", str(attribute.value).strip(), flags=re.IGNORECASE)
        if match is None:
            continue
        digits = _digits(match.group(2))
        if match.group(1) or len(digits) == 18:
            nips.add(digits)
    return nips


def _plain_name(text: str) -> str:
    return " ".join(re.sub(r"[^\w]+", " ", (text or "").casefold()).split())


def verified_emails(user) -> set[str]:
    from allauth.account.models import EmailAddress

    return {e.casefold() for e in EmailAddress.objects.filter(user=user, verified=True).values_list("email", flat=True)}


def _subject_check(cert: x509.Certificate, user) -> None:
    """The certificate is the head's: it names one of the head's verified e-mail addresses (subject alternative
    name or emailAddress), or the head's NIP together with the head's name (common name). A NIP in the
    certificate other than the head's refuses it whatever its e-mail."""
    nips, head_nip = certificate_nips(cert), _digits(getattr(user, "nip", ""))
    if nips and head_nip and head_nip not in nips:
        raise ValidationError(
            gettext("This certificate is for NIP %(certificate_nip)s, not for %(name)s (NIP %(nip)s).")
            % {"certificate_nip": ", ".join(sorted(nips)), "name": user, "nip": head_nip},
            code="wrong_person",
        )
    if certificate_emails(cert) & verified_emails(user):
        return
    names = {_plain_name(str(a.value)) for a in cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)}
    if head_nip and head_nip in nips and _plain_name(user.full_name) in names:
        return
    raise ValidationError(
        gettext(
            "This certificate is not for %(name)s: it is issued to “%(subject)s”. A head's certificate must name "
            "the head's verified e-mail address, or the head's NIP together with the head's name."
        )
        % {"name": user, "subject": certificate_subject(cert)},
        code="wrong_person",
    )


def certificate_check(*, cert: x509.Certificate, others, user, key=None, demo: bool = False, now=None) -> bool:
    """Refuse (ValidationError with the reason) a certificate `user` may not sign letters with: another key,
    not valid today, not chaining to the trusted roots, a key usage other than signing, or not `user`'s.
    Returns whether it chains to the demo root (`demo`: trust the demo root, for the demo certificates)."""
    now = now or timezone.now()
    if key is not None and _spki(key.public_key()) != _spki(cert.public_key()):
        raise ValidationError(gettext(WRONG_KEY), code="wrong_key")
    if cert.not_valid_before_utc > now:
        raise ValidationError(
            gettext("This certificate is not valid yet: it is valid from %(date)s.")
            % {"date": _day(cert.not_valid_before_utc)},
            code="not_yet_valid",
        )
    if cert.not_valid_after_utc <= now:
        raise ValidationError(
            gettext("This certificate expired on %(date)s.") % {"date": _day(cert.not_valid_after_utc)},
            code="expired",
        )
    at_demo_root = _path_check(cert, others, demo=demo)
    _key_usage_check(cert)
    _subject_check(cert, user)
    return at_demo_root


def certificate_expiry_warning(certificate: SigningCertificate, *, now=None) -> str:
    """The warning for a stored certificate that expires within EXPIRY_WARNING_DAYS, else ""."""
    if certificate.not_after > (now or timezone.now()) + datetime.timedelta(days=EXPIRY_WARNING_DAYS):
        return ""
    return gettext("The certificate of %(name)s expires on %(date)s; ask for a renewed one soon.") % {
        "name": certificate.user,
        "date": _day(certificate.not_after),
    }


def certificate_recheck(certificate: SigningCertificate, *, pkcs12_data: bytes, passphrase: str, user) -> None:
    """At each signature, once the passphrase opened the file: the stored certificate must still pass
    `certificate_check` (it may have expired, the trusted roots may have changed, or it was stored before
    these checks), else the head is told why and nothing is signed."""
    key, cert, others = pkcs12_open(pkcs12_data, passphrase)
    try:
        certificate_check(key=key, cert=cert, others=others, user=user, demo=certificate.demo)
    except ValidationError as error:
        logger.warning("Signing certificate %s of user %s refused: %s", certificate.pk, user.pk, error.code)
        raise ValidationError(
            gettext(
                "Your signing certificate can no longer be used: %(reason)s Ask the office admin to upload a new one."
            )
            % {"reason": " ".join(error.messages)},
            code="certificate_unusable",
        ) from None


@transaction.atomic
def certificate_store(
    *, user, office, pkcs12_data: bytes, passphrase: str, uploaded_by=None, demo: bool = False
) -> SigningCertificate:
    """Store the PKCS#12 of a head (encrypted), once `certificate_check` passed; the passphrase is only used
    to open it. The new certificate replaces the head's active one for that office. One that chains to the
    demo root is a demo certificate."""
    key, cert, others = pkcs12_open(pkcs12_data, passphrase)
    demo = certificate_check(key=key, cert=cert, others=others, user=user, demo=demo) or demo
    SigningCertificate.objects.filter(user=user, office=office, active=True).update(active=False)
    return SigningCertificate.objects.create(
        user=user,
        office=office,
        pkcs12_encrypted=blob_encrypt(bytes(pkcs12_data)),
        subject=certificate_subject(cert),
        serial=format(cert.serial_number, "x")[:80],
        not_before=cert.not_valid_before_utc,
        not_after=cert.not_valid_after_utc,
        demo=demo,
        uploaded_by=uploaded_by,
    )


def certificate_upload(*, office, user, pkcs12_data: bytes, passphrase: str, actor) -> SigningCertificate:
    """The office admin uploads the PKCS#12 of a head of the office."""
    from romantik.enums import Role
    from romantik.selectors import user_has_office_role

    if not actor.has_perm("letters.manage_certificates", office):
        raise PermissionDenied
    if not user_has_office_role(user, office, {Role.HEAD}):
        raise ValidationError(gettext("%(name)s is not a head of this office.") % {"name": user})
    return certificate_store(
        user=user, office=office, pkcs12_data=pkcs12_data, passphrase=passphrase, uploaded_by=actor
    )


def certificate_active(*, user, office) -> SigningCertificate | None:
    now = timezone.now()
    return (
        SigningCertificate.objects.filter(user=user, office=office, active=True, not_before__lte=now, not_after__gt=now)
        .order_by("-uploaded_at", "-pk")
        .first()
    )


# --- The demo root and the demo certificates -------------------------------------------------------


def _name(common_name: str, *, organization: str, unit: str = "", title: str = "", serial: str = "") -> x509.Name:
    parts = [
        x509.NameAttribute(NameOID.COUNTRY_NAME, "ID"),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, organization[:64]),
    ]
    if unit:
        parts.append(x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, unit[:64]))
    if title:
        parts.append(x509.NameAttribute(NameOID.TITLE, title[:64]))
    if serial:
        parts.append(x509.NameAttribute(NameOID.SERIAL_NUMBER, serial[:64]))
    parts.append(x509.NameAttribute(NameOID.COMMON_NAME, common_name[:64]))
    return x509.Name(parts)


def _demo_root_create():
    key = ec.generate_private_key(ec.SECP256R1())
    name = _name(f"Romantik Demo Root CA ({DEMO_MARK})", organization=f"Romantik ({DEMO_MARK})")
    now = timezone.now()
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=False,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    key_pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    default_storage.save(DEMO_ROOT_KEY, ContentFile(blob_encrypt(key_pem)))
    default_storage.save(DEMO_ROOT_CERT, ContentFile(cert.public_bytes(serialization.Encoding.PEM)))
    logger.info("Created the demo root CA %s", certificate_subject(cert))
    return cert, key


def demo_root(*, create: bool = True):
    """(certificate, private key) of the demo root CA; created on first use. None if absent and not created."""
    if default_storage.exists(DEMO_ROOT_CERT) and default_storage.exists(DEMO_ROOT_KEY):
        with default_storage.open(DEMO_ROOT_CERT, "rb") as fh:
            cert = x509.load_pem_x509_certificate(fh.read())
        with default_storage.open(DEMO_ROOT_KEY, "rb") as fh:
            key = serialization.load_pem_private_key(blob_decrypt(fh.read()), password=None)
        return cert, key
    if not create:
        return None
    return _demo_root_create()


def demo_root_certificate() -> x509.Certificate | None:
    if not default_storage.exists(DEMO_ROOT_CERT):
        return None
    with default_storage.open(DEMO_ROOT_CERT, "rb") as fh:
        return x509.load_pem_x509_certificate(fh.read())


def demo_pkcs12_issue(*, user, office, passphrase: str = DEMO_PASSPHRASE) -> bytes:
    """A PKCS#12 with a fresh key and a certificate of the demo root for a head (name, NIP, position, and
    e-mail address as subject alternative name: what `certificate_check` identifies the head by)."""
    root_cert, root_key = demo_root()
    key = ec.generate_private_key(ec.SECP256R1())
    now = timezone.now()
    subject = _name(
        user.full_name or user.email,
        organization=DEMO_MARK,
        unit=office.name,
        title=getattr(user, "position", "") or "",
        serial=f"NIP {user.nip}" if getattr(user, "nip", "") else "",
    )
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(root_cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(min(now + datetime.timedelta(days=3 * 365), root_cert.not_valid_after_utc))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(root_key.public_key()),
            critical=False,
        )
        .add_extension(x509.SubjectAlternativeName([x509.RFC822Name(user.email)]), critical=False)
        .sign(root_key, hashes.SHA256())
    )
    return pkcs12.serialize_key_and_certificates(
        name=(user.full_name or user.email).encode(),
        key=key,
        cert=cert,
        cas=[root_cert],
        encryption_algorithm=serialization.BestAvailableEncryption(passphrase.encode()),
    )


def demo_certificate_issue(*, user, office, passphrase: str = DEMO_PASSPHRASE) -> SigningCertificate:
    """The head's active demo certificate for the office, issued if there is none (idempotent)."""
    existing = certificate_active(user=user, office=office)
    if existing is not None:
        return existing  # a demo one already, or a real one uploaded: never replaced by a demo one
    return certificate_store(
        user=user,
        office=office,
        pkcs12_data=demo_pkcs12_issue(user=user, office=office, passphrase=passphrase),
        passphrase=passphrase,
        demo=True,
    )


def demo_certificates_load() -> list[SigningCertificate]:
    """seed_demo: a demo certificate for every demo head (idempotent)."""
    from romantik.enums import Role
    from romantik.models import OfficeRole

    certificates = []
    for role in OfficeRole.objects.filter(role=Role.HEAD, user__email__endswith="@demo.bps.go.id").select_related(
        "user", "office"
    ):
        certificates.append(demo_certificate_issue(user=role.user, office=role.office))
    return certificates


# --- Trust -----------------------------------------------------------------------------------------


def _load_certificates(path: Path) -> list[x509.Certificate]:
    data = path.read_bytes()
    if b"-----BEGIN" in data:
        return x509.load_pem_x509_certificates(data)
    return [x509.load_der_x509_certificate(data)]


def trust_roots() -> list[x509.Certificate]:
    """The roots a letter's signature must chain to: LETTER_TRUST_ROOTS and BSRE_TRUST_ROOTS (letters.bsre), plus
    the demo root once demo certificates exist."""
    roots = []
    for path in [*settings.LETTER_TRUST_ROOTS, *settings.BSRE_TRUST_ROOTS]:
        roots.extend(_load_certificates(Path(path)))
    if SigningCertificate.objects.filter(demo=True).exists():
        demo = demo_root_certificate()
        if demo is not None:
            roots.append(demo)
    return roots


def to_asn1(cert: x509.Certificate):
    from asn1crypto import x509 as asn1_x509

    return asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))

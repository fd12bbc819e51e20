"""Keys and certificates for signing letters.

* The heads' PKCS#12 files are stored encrypted at rest (Fernet, with a key derived from the setting
  LETTER_KEY_ENCRYPTION_KEY). The PKCS#12 keeps its own passphrase, which is never stored or logged:
  the head types it at each signature.
* The demo: a demo root CA (kept under the default storage, its key encrypted like the PKCS#12 files)
  issues demo certificates for the demo heads, marked "DEMO — bukan sertifikat resmi" (not an official
  certificate) in their subject, so the whole flow works out of the box.
* Trust: the roots listed in LETTER_TRUST_ROOTS, plus the demo root once demo certificates exist.
"""

import base64
import datetime
import hashlib
import logging
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
from django.utils.translation import gettext

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


def pkcs12_open(data: bytes, passphrase: str):
    """(private key, certificate, other certificates) of a PKCS#12, or ValidationError for a wrong passphrase."""
    try:
        key, cert, others = pkcs12.load_key_and_certificates(bytes(data), passphrase.encode() if passphrase else None)
    except Exception:  # noqa: BLE001 - cryptography raises ValueError and others; the reason is the passphrase or file
        raise ValidationError(
            gettext("Wrong passphrase, or the file is not a PKCS#12 certificate."), code="wrong_passphrase"
        ) from None
    if key is None or cert is None:
        raise ValidationError(gettext("The PKCS#12 file holds no private key and certificate."), code="incomplete")
    return key, cert, others


def certificate_subject(cert: x509.Certificate) -> str:
    return cert.subject.rfc4514_string()[:300]


@transaction.atomic
def certificate_store(
    *, user, office, pkcs12_data: bytes, passphrase: str, uploaded_by=None, demo: bool = False
) -> SigningCertificate:
    """Store the PKCS#12 of a head (encrypted); the passphrase is only used to check that it opens.
    The new certificate replaces the head's active one for that office."""
    _key, cert, _others = pkcs12_open(pkcs12_data, passphrase)
    now = timezone.now()
    if cert.not_valid_after_utc <= now:
        raise ValidationError(gettext("This certificate has expired."), code="expired")
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
    """A PKCS#12 with a fresh key and a certificate of the demo root for a head (name, NIP, position)."""
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
    """The roots a letter's signature must chain to: LETTER_TRUST_ROOTS, plus the demo root once demo
    certificates exist."""
    roots = []
    for path in settings.LETTER_TRUST_ROOTS:
        roots.extend(_load_certificates(Path(path)))
    if SigningCertificate.objects.filter(demo=True).exists():
        demo = demo_root_certificate()
        if demo is not None:
            roots.append(demo)
    return roots


def to_asn1(cert: x509.Certificate):
    from asn1crypto import x509 as asn1_x509

    return asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))

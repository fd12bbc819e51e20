"""The head's opened signing key, kept between the signing request and the Celery task that signs.

Why this exists
---------------
The head types the passphrase of the PKCS#12 in the signing request (the session itself has passed two-factor
authentication at log-in). Rendering and signing a large letter takes longer than a web request may, so the
signature is made by a Celery task (letters.issuing), which needs the key. The passphrase must not travel through
the broker nor be stored in the database, so:

* the request opens the key with the passphrase (a wrong one is refused there and then, before anything is
  numbered: `Signer.unlock`) and keeps only what the signature needs — for the local PKCS#12 backend the private
  key and its certificates (`key_material_dump`), never the passphrase;
* that material is sealed here with Fernet (AES-128-CBC + HMAC-SHA256) under a key of its own, derived (HKDF)
  from the server's LETTER_KEY_ENCRYPTION_KEY (or SECRET_KEY) with a label used for nothing else. Neither a copy
  of the database nor the broker's contents open it without the server's key;
* the seal names its letter and head: copied into another job it does not open;
* it is stored in the job's row (SigningJob.sealed_key) only; the broker carries the job's id, nothing else;
* it expires: the token carries its time and `unseal` refuses it after LETTER_SIGN_KEY_TTL_SECONDS, whatever
  happened to the row (the job fails, the head signs again);
* it is wiped from the row as soon as the job ends (signed, failed, expired), and the periodic flush ends
  the jobs whose seal expired.

Whoever holds the server's key and the row within those minutes can sign that one head's letters — the power the
server itself has while it signs; the passphrase, which may open more than this key, is never written anywhere.
"""

import base64
import json

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext

_LABEL = b"romantik letters: the head's opened key between the signing request and its task"


def _fernet() -> Fernet:
    material = (settings.LETTER_KEY_ENCRYPTION_KEY or f"romantik-letters:{settings.SECRET_KEY}").encode()
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_LABEL).derive(material)
    return Fernet(base64.urlsafe_b64encode(key))


def seal_expired() -> ValidationError:
    return ValidationError(
        gettext("Your signature request waited too long and expired; nothing was signed. Sign the letter again."),
        code="seal_expired",
    )


def seal(credential: bytes, *, letter_id: int, signer_id: int) -> bytes:
    """`credential` (what Signer.unlock returned), sealed for the signing of `letter_id` by `signer_id`."""
    payload = {"letter": letter_id, "signer": signer_id, "credential": base64.b64encode(credential).decode()}
    return _fernet().encrypt(json.dumps(payload).encode())


def unseal(token: bytes, *, letter_id: int, signer_id: int) -> bytes:
    """The credential sealed by `seal`; ValidationError when it is expired, wiped, or not this letter's and head's."""
    if not token:
        raise seal_expired()
    try:
        payload = json.loads(_fernet().decrypt(bytes(token), ttl=settings.LETTER_SIGN_KEY_TTL_SECONDS))
    except InvalidToken:
        raise seal_expired() from None
    if (payload.get("letter"), payload.get("signer")) != (letter_id, signer_id):
        raise seal_expired()
    return base64.b64decode(payload["credential"])


# --- the local backend's credential: the opened key and its certificates --------------------------------------


def key_material_dump(signer) -> bytes:
    """A pyHanko SimpleSigner's private key and certificates (DER), to be sealed."""
    return json.dumps(
        {
            "key": base64.b64encode(signer.signing_key.dump()).decode(),
            "cert": base64.b64encode(signer.signing_cert.dump()).decode(),
            "others": [base64.b64encode(c.dump()).decode() for c in signer.cert_registry],
        }
    ).encode()


def key_material_load(data: bytes):
    """The SimpleSigner of `key_material_dump`'s output."""
    from asn1crypto import keys, x509
    from pyhanko.sign import signers
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    material = json.loads(data)
    return signers.SimpleSigner(
        signing_key=keys.PrivateKeyInfo.load(base64.b64decode(material["key"])),
        signing_cert=x509.Certificate.load(base64.b64decode(material["cert"])),
        cert_registry=SimpleCertificateStore.from_certs(
            [x509.Certificate.load(base64.b64decode(c)) for c in material["others"]]
        ),
    )

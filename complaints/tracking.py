"""The tracking key: the secret that lets the complainant, and nobody else, follow a complaint without an account.

The number alone is guessable (sequential per office and year) and the e-mail address is no secret either: the
officer complained about usually knows it. So filing a complaint makes a random key (`secrets`, 144 bits) that
only the complainant receives, on the confirmation page and in the receipt sent to their contact address, as a
link: /pengaduan/lacak/<number>/?kode=<key>. The complaint keeps the key's SHA-256 only (a random key needs no
slow hash), compared in constant time; the outbox blanks the link once the receipt is sent
(notifications.services.SECRET_CONTEXT).

Opening the link, or typing number and key on the tracking page, lets that browser session follow the complaint;
the session holds a tag derived from the key's hash, so a new key (the office sends one when the complainant lost
the link, or for complaints filed before keys existed) ends every session that followed with the old one.
"""

import hashlib
import hmac
import secrets

from django.urls import reverse
from django.utils.crypto import salted_hmac

KEY_BYTES = 18  # 24 URL-safe characters
KEY_MAX_LENGTH = 64
KEY_PARAM = "kode"


def key_new() -> str:
    return secrets.token_urlsafe(KEY_BYTES)


def key_hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


# Compared when no complaint has the number, so that a wrong number costs the same as a wrong key.
_NO_HASH = key_hash("")


def key_matches(complaint, key: str) -> bool:
    """Whether `key` is the complaint's tracking key (constant time). A complaint without a key matches nothing."""
    key = (key or "").strip()
    stored = complaint.tracking_key_hash if complaint is not None else ""
    if not key or len(key) > KEY_MAX_LENGTH:
        return False
    same = hmac.compare_digest(stored or _NO_HASH, key_hash(key))
    return same and bool(stored)


def follow_tag(complaint) -> str:
    """What a following session keeps: tied to the current key, so a new key ends the old followers."""
    return salted_hmac("complaints.tracking.follow", complaint.tracking_key_hash).hexdigest()[:20]


def tracking_link(number: str, key: str) -> str:
    """The complainant's link (a path; messages put SITE_URL in front)."""
    return f"{reverse('complaints:track_detail', kwargs={'number': number})}?{KEY_PARAM}={key}"

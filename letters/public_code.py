"""The short public code of a recommended activity ("Cek Survei", issue 22): printed by the agency, with its QR
code, on every questionnaire; a person surveyed types or scans it on `/cek-survei/`.

The code is a function of the submission's id alone, so the letter can print it before the catalogue lists the
activity (the letter is rendered and signed first; `letters.signals.letter_issued` then lists it, and the
catalogue stores the same code in `CatalogueEntry.public_check_code` for the look-up):

* unique: a fixed 4-round Feistel permutation of the 40-bit integers (a bijection), so two ids never share a code;
* stable: the round keys are constants here, never SECRET_KEY, so a rotated key changes no printed code;
* not a counter: consecutive ids give unrelated codes (the look-up is rate limited; 2^40 codes, few in use);
* unambiguous: 8 characters of Crockford's base 32 (no I, L, O, U), shown as two groups "K7QM-2XRD"; what a
  person types is read leniently (lower case, spaces and dashes, O for 0, I and L for 1).
"""

import hashlib

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
LENGTH = 8
_BITS = 5 * LENGTH  # 40
_HALF = _BITS // 2
_MASK = (1 << _HALF) - 1
_ROUND_KEYS = (b"romantik-cek-1", b"romantik-cek-2", b"romantik-cek-3", b"romantik-cek-4")
_TYPED = str.maketrans({"O": "0", "I": "1", "L": "1", "U": "V"})


def _round(value: int, key: bytes) -> int:
    digest = hashlib.sha256(key + value.to_bytes(4, "big")).digest()
    return int.from_bytes(digest[:4], "big") & _MASK


def _permute(number: int) -> int:
    left, right = number >> _HALF, number & _MASK
    for key in _ROUND_KEYS:
        left, right = right, left ^ _round(right, key)
    return (left << _HALF) | right


def public_code(submission_id: int) -> str:
    """The code of the submission with this id: 8 characters of ALPHABET, no separator (as stored)."""
    if not 0 < submission_id < (1 << _BITS):
        raise ValueError("submission id out of range for a public code")
    number = _permute(submission_id)
    return "".join(ALPHABET[(number >> (5 * i)) & 31] for i in reversed(range(LENGTH)))


def code_display(code: str) -> str:
    """"K7QM2XRD" → "K7QM-2XRD", how the letter, the page and the questionnaire print it."""
    return f"{code[:4]}-{code[4:]}" if len(code) == LENGTH else code


def code_normalise(typed: str) -> str:
    """What a person typed, as stored: upper case, without spaces or dashes, O→0, I/L→1, U→V; "" when it cannot
    be a code (wrong length or a character outside the alphabet)."""
    code = "".join((typed or "").split()).replace("-", "").upper().translate(_TYPED)
    if len(code) != LENGTH or any(char not in ALPHABET for char in code):
        return ""
    return code


def check_url(code: str) -> str:
    """The address of the activity's Cek Survei page (the QR code's target): `ceksurvei:code`, by its name."""
    from django.conf import settings
    from django.urls import reverse

    return settings.SITE_URL + reverse("ceksurvei:code", kwargs={"code": code})


def check_qr_svg(code: str) -> str:
    """The QR code of `check_url(code)` as inline SVG markup (qrcode's pure-Python SVG writer): the letter's
    WeasyPrint loads no data: address (letters.typesetting's fetcher), and an inline <svg> needs none."""
    import re

    import qrcode
    import qrcode.image.svg

    svg = qrcode.make(check_url(code), image_factory=qrcode.image.svg.SvgPathImage, border=1).to_string(
        encoding="unicode"
    )
    svg = re.sub(r"^<\?xml[^>]*\?>\s*", "", svg)
    size = 'class="check-qr" role="img" aria-label="QR Cek Survei"'
    return re.sub(r'width="[^"]*" height="[^"]*"', size, svg, count=1)

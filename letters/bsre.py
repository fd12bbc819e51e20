"""Letters signed by BSrE (Balai Sertifikasi Elektronik, BSSN), the national signing service, through its TTE API
version 2 — the backend `BsreSigner` behind letters.signers.Signer, chosen with LETTER_SIGNER.

The calls (JSON, HTTP Basic authentication with the office's client credentials BSRE_CLIENT_ID / _SECRET):

* ``POST /api/v2/user/check/status`` ``{"nik"|"email"}`` → ``{"status": "ISSUE" | "NOT_REGISTERED" |
  "NO_CERTIFICATE", "message"}``: when a head's BSrE identity is set (romantik.User.bsre_identity) and before each
  signature; only ISSUE may sign.
* ``POST /api/v2/sign/pdf`` ``{"nik"|"email", "passphrase"|"totp", "signatureProperties": [{"tampilan": "VISIBLE",
  "imageBase64", "page", "originX", "originY", "width", "height", "location", "reason"}], "file": [base64]}`` →
  ``{"file": [base64]}``: the signed PDF. A refusal is a 4xx ``{"status_code", "error"}``.
* ``POST /api/v2/verify/pdf`` ``{"file": base64}`` → ``{"conclusion": "VALID" | ..., "signatureInformations"}``:
  every signed file is confirmed with it before it becomes the letter.

Never sign twice, never lose a number. A sign call is recorded (BsreSignAttempt, committed) before it is sent, and
is never repeated by the portal (no retry, one call per signing job). A call that was sent and got no answer (a
timeout, a dropped connection, a 5xx) has an unknown outcome: the head sees "sedang dikonfirmasi", no new call is
sent for the letter until the attempt is settled by asking the service again (`bsre_attempt_settle`: the head's next
click, or the periodic task). A signed file that came back but could not be confirmed yet is kept and confirmed
later, then becomes the letter at once (letters.issuing.letter_signature_adopt) or is used instead of a new call.
The letter keeps the number it got before the call (letters.issuing), so whatever the service does (refuses, times
out, answers twice) the numbers stay gap-free and the letter is one.

TTE API version 2 has no look-up of an earlier call: when a call's answer was lost, the service is asked to verify
the document the portal sent, and once it answers the head may sign again (the same letter, number and date).
"""

import base64
import io
import json
import logging
import re
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.debug import sensitive_variables

from .enums import UNSETTLED_BSRE_STATES, BsreAttemptState, LetterState, SigningState
from .models import BsreSignAttempt, Letter, SigningJob
from .selectors import letter_locked
from .signers import (
    STAMP_LINES,
    Signer,
    _link_add,
    signature_place,
    signer_position,
    verification_url,
    wrong_passphrase,
)

logger = logging.getLogger(__name__)

STATUS_ISSUE = "ISSUE"
STATUS_NOT_REGISTERED = "NOT_REGISTERED"
STATUS_NO_CERTIFICATE = "NO_CERTIFICATE"

# The one table of an attempt's life (`_attempt_move`).
BSRE_ALLOWED = {
    BsreAttemptState.SENDING: {
        BsreAttemptState.SIGNED,
        BsreAttemptState.RECEIVED,
        BsreAttemptState.UNKNOWN,
        BsreAttemptState.REFUSED,
        BsreAttemptState.FAILED,
    },
    BsreAttemptState.RECEIVED: {BsreAttemptState.SIGNED, BsreAttemptState.NOT_SIGNED},
    BsreAttemptState.UNKNOWN: {BsreAttemptState.NOT_SIGNED},
    BsreAttemptState.SIGNED: set(),
    BsreAttemptState.REFUSED: set(),
    BsreAttemptState.FAILED: set(),
    BsreAttemptState.NOT_SIGNED: set(),
}


# --- The HTTP client ----------------------------------------------------------------------------------------------


class BsreUnreachable(Exception):
    """The call did not reach the service (no connection): nothing was sent."""


class BsreNoAnswer(Exception):
    """The call was sent and no usable answer came (timeout, dropped connection, server error): outcome unknown."""


class BsreRefused(Exception):
    """The service answered the call with a refusal (4xx)."""

    def __init__(self, status: int, code, message: str):
        super().__init__(f"{status} {code} {message}")
        self.status, self.code, self.message = status, code, message


def _session():
    import requests
    from requests.adapters import HTTPAdapter

    session = requests.Session()
    adapter = HTTPAdapter(max_retries=0)  # a call is never repeated, least of all a sign call
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    return session


@sensitive_variables("payload")
def bsre_post(path: str, payload: dict, *, quick: bool = False) -> dict:
    """POST `payload` (JSON) to the service; the answer's JSON, or BsreUnreachable / BsreNoAnswer / BsreRefused.
    `quick`: a call made in the head's request (status, verify), waiting BSRE_CHECK_TIMEOUT_SECONDS at most."""
    import requests
    from urllib3.exceptions import NewConnectionError

    if not settings.BSRE_BASE_URL:
        raise BsreUnreachable("BSRE_BASE_URL is not set")
    url = settings.BSRE_BASE_URL.rstrip("/") + path
    read = settings.BSRE_CHECK_TIMEOUT_SECONDS if quick else settings.BSRE_TIMEOUT_SECONDS
    timeout = (settings.BSRE_CONNECT_TIMEOUT_SECONDS, read)
    try:
        with _session() as session:
            response = session.post(
                url, json=payload, auth=(settings.BSRE_CLIENT_ID, settings.BSRE_CLIENT_SECRET), timeout=timeout
            )
    except requests.ConnectTimeout as exc:
        raise BsreUnreachable(str(exc)) from None
    except requests.ConnectionError as exc:
        reason = getattr(exc.args[0], "reason", None) if exc.args else None
        if isinstance(reason, NewConnectionError):
            raise BsreUnreachable(str(exc)) from None
        raise BsreNoAnswer(str(exc)) from None  # the connection broke after the call was sent
    except requests.RequestException as exc:  # ReadTimeout and the rest: sent, no answer
        raise BsreNoAnswer(str(exc)) from None
    if response.status_code >= 500:
        raise BsreNoAnswer(f"HTTP {response.status_code}")
    try:
        body = response.json()
    except ValueError:
        body = {}
    if response.status_code >= 400:
        message = str(body.get("error") or body.get("message") or "")[:500]
        raise BsreRefused(response.status_code, body.get("status_code"), message)
    if not isinstance(body, dict):
        raise BsreNoAnswer("the answer is not a JSON object")
    return body


# --- The head's identity at BSrE -----------------------------------------------------------------------------------


def _identity_payload(identity: str) -> dict:
    return {"email": identity} if "@" in identity else {"nik": identity}


def bsre_identity_clean(value: str) -> str:
    """A NIK (16 digits; spaces and dots dropped) or an e-mail address; ValidationError otherwise."""
    value = (value or "").strip()
    if "@" in value:
        if not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", value):
            raise ValidationError(gettext("Enter a valid e-mail address."), code="invalid")
        return value.casefold()
    digits = re.sub(r"[\s.\-]", "", value)
    if not re.fullmatch(r"\d{16}", digits):
        raise ValidationError(
            gettext("Enter your NIK (16 digits) or the e-mail address you registered at BSrE."), code="invalid"
        )
    return digits


def bsre_status_check(identity: str) -> str:
    """BSrE's status of `identity`: ISSUE, NOT_REGISTERED, NO_CERTIFICATE (or what else it says)."""
    body = bsre_post("/api/v2/user/check/status", _identity_payload(identity), quick=True)
    return str(body.get("status") or "").upper()[:20]


def _status_store(user, status: str) -> None:
    user.bsre_status, user.bsre_checked_at = status, timezone.now()
    user.save(update_fields=["bsre_status", "bsre_checked_at"])


def bsre_status_problem(user) -> str:
    """Why `user` cannot sign through BSrE, from the last status check; "" when the head can."""
    if not user.bsre_identity:
        return gettext(
            "Your BSrE identity (NIK or the e-mail address registered at BSrE) is not set yet; enter it below."
        )
    if user.bsre_status == STATUS_ISSUE:
        return ""
    if user.bsre_status == STATUS_NOT_REGISTERED:
        return gettext(
            "%(identity)s is not registered at BSrE, so you cannot sign through BSrE. Register at BSrE first "
            "(through your office's registration officer), or correct your NIK or e-mail below."
        ) % {"identity": user.bsre_identity}
    if user.bsre_status == STATUS_NO_CERTIFICATE:
        return gettext(
            "%(identity)s is registered at BSrE but has no active signing certificate (not issued yet, expired or "
            "revoked), so you cannot sign. Ask BSrE to issue your certificate."
        ) % {"identity": user.bsre_identity}
    if not user.bsre_status:
        return gettext("Your BSrE identity has not been checked yet: it is checked with BSrE when you sign.")
    return gettext("BSrE answered “%(status)s” for %(identity)s, so you cannot sign through BSrE.") % {
        "status": user.bsre_status,
        "identity": user.bsre_identity,
    }


def bsre_identity_set(*, user, identity: str) -> str:
    """The head sets their BSrE identity; it is checked with BSrE's status call at once. Returns the problem
    (`bsre_status_problem`, "" when the head can sign); ValidationError for a malformed value."""
    identity = bsre_identity_clean(identity)
    user.bsre_identity, user.bsre_status, user.bsre_checked_at = identity, "", None
    user.save(update_fields=["bsre_identity", "bsre_status", "bsre_checked_at"])
    logger.info("User %s set a BSrE identity", user.pk)
    try:
        _status_store(user, bsre_status_check(identity))
    except (BsreUnreachable, BsreNoAnswer, BsreRefused) as exc:
        logger.warning("BSrE status check for user %s failed: %s", user.pk, exc)
    return bsre_status_problem(user)


def _status_require(user) -> None:
    """Before a signature: the head's identity is ISSUE at BSrE now, else ValidationError saying why. (A batch asks
    once per letter: quick calls; a service that does not answer refuses the batch at its first letter.)"""
    if not user.bsre_identity:
        raise ValidationError(bsre_status_problem(user), code="no_bsre_identity")
    try:
        _status_store(user, bsre_status_check(user.bsre_identity))
    except BsreRefused as exc:
        raise ValidationError(
            gettext("BSrE refused the status check: %(message)s") % {"message": exc.message or exc.status},
            code="bsre_refused",
        ) from None
    except (BsreUnreachable, BsreNoAnswer):
        raise unreachable() from None
    if user.bsre_status != STATUS_ISSUE:
        raise ValidationError(bsre_status_problem(user), code="bsre_status")


# --- Messages -------------------------------------------------------------------------------------------------------


def unreachable() -> ValidationError:
    return ValidationError(
        gettext("BSrE cannot be reached right now; nothing was signed. Try again in a few minutes."),
        code="bsre_unreachable",
    )


def outcome_unknown() -> ValidationError:
    return ValidationError(
        gettext(
            "BSrE did not answer in time, so whether the letter was signed is being confirmed with BSrE. "
            "Nothing is signed again meanwhile; the letter keeps its number."
        ),
        code="outcome_unknown",
    )


def _refusal(exc: BsreRefused, *, totp: bool) -> ValidationError:
    text = (exc.message or "").casefold()
    if exc.code in {2031, "2031"} or "passphrase" in text or "totp" in text or "otp" in text.split():
        if totp:
            return ValidationError(gettext("The TOTP code is wrong or has expired."), code="wrong_passphrase")
        return wrong_passphrase()
    return ValidationError(
        gettext("BSrE refused to sign: %(message)s. Nothing was signed.") % {"message": exc.message or exc.status},
        code="bsre_refused",
    )


# --- The attempts ---------------------------------------------------------------------------------------------------


def _attempt_move(attempt_id: int, to: str, *, error: str = "", signed: bytes | None = None) -> BsreSignAttempt:
    """The one way an attempt changes state (BSRE_ALLOWED), logged. A move not allowed from the current state (another
    process settled it first) leaves it as it is."""
    with transaction.atomic():
        attempt = BsreSignAttempt.objects.select_for_update().get(pk=attempt_id)
        if to not in BSRE_ALLOWED[attempt.state]:
            logger.info("BSrE attempt %s: %s → %s refused (already moved)", attempt.pk, attempt.state, to)
            return attempt
        before = attempt.state
        fields = ["state", "error", "updated_at"]
        attempt.state, attempt.error = to, error or attempt.error
        if signed is not None:
            attempt.signed_pdf.save("signed.pdf", ContentFile(signed), save=False)
            fields.append("signed_pdf")
        if to not in UNSETTLED_BSRE_STATES:
            attempt.settled_at = timezone.now()
            fields.append("settled_at")
        attempt.save(update_fields=fields)
    logger.info("BSrE attempt %s of letter %s: %s → %s", attempt.pk, attempt.letter_id, before, to)
    return attempt


def _read(field) -> bytes:
    with field.storage.open(field.name, "rb") as fh:
        return fh.read()


def _confirm(signed: bytes, *, quick: bool) -> bool:
    """BSrE's verify call says the file's signature is valid (raises BsreUnreachable/NoAnswer when it cannot say)."""
    try:
        body = bsre_post("/api/v2/verify/pdf", {"file": base64.b64encode(signed).decode()}, quick=quick)
    except BsreRefused:
        return False
    return str(body.get("conclusion") or "").upper() == "VALID" and bool(body.get("signatureInformations"))


def bsre_unsettled(letter) -> BsreSignAttempt | None:
    return BsreSignAttempt.objects.filter(letter=letter, state__in=UNSETTLED_BSRE_STATES).first()


def _adopt(attempt: BsreSignAttempt) -> None:
    """A file confirmed after its job ended becomes the letter at once (letters.issuing.letter_signature_adopt), so
    the head's pages go from "sedang dikonfirmasi" to signed without another click."""
    from .issuing import letter_signature_adopt

    try:
        adopted = letter_signature_adopt(
            letter_id=attempt.letter_id,
            signer=attempt.signer,
            signed=_read(attempt.signed_pdf),
            draft_version=attempt.draft_version,
        )
    except Exception:  # noqa: BLE001 - the attempt stays SIGNED: the head's next signature uses its file
        logger.exception(
            "Letter %s: the confirmed file of BSrE attempt %s was not adopted", attempt.letter_id, attempt.pk
        )
        return
    if adopted:
        logger.info("Letter %s issued with the file of BSrE attempt %s", attempt.letter_id, attempt.pk)


def bsre_attempt_settle(attempt: BsreSignAttempt, *, quick: bool = False, adopt: bool = True) -> BsreSignAttempt:
    """Ask the service about an attempt whose outcome is unknown; returns it, settled when the service answered.

    A call still being sent (SENDING, younger than its timeout) is left alone. A signed file that came back unconfirmed
    (RECEIVED) is confirmed with the verify call: SIGNED or NOT_SIGNED. A SIGNED file is the letter: with `adopt` (the
    periodic task, the head's click, not the signing job that holds the file itself) the letter is signed and issued
    with it now, if it still waits for it unchanged; else the head's next signature uses it instead of a new call.
    A call without an answer (UNKNOWN, or SENDING past its timeout: the worker died) is asked about with the verify
    call on the document sent; once the service answers, the attempt is settled NOT_SIGNED — no signed file reached
    the portal, none was issued — and the head may sign again."""
    if attempt.state == BsreAttemptState.SENDING:
        stale = timedelta(seconds=settings.BSRE_CONNECT_TIMEOUT_SECONDS + settings.BSRE_TIMEOUT_SECONDS + 60)
        if attempt.updated_at > timezone.now() - stale:
            return attempt
        attempt = _attempt_move(attempt.pk, BsreAttemptState.UNKNOWN, error="no answer (worker stopped)")
    try:
        if attempt.state == BsreAttemptState.RECEIVED:
            valid = _confirm(_read(attempt.signed_pdf), quick=quick)
            to = BsreAttemptState.SIGNED if valid else BsreAttemptState.NOT_SIGNED
            moved = _attempt_move(attempt.pk, to, error="" if valid else "the returned file does not verify")
            if adopt and valid and moved.state == BsreAttemptState.SIGNED:
                _adopt(moved)
            return moved
        if attempt.state == BsreAttemptState.UNKNOWN:
            sent = _read(attempt.sent_pdf) if attempt.sent_pdf else b""
            try:
                bsre_post("/api/v2/verify/pdf", {"file": base64.b64encode(sent).decode()}, quick=quick)
            except BsreRefused:
                pass  # an answer all the same: the service is up and holds nothing for the portal
            return _attempt_move(attempt.pk, BsreAttemptState.NOT_SIGNED, error="settled: no signed file received")
    except (BsreUnreachable, BsreNoAnswer) as exc:
        logger.warning("BSrE attempt %s still unsettled: %s", attempt.pk, exc)
    return attempt


def letter_signed_now(letter) -> bool:
    return Letter.objects.filter(pk=letter.pk, state=LetterState.SIGNED).exists()


def bsre_attempts_settle(*, limit: int = 10) -> int:
    """Periodic (beat): settle the unsettled attempts. Returns how many were settled."""
    settled = 0
    for attempt in BsreSignAttempt.objects.filter(state__in=UNSETTLED_BSRE_STATES).order_by("updated_at")[:limit]:
        if bsre_attempt_settle(attempt).state not in UNSETTLED_BSRE_STATES:
            settled += 1
    return settled


# --- The appearance and the call ------------------------------------------------------------------------------------


def appearance_png(letter, signer_user, box) -> bytes:
    """The visible signature BSrE draws in the box: the QR code to the verification page and the lines of
    letters.signers.STAMP_LINES (who signed, NIP, position, number), as a PNG at 4 pixels per point."""
    import qrcode
    from PIL import Image, ImageDraw, ImageFont

    scale = 4
    width, height = int((box[2] - box[0]) * scale), int((box[3] - box[1]) * scale)
    image = Image.new("RGB", (width, height), "white")
    qr = qrcode.make(verification_url(letter), border=1).get_image().convert("RGB").resize((height, height))
    image.paste(qr, (0, 0))
    params = {
        "signer": signer_user.full_name or signer_user.email,
        "nip": getattr(signer_user, "nip", "") or "",
        "position": signer_position(letter, signer_user),
        "number": letter.number or "",
    }
    lines = [line % params for key, line in STAMP_LINES if not key or params[key]]
    draw = ImageDraw.Draw(image)
    room = width - height - 4 * scale
    size = max(8, height // (len(lines) + 2))
    while True:  # the largest size at which every line fits beside the QR code
        try:
            font = ImageFont.load_default(size=size)
        except TypeError:  # an old Pillow without sized default fonts
            font = ImageFont.load_default()
            break
        if size <= 8 or max(draw.textlength(line, font=font) for line in lines) <= room:
            break
        size -= 2
    step = int(size * 1.2)
    top = max(size // 2, (height - len(lines) * step) // 2)
    for row, line in enumerate(lines):
        draw.text((height + 2 * scale, top + row * step), line, fill="black", font=font)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def _prepared(pdf: bytes, *, letter) -> tuple[bytes, int, tuple]:
    """The PDF sent to BSrE: the letter with the link over the signature box (as the local backend adds it), the
    1-based page and the box."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    page, box = signature_place(pdf)
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    _link_add(writer, page=page, box=box, url=verification_url(letter))
    out = io.BytesIO()
    writer.write(out)
    pages = int(writer.root["/Pages"]["/Count"])
    return out.getvalue(), (pages if page < 0 else page + 1), box


class BsreSecret(str):
    """What the head typed on the signing page, with how: "passphrase" or "totp" (a code of the BSrE app). A str, so
    that it passes through letters.issuing as the passphrase does."""

    def __new__(cls, value, kind: str = "passphrase"):
        secret = super().__new__(cls, value)
        secret.kind = "totp" if kind == "totp" else "passphrase"
        return secret


def _running_job(letter) -> SigningJob | None:
    return SigningJob.objects.filter(letter=letter, state=SigningState.RUNNING).order_by("-pk").first()


class BsreSigner(Signer):
    """Signs through BSrE's TTE API v2 (the module's docstring). The head's key never leaves BSrE: the head types the
    passphrase (or a TOTP code of the BSrE app) on the signing page, and it travels sealed to the signing task."""

    def is_available(self, *, signer_user, office) -> bool:
        return bool(signer_user.bsre_identity) and signer_user.bsre_status in {STATUS_ISSUE, ""}

    @sensitive_variables("passphrase", "credential")
    def unlock(self, *, letter, signer_user, passphrase: str) -> bytes:
        """In the head's request: an earlier call of this letter is settled first (none is sent while its outcome is
        unknown), the head's status at BSrE is checked, and the identity and passphrase are kept for the task."""
        if not passphrase:
            raise wrong_passphrase()
        kind = getattr(passphrase, "kind", "passphrase")
        credential = json.dumps({"identity": signer_user.bsre_identity, "kind": kind, "secret": str(passphrase)})
        attempt = bsre_unsettled(letter)
        if attempt is not None:
            if bsre_attempt_settle(attempt, quick=True).state in UNSETTLED_BSRE_STATES:
                raise outcome_unknown()
            if letter_signed_now(letter):  # the settled call's file became the letter: nothing more to do
                return credential.encode()
        _status_require(signer_user)
        return credential.encode()

    def check(self, *, letter, signer_user, passphrase: str) -> None:
        self.unlock(letter=letter, signer_user=signer_user, passphrase=passphrase)

    def sign(self, pdf: bytes, *, letter, signer_user, passphrase: str) -> bytes:
        credential = self.unlock(letter=letter, signer_user=signer_user, passphrase=passphrase)
        return self.sign_unlocked(pdf, letter=letter, signer_user=signer_user, credential=credential)

    @sensitive_variables("credential", "payload", "secret")
    def sign_unlocked(self, pdf: bytes, *, letter, signer_user, credential: bytes) -> bytes:
        """In the task, holding no lock during the call: at most one call per job and none while another call of the
        letter is unsettled; a confirmed file of an earlier call of the same text is used instead of a new call."""
        import hashlib

        secret = json.loads(credential)
        job = _running_job(letter)
        sent, page, box = _prepared(pdf, letter=letter)
        with transaction.atomic():
            letter_locked(letter)
            attempts = BsreSignAttempt.objects.filter(letter=letter).order_by("-pk")
            earlier = attempts.filter(job=job).first() if job is not None else None
            if earlier is not None:  # this job called already (the task ran again): never a second call
                if earlier.state == BsreAttemptState.SIGNED:
                    return _read(earlier.signed_pdf)
                if earlier.state in UNSETTLED_BSRE_STATES:
                    raise outcome_unknown()
                raise ValidationError(earlier.error or gettext("BSrE did not sign the letter."), code="bsre_done")
            ready = attempts.filter(state=BsreAttemptState.SIGNED, draft_version=letter.draft_version).first()
            if ready is not None:
                logger.info("Letter %s: the confirmed file of BSrE attempt %s is used", letter.pk, ready.pk)
                return _read(ready.signed_pdf)
            if attempts.filter(state__in=UNSETTLED_BSRE_STATES).exists():
                raise outcome_unknown()
            attempt = BsreSignAttempt(
                letter=letter,
                job=job,
                signer=signer_user,
                sent_sha256=hashlib.sha256(sent).hexdigest(),
                draft_version=letter.draft_version,
            )
            attempt.sent_pdf.save("sent.pdf", ContentFile(sent), save=False)
            try:
                with transaction.atomic():
                    attempt.save()
            except IntegrityError:  # another process recorded a call of this letter first
                raise outcome_unknown() from None
        # Committed: whatever happens from here, the call is on record.
        totp = secret["kind"] == "totp"
        payload = {
            **_identity_payload(secret["identity"]),
            ("totp" if totp else "passphrase"): secret["secret"],
            "signatureProperties": [
                {
                    "tampilan": "VISIBLE",
                    "imageBase64": base64.b64encode(appearance_png(letter, signer_user, box)).decode(),
                    "page": page,
                    "originX": box[0],
                    "originY": box[1],
                    "width": box[2] - box[0],
                    "height": box[3] - box[1],
                    "location": letter.signer_office.name,
                    "reason": f"Surat rekomendasi {letter.number}",
                }
            ],
            "file": [base64.b64encode(sent).decode()],
        }
        logger.info("Letter %s: BSrE sign call, attempt %s", letter.pk, attempt.pk)
        try:
            body = bsre_post("/api/v2/sign/pdf", payload)
        except BsreUnreachable as exc:
            _attempt_move(attempt.pk, BsreAttemptState.FAILED, error=str(exc)[:500])
            raise unreachable() from None
        except BsreNoAnswer as exc:
            _attempt_move(attempt.pk, BsreAttemptState.UNKNOWN, error=str(exc)[:500])
            raise outcome_unknown() from None
        except BsreRefused as exc:
            error = _refusal(exc, totp=totp)
            _attempt_move(attempt.pk, BsreAttemptState.REFUSED, error=" ".join(error.messages))
            raise error from None
        try:
            signed = base64.b64decode((body.get("file") or [""])[0], validate=True)
        except (ValueError, TypeError, IndexError):
            signed = b""
        if not signed.startswith(b"%PDF"):
            _attempt_move(attempt.pk, BsreAttemptState.UNKNOWN, error="the answer holds no PDF")
            raise outcome_unknown()
        _attempt_move(attempt.pk, BsreAttemptState.RECEIVED, signed=signed)
        settled = bsre_attempt_settle(BsreSignAttempt.objects.get(pk=attempt.pk), adopt=False)
        if settled.state == BsreAttemptState.SIGNED:
            return signed
        if settled.state == BsreAttemptState.NOT_SIGNED:
            raise ValidationError(
                gettext("BSrE returned a file whose signature does not verify; nothing was issued."),
                code="bsre_invalid",
            )
        raise outcome_unknown()

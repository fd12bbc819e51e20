"""Issuing a letter: the head signs it (numbered, signed, and its submission issued), or sends it back to the
reviewers. A signed letter never changes. The signature itself is made by the configured backend
(letters/signers.py).

Signing is a request and a Celery task, and no PDF is rendered while a lock is held:

1. The head's request (`letter_sign_request`, milliseconds): the passphrase opens the head's key — a wrong one
   is refused there and then, and nothing is numbered — and the opened key is sealed (letters.sealing) into a
   SigningJob row; a letter has at most one open job, so a double click or a second tab gets the same one. The
   task is queued after the commit; the page shows "sedang ditandatangani…" and reloads until the letter is
   signed.
2. The task (`signing_job_run`): a short transaction takes the letter's number (gap-free per office and year:
   the office's counter row is locked for this transaction only) and date, and commits. Then, holding no lock,
   it renders the letter's own pages with the number (a few pages), lays them with the lampiran rendered with
   the draft (Letter.lampiran_pdf: the long part, no number in it; rendered here if missing) and signs (PAdES).
3. A short transaction stores the signature: the letter is signed, the submission is issued through the one door
   (submissions.workflow.submission_transition) and the agency is told.

Numbers stay gap-free and a letter is signed once: a number is taken only after the head's key opened, and it
stays with its letter — a task run again (a redelivery, the periodic flush) or a new attempt by the head signs
with the number and date the letter already has, never a new one; step 3 checks under the letter's row lock that
the letter is still waiting with this job open, and a second run that comes late throws its file away.

The broker may be slow or down: the job waits in the database and the periodic flush (`signing_jobs_flush`, beat)
runs the jobs whose task never came after LETTER_SIGN_GRACE_SECONDS, as the draft's render flush does
(letters.services.letters_render_flush). `letter_sign` does all of it in the calling process (scripts, seeding).

The head may sign a batch (`letters_sign_batch_request`: the letters ticked on the list, one passphrase): each letter
goes through `letter_sign_request`, with its own checks and its own job; `signing_progress` tells the page how each
one stands.
"""

import hashlib
import logging
from dataclasses import dataclass
from datetime import timedelta
from typing import NamedTuple

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.views.decorators.debug import sensitive_variables

from romantik.calendar import office_today
from romantik.enums import Role
from romantik.selectors import staff_with_roles
from submissions.states import State

from .enums import OPEN_SIGNING_STATES, UNSETTLED_BSRE_STATES, BsreAttemptState, LetterState, SigningState
from .models import BsreSignAttempt, Letter, SigningJob
from .numbering import letter_number_assign
from .sealing import seal, unseal
from .selectors import letter_locked
from .signals import letter_issued
from .signers import signer_get
from .workflow import letter_transition

logger = logging.getLogger(__name__)

# A job that has been running this long lost its worker (killed before Celery could hand the task out again):
# the periodic flush runs it again. Generous: rendering a missing lampiran of 2,000 variables takes minutes.
SIGNING_RUNNING_STALE = timedelta(minutes=10)
# A job tried this often (a worker killed each time, e.g. out of memory) fails, for the head to see.
SIGNING_MAX_ATTEMPTS = 3


def letter_file_name(letter) -> str:
    return (letter.number or f"surat-{letter.pk}").replace("/", "-") + ".pdf"


def signing_job_open(letter) -> SigningJob | None:
    """The letter's open signing job (queued or running), if any."""
    return letter.signing_jobs.filter(state__in=OPEN_SIGNING_STATES).select_related("signer").first()


def signing_job_latest(letter) -> SigningJob | None:
    return letter.signing_jobs.order_by("-pk").first()


class SigningRow(NamedTuple):
    """Where the signing of one letter stands (`signing_progress`). `progress`: "signed", "signing" (a job queued or
    running), "confirming" (a BSrE call whose outcome is unknown: "sedang dikonfirmasi", letters.bsre), "failed" (its
    last job did not sign it; `error` says why, `settled` when that is BSrE's later answer) or "waiting"."""

    letter: Letter
    progress: str
    job: SigningJob | None
    error: str = ""
    settled: bool = False


def _failed_row(letter, job, attempt) -> SigningRow:
    """A letter whose last job failed. A BSrE call answered after the job ended makes the job's own message ("being
    confirmed") stale: the row says what BSrE answered instead."""
    if attempt is None or job.finished_at is None or attempt.settled_at is None or attempt.settled_at < job.finished_at:
        return SigningRow(letter, "failed", job, job.error)
    if attempt.state == BsreAttemptState.SIGNED:  # confirmed, not issued (the letter changed meanwhile, or a job ran)
        error = gettext("BSrE confirmed the signed letter; sign it again to issue it (BSrE does not sign it twice).")
    else:
        error = gettext(
            "BSrE has answered again: no signed letter came back from that attempt, so the letter is not signed."
        )
        error = f"{error} {gettext('Sign it again: it keeps its number.')}"
    return SigningRow(letter, "failed", job, error, settled=True)


def signing_progress(letters) -> list[SigningRow]:
    """Where the signing of each letter stands, for the head's pages (the single letter's, the list, a batch): one
    SigningRow each. Two queries, a third only when a letter's last job failed (its BSrE call may still be
    unsettled: then it is "confirming", never "failed")."""
    letters = list(letters)
    latest = {}
    for job in SigningJob.objects.filter(letter__in=letters).order_by("-pk"):
        latest.setdefault(job.letter_id, job)
    failed = [
        letter.pk
        for letter in letters
        if letter.state != LetterState.SIGNED and letter.pk in latest and latest[letter.pk].state == SigningState.FAILED
    ]
    attempts = {}
    if failed:
        for attempt in BsreSignAttempt.objects.filter(letter_id__in=failed).order_by("-pk"):
            attempts.setdefault(attempt.letter_id, attempt)
    rows = []
    for letter in letters:
        job = latest.get(letter.pk)
        attempt = attempts.get(letter.pk)
        if letter.state == LetterState.SIGNED:
            rows.append(SigningRow(letter, "signed", job))
        elif job is not None and job.open:
            rows.append(SigningRow(letter, "signing", job))
        elif attempt is not None and attempt.state in UNSETTLED_BSRE_STATES:
            rows.append(SigningRow(letter, "confirming", job))
        elif job is not None and job.state == SigningState.FAILED:
            rows.append(_failed_row(letter, job, attempt))
        else:
            rows.append(SigningRow(letter, "waiting", job))
    return rows


# --- 1. the head's request -------------------------------------------------------------------------------------


def _sign_dispatch(job_id: int) -> bool:
    """Hand the job to the broker; False when the broker is down (the periodic flush runs the job later)."""
    from .tasks import letter_sign_task

    try:
        letter_sign_task.apply_async(args=[job_id], retry=False, timeout=settings.CELERY_PUBLISH_TIMEOUT)
    except Exception as exc:  # noqa: BLE001 - a dead broker must not break the request
        logger.warning("Broker unavailable, signing job %s waits for the periodic flush: %s", job_id, exc)
        return False
    return True


def _already(letter, signer) -> tuple[bool, SigningJob | None]:
    """(True, open job or None) when a click finds the letter signed or being signed: a repeated click."""
    if not signer.has_perm("letters.open_letter_to_sign", letter):
        return False, None
    if letter.state == LetterState.SIGNED:
        return True, None
    job = signing_job_open(letter)
    return job is not None, job


@sensitive_variables("passphrase", "credential")
def letter_sign_request(*, letter, signer, passphrase: str, dispatch: bool = True) -> SigningJob | None:
    """The head signs: the passphrase opens the key (a wrong one raises ValidationError "Frasa sandi salah" and
    nothing is numbered), the opened key is sealed into a new SigningJob and its Celery task is queued after the
    commit. Renders nothing, takes no number, holds the letter's row lock only to add the job.

    Returns the letter's open job — the same one for a repeated click — or None when the letter is signed already.
    """
    current = Letter.objects.select_related("office", "signer_office", "submission").get(pk=letter.pk)
    repeated, job = _already(current, signer)
    if repeated:
        return job
    if not signer.has_perm("letters.sign_letter", current):
        raise PermissionDenied
    # Before anything is written: the passphrase opens the key, and the certificate is still good to sign.
    credential = signer_get().unlock(letter=current, signer_user=signer, passphrase=passphrase)
    sealed = seal(credential, letter_id=current.pk, signer_id=signer.pk)
    with transaction.atomic():
        locked = letter_locked(current)
        repeated, job = _already(locked, signer)  # the other click of a double click got here first
        if repeated:
            return job
        if not signer.has_perm("letters.sign_letter", locked):
            raise PermissionDenied
        try:
            with transaction.atomic():
                job = SigningJob.objects.create(letter=locked, signer=signer, sealed_key=sealed)
        except IntegrityError:  # SQLite locks no row: a parallel click added the letter's one open job first
            return signing_job_open(locked)
        if dispatch:
            job_id = job.pk
            transaction.on_commit(lambda: _sign_dispatch(job_id))
    logger.info("Letter %s: signing job %s queued by user %s", locked.pk, job.pk, signer.pk)
    return job


# --- 1b. the head's request for a batch: several ticked letters, one passphrase ---------------------------------

# A batch is at most this many letters: one request unlocks the key and queues a job per letter (a few ms each).
LETTER_SIGN_BATCH_MAX = 50


@dataclass(frozen=True)
class BatchItem:
    """One ticked letter of a batch: its open job (or None: signed already, or refused) or the refusal, a
    PermissionDenied whose text names the letter (as far as the head may see it)."""

    letter_id: int
    letter: Letter | None
    job: SigningJob | None = None
    refusal: Exception | None = None


@sensitive_variables("passphrase")
def letters_sign_batch_request(*, letter_ids, office, signer, passphrase: str) -> list[BatchItem]:
    """The head signs the letters ticked on the list of `office` (the signing office) with one passphrase: each
    through `letter_sign_request`, so each is checked, queued and signed as one letter is. A letter this head may not
    sign here (another office's, not waiting for the signature, unknown) is refused with its own message and the
    others are signed. The passphrase or the certificate refused (ValidationError, at the first letter that opens the
    key) refuses the whole batch: nothing is queued. More than LETTER_SIGN_BATCH_MAX letters, or none: ValidationError.
    """
    ids = list(dict.fromkeys(letter_ids))
    if not ids:
        raise ValidationError(gettext("Tick the letters you want to sign."), code="none")
    if len(ids) > LETTER_SIGN_BATCH_MAX:
        raise ValidationError(
            ngettext(
                "Sign at most %(max)s letters at a time; you ticked %(count)s. Nothing was signed.",
                "Sign at most %(max)s letters at a time; you ticked %(count)s. Nothing was signed.",
                len(ids),
            )
            % {"max": LETTER_SIGN_BATCH_MAX, "count": len(ids)},
            code="too_many",
        )
    letters = Letter.objects.select_related("office", "signer_office", "submission").in_bulk(ids)
    items, key_opened = [], False
    for pk in ids:
        letter = letters.get(pk)
        if (
            letter is None
            or letter.signer_office_id != office.pk
            or not signer.has_perm("letters.open_letter_to_sign", letter)
        ):
            # Nothing about a letter this head may not see: not even whether it exists.
            refusal = gettext("Letter no. %(id)s is not on your list of letters to sign; it was not signed.")
            items.append(BatchItem(pk, None, refusal=PermissionDenied(refusal % {"id": pk})))
            continue
        repeated, job = _already(letter, signer)
        if not repeated:
            try:
                job = letter_sign_request(letter=letter, signer=signer, passphrase=passphrase)
            except PermissionDenied:
                refusal = gettext("The letter of %(number)s is not waiting for your signature; it was not signed.")
                items.append(
                    BatchItem(pk, letter, refusal=PermissionDenied(refusal % {"number": letter.submission.number}))
                )
                continue
            except ValidationError as error:
                # The passphrase or the certificate is the same for every letter of the batch; a BSrE call of this
                # letter still being confirmed (letters.bsre) is this letter's alone.
                if not key_opened and error.code != "outcome_unknown":
                    raise
                items.append(BatchItem(pk, letter, refusal=PermissionDenied(" ".join(error.messages))))
                continue
            key_opened = True
        items.append(BatchItem(pk, letter, job=job))
    logger.info(
        "Batch of %s letters by user %s: %s queued or signed, %s refused",
        len(ids),
        signer.pk,
        sum(item.refusal is None for item in items),
        sum(item.refusal is not None for item in items),
    )
    return items


# --- 2. and 3. the task -----------------------------------------------------------------------------------------


class _JobClosed(Exception):
    """The job has nothing left to do (the letter was signed meanwhile): not a failure."""


def _job_claim(job_id: int) -> SigningJob | None:
    with transaction.atomic():
        job = SigningJob.objects.select_for_update().filter(pk=job_id).first()
        if job is None or job.state not in OPEN_SIGNING_STATES:
            return None
        if job.attempts >= SIGNING_MAX_ATTEMPTS:
            _job_end(job, SigningState.FAILED, gettext("The letter could not be signed; nothing was issued."))
            return None
        job.state, job.attempts = SigningState.RUNNING, job.attempts + 1
        job.save(update_fields=["state", "attempts", "updated_at"])
    return SigningJob.objects.select_related("signer").get(pk=job_id)


def _job_end(job: SigningJob, state: str, error: str = "") -> None:
    """Close the job (call with its row locked); the sealed key is wiped with it."""
    job.state, job.error, job.sealed_key, job.finished_at = state, error, b"", timezone.now()
    job.save(update_fields=["state", "error", "sealed_key", "finished_at", "updated_at"])


def _job_close(job_id: int, state: str, error: str = "") -> None:
    """Close the job in `state` unless something closed it meanwhile (failed, or done: signed by another run)."""
    with transaction.atomic():
        job = SigningJob.objects.select_for_update().get(pk=job_id)
        if job.state in OPEN_SIGNING_STATES:
            _job_end(job, state, error)


def _number_take(job: SigningJob) -> Letter:
    """Step 2's short transaction: the letter's number and date, unless it has them from an earlier attempt.
    Nothing is rendered here: the office's counter row is locked from `letter_number_assign` to the commit."""
    with transaction.atomic():
        locked = letter_locked(job.letter)
        if locked.state == LetterState.SIGNED:
            raise _JobClosed
        if not job.signer.has_perm("letters.sign_letter", locked):
            raise ValidationError(gettext("This letter is not waiting for your signature."))
        if locked.number is None:
            today = office_today(locked.signer_office or locked.office)
            letter_number_assign(locked, on=today)
            locked.letter_date = today
            locked.save(update_fields=["number", "seq", "year", "numbered_by", "letter_date", "updated_at"])
            logger.info("Letter %s numbered %s for signing job %s", locked.pk, locked.number, job.pk)
    return locked


def _lampiran_stored(letter) -> bytes | None:
    if not letter.lampiran_pdf:
        return None
    try:
        with letter.lampiran_pdf.storage.open(letter.lampiran_pdf.name, "rb") as fh:
            return fh.read()
    except FileNotFoundError:
        return None


def _final_pdf(letter) -> bytes:
    """The PDF to sign, rendered holding no lock: the letter's pages with the number, and the lampiran rendered with
    the draft (a letter drafted before the lampiran was kept apart has it rendered now)."""
    from .rendering import lampiran_pdf, letter_combine, letter_pages_pdf

    lampiran = _lampiran_stored(letter)
    if lampiran is None:
        lampiran = lampiran_pdf(letter)
    return letter_combine(letter_pages_pdf(letter), lampiran)


def _signed_store(locked: Letter, signer, signed: bytes, stored_name: str) -> None:
    """The letter (its row locked) is signed with the stored file and its submission issued."""
    locked.signed_pdf.name = stored_name
    locked.sha256 = hashlib.sha256(signed).hexdigest()
    locked.signed_at = timezone.now()
    locked.signed_by = signer
    letter_transition(
        locked=locked,
        to=LetterState.SIGNED,
        actor=signer,
        note=locked.number,
        fields=("signed_pdf", "sha256", "signed_at", "signed_by"),
    )
    _issue(locked, signer)


def _signature_store(job: SigningJob, letter: Letter, signed: bytes, stored_name: str) -> bool:
    """Step 3's short transaction. False (and nothing changes) when the letter was signed meanwhile — a second run
    of the same job — or no longer waits for this job."""
    with transaction.atomic():
        locked = letter_locked(letter)
        current = SigningJob.objects.select_for_update().get(pk=job.pk)
        if locked.state == LetterState.SIGNED or current.state != SigningState.RUNNING:
            return False
        if locked.number != letter.number or not job.signer.has_perm("letters.sign_letter", locked):
            raise ValidationError(gettext("This letter is not waiting for your signature."))
        _signed_store(locked, job.signer, signed, stored_name)
        _job_end(current, SigningState.DONE)
    logger.info("Letter %s signed by user %s", locked.number, job.signer.pk)
    return True


def letter_signature_adopt(*, letter_id: int, signer, signed: bytes, draft_version: int) -> bool:
    """A signature confirmed after the job that asked for it had ended (letters.bsre: BSrE's signed file came back
    but could not be confirmed in time): the letter is signed and issued with it now, if it still waits for it as it
    was signed — awaiting the signature, the same text, no job at work on it (a job uses the file itself), the signer
    still its signer. The file bears the number the letter kept, so nothing is numbered. True when adopted."""
    field = Letter._meta.get_field("signed_pdf")
    storage = field.storage
    letter = Letter.objects.get(pk=letter_id)
    if letter.state != LetterState.AWAITING_SIGNATURE or letter.number is None:
        return False
    stored_name = storage.save(field.generate_filename(letter, letter_file_name(letter)), ContentFile(signed))
    try:
        with transaction.atomic():
            locked = letter_locked(letter)
            adopt = (
                locked.state == LetterState.AWAITING_SIGNATURE
                and locked.draft_version == draft_version
                and locked.number == letter.number
                and signing_job_open(locked) is None
                and signer.has_perm("letters.sign_letter", locked)
            )
            if adopt:
                _signed_store(locked, signer, signed, stored_name)
    except Exception:
        storage.delete(stored_name)
        raise
    if not adopt:
        storage.delete(stored_name)
        return False
    logger.info("Letter %s signed by user %s with a signature confirmed later", locked.number, signer.pk)
    return True


def signing_job_run(*, job_id: int, raise_errors: bool = False) -> SigningJob | None:
    """Carry out a signing job (the Celery task, the periodic flush, `letter_sign`): steps 2 and 3 above. Runs again
    safely: a closed job is left alone, a letter is numbered and signed once. A failure closes the job with a
    message for the head (nothing issued; the letter keeps its number for the next attempt); with `raise_errors`
    it is raised too."""
    job = _job_claim(job_id)
    if job is None:
        return SigningJob.objects.filter(pk=job_id).first()
    field = Letter._meta.get_field("signed_pdf")
    stored_name, storage = None, field.storage
    try:
        credential = unseal(job.sealed_key, letter_id=job.letter_id, signer_id=job.signer_id)
        letter = _number_take(job)
        pdf = _final_pdf(letter)
        signed = signer_get().sign_unlocked(pdf, letter=letter, signer_user=job.signer, credential=credential)
        stored_name = storage.save(field.generate_filename(letter, letter_file_name(letter)), ContentFile(signed))
        if not _signature_store(job, letter, signed, stored_name):
            storage.delete(stored_name)  # a second run of the job: the letter was signed by the first
            _job_close(job_id, SigningState.DONE)
    except _JobClosed:
        _job_close(job_id, SigningState.DONE)
    except Exception as exc:
        if stored_name:
            storage.delete(stored_name)
        if isinstance(exc, ValidationError):
            error = " ".join(exc.messages)
            logger.warning("Signing job %s of letter %s failed: %s", job_id, job.letter_id, error)
        else:
            error = gettext("The letter could not be signed (a technical error); nothing was issued.")
            logger.exception("Signing job %s of letter %s failed", job_id, job.letter_id)
        _job_close(job_id, SigningState.FAILED, error)
        if raise_errors:
            raise
    return SigningJob.objects.get(pk=job_id)


def signing_jobs_flush(*, now=None, grace: timedelta | None = None, limit: int = 5) -> int:
    """Periodic (beat): run the signing jobs whose task never came (the broker was down or slow when the head
    signed: queued longer than the grace) or whose worker died (running for SIGNING_RUNNING_STALE). A job whose
    sealed key expired meanwhile fails there, for the head to sign again. Returns how many jobs were run."""
    now = now or timezone.now()
    grace = grace if grace is not None else timedelta(seconds=settings.LETTER_SIGN_GRACE_SECONDS)
    stale = SigningJob.objects.filter(
        Q(state=SigningState.QUEUED, updated_at__lt=now - grace)
        | Q(state=SigningState.RUNNING, updated_at__lt=now - SIGNING_RUNNING_STALE)
    ).order_by("updated_at")
    done = 0
    for job_id in stale.values_list("pk", flat=True)[:limit]:
        signing_job_run(job_id=job_id)
        done += 1
    return done


@sensitive_variables("passphrase")
def letter_sign(*, letter, signer, passphrase: str) -> Letter:
    """The head signs now, in this process (scripts, seed data, tests): the request's step and the task's, one after
    the other. Any failure is raised; the letter is numbered once, a repeated call is a no-op."""
    job = letter_sign_request(letter=letter, signer=signer, passphrase=passphrase, dispatch=False)
    if job is not None:
        signing_job_run(job_id=job.pk, raise_errors=True)
    return Letter.objects.select_related("office", "signer_office", "submission", "signed_by").get(pk=letter.pk)


def _issue(letter, signer) -> None:
    """FEASIBLE/NOT_FEASIBLE → ISSUED through the one door; the agency is told with the number and a link."""
    from submissions.workflow import submission_notify, submission_transition

    def after(submission, log):
        submission_notify(
            submission,
            "letter_issued",
            [submission.created_by],
            f"{letter.pk}",
            letter_number=letter.number,
            signer_office=letter.signer_office.name,
            decision=str(State(letter.decision).label) if letter.decision in State.values else letter.decision,
            download_url=reverse("letters:download", args=[letter.pk]),
        )
        # In the same transaction: the satisfaction survey asks for a rating, the catalogue lists the activity.
        letter_issued.send(sender=letter_sign, submission=submission, letter=letter)

    submission_transition(submission=letter.submission, to=State.ISSUED, actor=signer, note=letter.number, after=after)


def letter_send_back(*, letter, head, note: str) -> Letter:
    """The head sends the letter back to the reviewers with a note (RETURNED); they are told."""
    from submissions.workflow import submission_notify

    if not note.strip():
        raise ValidationError(gettext("Write what should change before sending the letter back."))
    with transaction.atomic():
        locked = letter_locked(letter)
        if locked.state == LetterState.RETURNED and head.has_perm("letters.open_letter_to_sign", locked):
            return locked  # a repeated click
        if not head.has_perm("letters.sign_letter", locked):
            raise PermissionDenied
        if signing_job_open(locked) is not None:
            raise ValidationError(
                gettext("The letter is being signed; it can no longer be sent back."), code="being_signed"
            )
        locked.head_note = note.strip()
        letter_transition(
            locked=locked, to=LetterState.RETURNED, actor=head, note=locked.head_note, fields=("head_note",)
        )
        submission = locked.submission
        recipients = {a.reviewer for a in submission.assignments.select_related("reviewer")}
        if locked.created_by is not None:
            recipients.add(locked.created_by)
        if not recipients:
            recipients = set(staff_with_roles(submission.office, {Role.COORDINATOR}))
        submission_notify(
            submission,
            "letter_sent_back",
            sorted(recipients, key=lambda u: u.pk),
            f"{locked.pk}:{timezone.now():%Y%m%d%H%M%S%f}",
            note=locked.head_note,
            head=str(head),
        )
    return locked

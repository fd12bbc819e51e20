"""Who may see, edit and send a letter draft: role × office × letter state (× assignment)."""

import rules

from romantik.enums import Role
from romantik.selectors import office_roles_of
from submissions.states import DECISION_STATES

from .enums import LetterState, RenderState, SigningState

# A draft is edited (and sent to the head) only while it is with the reviewers.
EDITABLE_LETTER_STATES = frozenset({LetterState.DRAFT, LetterState.RETURNED})


def _roles(user, office) -> set[str]:
    return office_roles_of(user).get(office.code, set()) if office is not None else set()


@rules.predicate
def is_letter_editor(user, letter) -> bool:
    """The coordinator of the submission's office or one of its assigned reviewers."""
    if letter is None:
        return False
    roles = _roles(user, letter.office)
    if Role.COORDINATOR in roles:
        return True
    return Role.REVIEWER in roles and letter.submission.assignments.filter(reviewer_id=user.pk).exists()


@rules.predicate
def is_letter_editable(user, letter) -> bool:
    return letter is not None and letter.state in EDITABLE_LETTER_STATES and letter.submission.state in DECISION_STATES


@rules.predicate
def is_letter_office_staff(user, letter) -> bool:
    return letter is not None and bool(_roles(user, letter.office))


@rules.predicate
def is_signer_head(user, letter) -> bool:
    return letter is not None and Role.HEAD in _roles(user, letter.signer_office)


rules.add_perm("letters.edit_letter", is_letter_editor & is_letter_editable)
# The draft page and its PDF: the staff of the office, and the heads who sign (possibly at a higher office).
rules.add_perm("letters.view_letter_draft", is_letter_office_staff | is_signer_head)


# --- Signing, issuing, downloading and certificates (letters/issuing.py, letters/views/sign.py) -------------------


@rules.predicate
def heads_signer_office(user, letter) -> bool:
    """A head of the office whose head signs the letter (seed 003: BPS RI's head signs for office 6111)."""
    return letter is not None and Role.HEAD in office_roles_of(user).get(letter.signer_office.code, set())


@rules.predicate
def letter_awaits_signature(user, letter) -> bool:
    return letter is not None and letter.state == LetterState.AWAITING_SIGNATURE


@rules.predicate
def letter_is_signed(user, letter) -> bool:
    return letter is not None and letter.state == LetterState.SIGNED


@rules.predicate
def may_view_submission_of_letter(user, letter) -> bool:
    return letter is not None and user.has_perm("submissions.view_submission", letter.submission)


@rules.predicate
def heads_signing_office_with_signed_letter(user, submission) -> bool:
    """Issuing (FEASIBLE/NOT_FEASIBLE → ISSUED) needs a head of the signing office and a signed letter."""
    from .models import Letter

    if submission is None:
        return False
    if Role.HEAD not in office_roles_of(user).get(submission.office.signing_office.code, set()):
        return False
    return Letter.objects.filter(submission_id=submission.pk, state=LetterState.SIGNED).exists()


@rules.predicate
def administers_office(user, office) -> bool:
    return office is not None and Role.OFFICE_ADMIN in office_roles_of(user).get(office.code, set())


rules.add_perm("letters.sign_letter", heads_signer_office & letter_awaits_signature)
rules.add_perm("letters.open_letter_to_sign", heads_signer_office)
rules.add_perm("letters.issue_submission", heads_signing_office_with_signed_letter)
rules.add_perm(
    "letters.download_letter",
    letter_is_signed & (may_view_submission_of_letter | heads_signer_office | rules.is_superuser),
)
rules.add_perm("letters.manage_certificates", administers_office | rules.is_superuser)


# A repeated click: the step was already taken while the letter is in this state; the page says so and changes
# nothing (its views compare no state).
LETTER_STEP_DONE = {
    "send_to_head": LetterState.AWAITING_SIGNATURE,
    "sign": LetterState.SIGNED,
    "send_back": LetterState.RETURNED,
}


def letter_step_done(letter, step: str) -> bool:
    """`step` (a key of LETTER_STEP_DONE) was already taken: a repeated click or a stale page."""
    return letter.state == LETTER_STEP_DONE[step]


# --- What a letter's pages show (the views compare no state) -------------------------------------------------------


def letter_signed(letter) -> bool:
    """Signed, and its signed PDF stored."""
    return letter.state == LetterState.SIGNED and bool(letter.signed_pdf)


def draft_ready(letter) -> bool:
    """The draft PDF is rendered and stored."""
    return letter.render_state == RenderState.READY and bool(letter.draft_pdf)


def draft_page_status(letter) -> dict[str, bool]:
    """The draft page's view of the letter: its draft's rendering, and whether the head sent it back or has it."""
    return {
        "pending": letter.render_state == RenderState.PENDING,
        "ready": draft_ready(letter),
        "failed": letter.render_state == RenderState.FAILED,
        "returned": letter.state == LetterState.RETURNED,
        "awaiting": letter.state == LetterState.AWAITING_SIGNATURE,
    }


def signing_open(job, letter) -> bool:
    """The letter's latest signing job is still at work and the letter not signed yet: the page shows progress."""
    return job is not None and job.open and letter.state != LetterState.SIGNED


def signing_page_state(row, letter, *, signed: bool) -> str:
    """What the signing page shows of the letter's latest attempt (`row`: issuing.signing_progress's summary):
    "signing" (a job at work), "confirming" (a BSrE call whose outcome is unknown: no new attempt until it is
    settled, never "failed"), "failed", or "" (signed, or never tried)."""
    if signing_open(row.job, letter):
        return "signing"
    if signed or row.progress not in ("confirming", "failed"):
        return ""
    return row.progress


def signing_failed(job, letter) -> bool:
    """The letter's latest signing job failed and the letter is not signed (meanwhile, by another job)."""
    return job is not None and job.state == SigningState.FAILED and letter.state != LetterState.SIGNED

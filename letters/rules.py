"""Who may see, edit and send a letter draft: role × office × letter state (× assignment)."""

import rules

from review.enums import DECISION_STATES
from romantik.enums import Role
from romantik.selectors import office_roles_of

from .enums import LetterState

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


# --- Signing, issuing, downloading and certificates (letters/sign.py, letters/views/sign.py) ----------------------


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

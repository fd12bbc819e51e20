"""Who may move a submission through review: role × office × state (× assignment)."""

import rules
from django.db.models import Q
from django.utils.translation import gettext

from romantik.enums import Role
from romantik.refusals import Refusal
from romantik.selectors import office_roles_of
from submissions.rules import note_awaits_response, reached_office
from submissions.states import DECISION_STATES, State

INTAKE_ROLES = frozenset({Role.FRONT_DESK, Role.REVIEWER, Role.COORDINATOR})


def _roles(user, submission) -> set[str]:
    return office_roles_of(user).get(submission.office.code, set()) if submission is not None else set()


def _assigned(user, submission) -> bool:
    # Assignments are prefetched on pages that show many submissions; a small query otherwise.
    cache = getattr(submission, "_prefetched_objects_cache", {}).get("assignments")
    if cache is not None:
        return any(a.reviewer_id == user.pk for a in cache)
    return submission.assignments.filter(reviewer_id=user.pk).exists()


@rules.predicate
def can_intake(user, submission) -> bool:
    """Accept as complete, or (before the clock ever started) return as incomplete."""
    return bool(_roles(user, submission) & INTAKE_ROLES)


@rules.predicate
def is_coordinator(user, submission) -> bool:
    return Role.COORDINATOR in _roles(user, submission)


@rules.predicate
def is_assigned_reviewer(user, submission) -> bool:
    return Role.REVIEWER in _roles(user, submission) and _assigned(user, submission)


@rules.predicate
def may_take(user, submission) -> bool:
    """A reviewer takes unassigned work if the office allows it."""
    return (
        submission is not None
        and Role.REVIEWER in _roles(user, submission)
        and submission.office.reviewers_take_work
        and submission.state in (State.SUBMITTED, State.IN_REVIEW)
        and not submission.assignments.exists()
    )


@rules.predicate
def is_office_staff(user, submission) -> bool:
    return bool(_roles(user, submission))


@rules.predicate
def in_review(user, submission) -> bool:
    return submission is not None and submission.state == State.IN_REVIEW


@rules.predicate
def clock_not_started(user, submission) -> bool:
    return submission is not None and submission.recorded_complete_on is None


@rules.predicate
def is_open(user, submission) -> bool:
    return submission is not None and submission.state in (State.SUBMITTED, State.IN_REVIEW, State.NEEDS_REVISION)


rules.add_perm("review.accept_submission", can_intake)
rules.add_perm("review.return_incomplete", can_intake & clock_not_started)
rules.add_perm("review.assign_reviewers", is_coordinator & is_open)
rules.add_perm("review.take_submission", may_take)
# Notes, the proposal to return for revision and the decision: the assigned reviewers and the coordinator.
rules.add_perm("review.review_submission", in_review & (is_assigned_reviewer | is_coordinator))
rules.add_perm("review.comment_submission", is_office_staff & reached_office)


@rules.predicate
def is_consulted(user, submission) -> bool:
    """Asked for advice on the submission: as a person, or as staff of an office that was asked (seeds 003, 004).
    Lets a colleague outside the office open the review page to read the form and answer."""
    if submission is None or not getattr(user, "is_authenticated", False):
        return False
    codes = list(office_roles_of(user).keys())
    return submission.consultations.filter(Q(to_user=user) | Q(to_office__code__in=codes)).exists()


rules.add_perm("review.view_for_consultation", reached_office & is_consulted)


# --- What the review page decides from the submission's state (its views compare no state) ---------------

# A repeated click: the step was already taken while the submission is in one of these states; the page says so
# and changes nothing.
STEP_DONE_STATES = {
    "accept": frozenset({State.IN_REVIEW}),
    "return_incomplete": frozenset({State.DRAFT}),
    "return_for_revision": frozenset({State.NEEDS_REVISION}),
    "decide": frozenset({*DECISION_STATES, State.ISSUED}),
}


def step_done(submission, step: str) -> bool:
    """`step` (a key of STEP_DONE_STATES) was already taken: a repeated click or a stale page."""
    return submission.state in STEP_DONE_STATES[step]


def awaits_head(submission) -> bool:
    """A decision is proposed and waits for the head's approval."""
    return submission.state in DECISION_STATES


def assigned_to(user, submission) -> bool:
    """`user` is one of the submission's reviewers (already works on it)."""
    return _assigned(user, submission)


def review_page_permissions(user, submission) -> dict[str, bool]:
    """What the review page offers `user` now (the template's `can`); every action checks its permission again."""
    submitted = submission.state == State.SUBMITTED
    return {
        "staff": user.has_perm("review.comment_submission", submission),
        "accept": submitted and user.has_perm("review.accept_submission", submission),
        "return_incomplete": submitted and user.has_perm("review.return_incomplete", submission),
        "assign": user.has_perm("review.assign_reviewers", submission),
        "take": user.has_perm("review.take_submission", submission),
        "review": user.has_perm("review.review_submission", submission),
        "coordinator": is_coordinator(user, submission),
    }


def note_deletable(user, note, submission, *, coordinator: bool | None = None) -> bool:
    """Whether `user` may delete a reviewer's note now (given `review.review_submission`): notes of an earlier round
    are kept; only the author and the coordinator delete one. `coordinator`: `is_coordinator(user, submission)`
    when the caller has asked it already (the review page, once for all its notes)."""
    if note.round != submission.round:
        return False
    if note.author_id == user.pk:
        return True
    return is_coordinator(user, submission) if coordinator is None else coordinator


def note_delete_refusal(user, note, submission) -> Refusal | None:
    """Why `user` may not delete a reviewer's note now (None: they may; `note_deletable` decides)."""
    if note_deletable(user, note, submission):
        return None
    if note.round != submission.round:
        return Refusal(gettext("Notes of an earlier round are kept; nothing changed."), conflict=True)
    return Refusal(gettext("You may not do this for this submission; nothing changed."), conflict=False)


def note_closed_text() -> str:
    return gettext("This note can no longer be answered: the form is not waiting for your revision.")


def note_response_refusal(user, note, submission) -> Refusal | None:
    """Why the agency's `user` may not answer a note now (None: they may): only a note of the round returned for
    revision, while the form waits for it."""
    if not note_awaits_response(note, submission) or not user.has_perm("submissions.change_submission", submission):
        return Refusal(note_closed_text(), conflict=True)
    return None

"""Who may see and change a submission: agency × office × role × state."""

import rules

from romantik.enums import MembershipStatus, Role
from romantik.selectors import membership_of, office_roles_of

from .enums import Channel, GuestStatus
from .states import EDITABLE_STATES, RESTARTABLE_STATES, WITHDRAWABLE_STATES, State


@rules.predicate
def reached_office(user, submission) -> bool:
    """The one rule of what an office may see of a submission, on every page (form, review, round diff, timeline,
    attachments, variables, exports, letters) and in the services: what its agency submitted at least once, or a
    walk-in its front desk recorded. A draft never submitted is the agency's own business: 404 for the office."""
    return submission is not None and (submission.submitted_at is not None or submission.channel == Channel.OFFLINE)


@rules.predicate
def is_agency_member(user, submission) -> bool:
    """Verified members of the agency see all its submissions; a member awaiting
    verification sees only what they started themselves."""
    membership = membership_of(user)
    if submission is None or membership is None or membership.agency_id != submission.agency_id:
        return False
    return membership.status == MembershipStatus.VERIFIED or submission.created_by_id == user.pk


@rules.predicate
def is_verified_agency_member(user, submission) -> bool:
    membership = membership_of(user)
    return (
        submission is not None
        and membership is not None
        and membership.agency_id == submission.agency_id
        and membership.status == MembershipStatus.VERIFIED
    )


@rules.predicate
def is_office_staff(user, submission) -> bool:
    """Staff of the responsible office see what reached the office (`reached_office`: submitted at
    least once, or a walk-in their desk recorded), the same rule as the review page's."""
    if submission is None or not office_roles_of(user).get(submission.office.code):
        return False
    return reached_office(user, submission)


@rules.predicate
def is_recording_front_desk(user, submission) -> bool:
    """A front-desk officer of the office continues a walk-in recorded at the desk."""
    return (
        submission is not None
        and submission.channel == Channel.OFFLINE
        and Role.FRONT_DESK in office_roles_of(user).get(submission.office.code, set())
    )


@rules.predicate
def is_editable(user, submission) -> bool:
    return submission is not None and submission.state in EDITABLE_STATES


rules.add_perm("submissions.view_submission", is_agency_member | is_office_staff | rules.is_superuser)
rules.add_perm("submissions.change_submission", is_editable & (is_agency_member | is_recording_front_desk))
rules.add_perm("submissions.submit_submission", is_editable & (is_verified_agency_member | is_recording_front_desk))


@rules.predicate
def is_withdrawable(user, submission) -> bool:
    return submission is not None and submission.state in WITHDRAWABLE_STATES


@rules.predicate
def is_never_submitted_draft(user, submission) -> bool:
    """A draft that never reached an office (no number, never submitted): nobody but the agency has seen it."""
    return (
        submission is not None
        and submission.state == State.DRAFT
        and submission.submitted_at is None
        and not submission.number
    )


# The agency may delete a draft it no longer needs; what was submitted once stays on record (withdraw it instead).
rules.add_perm("submissions.delete_submission", is_never_submitted_draft & is_agency_member)


# Whoever may submit it may withdraw it before the decision: the agency, or the desk that recorded a walk-in.
rules.add_perm(
    "submissions.withdraw_submission", is_withdrawable & (is_verified_agency_member | is_recording_front_desk)
)


@rules.predicate
def is_restartable(user, submission) -> bool:
    return submission is not None and submission.state in RESTARTABLE_STATES


# A submission closed for inactivity or withdrawn: the agency's verified members may start again from a copy.
rules.add_perm("submissions.restart_submission", is_restartable & is_verified_agency_member)


# --- The front desk (walk-in intake) of an office -------------------------------------------


@rules.predicate
def is_front_desk_of(user, office) -> bool:
    """A PST front-desk officer of `office`: keeps the guest book, calls numbers, records walk-ins."""
    return office is not None and Role.FRONT_DESK in office_roles_of(user).get(office.code, set())


@rules.predicate
def oversees_front_desk(user, office) -> bool:
    """The office admin and the coordinator may look at the guest book and the walk-ins, not work the desk."""
    return office is not None and bool(
        office_roles_of(user).get(office.code, set()) & {Role.OFFICE_ADMIN, Role.COORDINATOR}
    )


def guest_is_served(entry) -> bool:
    """The front desk has served the visitor (they may rate the service at the kiosk)."""
    return entry.status == GuestStatus.DONE


rules.add_perm("submissions.run_front_desk", is_front_desk_of)
rules.add_perm("submissions.view_front_desk", is_front_desk_of | oversees_front_desk | rules.is_superuser)


# --- The reviewers' notes as the agency sees them (the rounds returned for revision) ------------------------


def last_returned_round(submission) -> int:
    """The last round whose notes the agency sees: the current one while the form waits for its revision,
    otherwise the one before (0: none yet). The notes of a round still under review stay with the office."""
    return submission.round if submission.state == State.NEEDS_REVISION else submission.round - 1


def note_returned(note, submission) -> bool:
    """The agency sees a note once the form was returned with it."""
    return note.round <= last_returned_round(submission)


def note_awaits_response(note, submission) -> bool:
    """A note of the round the form was returned with, while it waits for the agency's revision."""
    return note.round == submission.round and submission.state == State.NEEDS_REVISION


def withdrawn_already(submission) -> bool:
    """A repeated withdrawal (a second tab, a colleague): the page and the API answer it as a no-op."""
    return submission.state == State.WITHDRAWN

"""Who may see and change a submission: agency × office × role × state."""

import rules

from review.enums import EDITABLE_STATES, WITHDRAWABLE_STATES, State
from romantik.enums import MembershipStatus, Role
from romantik.selectors import membership_of, office_roles_of

from .enums import Channel


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
    """Staff of the responsible office see what was submitted, and the walk-ins their desk recorded."""
    if submission is None or not office_roles_of(user).get(submission.office.code):
        return False
    return submission.state != State.DRAFT or submission.channel == Channel.OFFLINE


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


# Whoever may submit it may withdraw it before the decision: the agency, or the desk that recorded a walk-in.
rules.add_perm(
    "submissions.withdraw_submission", is_withdrawable & (is_verified_agency_member | is_recording_front_desk)
)


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


rules.add_perm("submissions.run_front_desk", is_front_desk_of)
rules.add_perm("submissions.view_front_desk", is_front_desk_of | oversees_front_desk | rules.is_superuser)

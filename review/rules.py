"""Who may move a submission through review: role × office × state (× assignment)."""

import rules
from django.db.models import Q

from romantik.enums import Role
from romantik.selectors import office_roles_of

from .enums import State

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
rules.add_perm("review.comment_submission", is_office_staff)


@rules.predicate
def is_consulted(user, submission) -> bool:
    """Asked for advice on the submission: as a person, or as staff of an office that was asked (seeds 003, 004).
    Lets a colleague outside the office open the review page to read the form and answer."""
    if submission is None or not getattr(user, "is_authenticated", False):
        return False
    codes = list(office_roles_of(user).keys())
    return submission.consultations.filter(Q(to_user=user) | Q(to_office__code__in=codes)).exists()


rules.add_perm("review.view_for_consultation", is_consulted)

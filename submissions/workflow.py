"""The one door through which a submission changes state, and the messages that name a submission.

Every step of the workflow (submit, withdraw here; accept, return, decide in review; issue in letters) calls
`submission_transition`: the table (`submissions.states.ALLOWED`) is checked, the row locked and the change
logged (`Transition`), in one transaction. The permissions it checks are django-rules names, registered by the
apps whose steps they guard."""

from collections.abc import Callable

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse

from notifications.services import message_queue
from romantik.enums import Role
from romantik.refusals import StateConflict
from romantik.selectors import user_has_office_role

from .enums import Channel
from .models import Transition
from .selectors import submission_locked
from .states import ALLOWED, SYSTEM_TRANSITIONS, WITHDRAWABLE_STATES, State

# Permission (django-rules name) an actor needs for each transition.
TRANSITION_PERMS = {
    (State.SUBMITTED, State.IN_REVIEW): "review.accept_submission",
    (State.SUBMITTED, State.DRAFT): "review.return_incomplete",
    (State.IN_REVIEW, State.NEEDS_REVISION): "review.review_submission",
    (State.IN_REVIEW, State.FEASIBLE): "review.review_submission",
    (State.IN_REVIEW, State.NOT_FEASIBLE): "review.review_submission",
    (State.DRAFT, State.SUBMITTED): "submissions.submit_submission",
    # A resubmission (submissions.services.submission_submit) goes straight back into review.
    (State.NEEDS_REVISION, State.IN_REVIEW): "submissions.submit_submission",
    # Only a head of the signing office, and only once the letter is signed (letters.issuing.letter_sign).
    (State.FEASIBLE, State.ISSUED): "letters.issue_submission",
    (State.NOT_FEASIBLE, State.ISSUED): "letters.issue_submission",
    # The agency, before a decision (submissions.services.submission_withdraw).
    **{(state, State.WITHDRAWN): "submissions.withdraw_submission" for state in WITHDRAWABLE_STATES},
}


class TransitionNotAllowed(StateConflict):
    """The table does not allow this step from the state the submission is in now (409)."""


def submission_transition(
    *,
    submission,
    to: str,
    actor,
    note: str = "",
    before: Callable | None = None,
    after: Callable | None = None,
    only_from: frozenset | None = None,
):
    """Move `submission` to state `to`, atomically and logged.

    Locks the row, checks that the actor may see it, the table (and `only_from`: the states the named step
    starts from, when the table leads to `to` from others by other steps) and the actor's permission, then calls
    `before(locked)` (which may change fields or raise), saves, writes the log
    and calls `after(locked, transition)` (for notifications, queued on commit).
    A repeated click (already in `to`) is a no-op that returns (submission, None).
    """
    with transaction.atomic():
        locked = submission_locked(submission.pk)
        # The portal itself (actor None) takes only its own steps (SYSTEM_TRANSITIONS), and no person takes those.
        if actor is None:
            if locked.state != to and (locked.state, to) not in SYSTEM_TRANSITIONS:
                raise TransitionNotAllowed(f"{locked.state} → {to}")
        # Only those who have the submission in front of them learn anything about its state.
        elif not (
            actor.has_perm("submissions.view_submission", locked)
            or actor.has_perm("review.comment_submission", locked)
            # the head of a higher office who signs the letter (seed 003)
            or actor.has_perm("letters.issue_submission", locked)
        ):
            raise PermissionDenied
        if locked.state == to:
            return locked, None  # a repeated click: a friendly no-op
        if to not in ALLOWED.get(locked.state, set()) or (only_from is not None and locked.state not in only_from):
            raise TransitionNotAllowed(f"{locked.state} → {to}")
        perm = TRANSITION_PERMS.get((locked.state, to))
        if actor is not None and (perm is None or not actor.has_perm(perm, locked)):
            raise PermissionDenied
        from_state = locked.state
        if before is not None:
            before(locked)
        locked.state = to
        locked.save()
        log = Transition.objects.create(
            submission=locked, from_state=from_state, to_state=to, actor=actor, note=note, round=locked.round
        )
        if after is not None:
            after(locked, log)
    return locked, log


def _agency_url(submission) -> str:
    return reverse("submissions:overview", kwargs={"pk": submission.pk})


def _staff_url(submission) -> str:
    return reverse("review:detail", kwargs={"pk": submission.pk})


def _context(submission, **extra) -> dict:
    return {
        "number": submission.number,
        "title": submission.title,
        "agency": submission.agency.name,
        "office": submission.office.name,
        "round": submission.round,
        **extra,
    }


def actor_context(submission, log) -> dict:
    """Who really made the logged step, for the messages about it (they name the actual actor): the agency's
    own user (`by_owner`), a front-desk officer of the office on the agency's behalf (`by_desk`: a walk-in the
    desk recorded, channel offline) or another member of the agency (neither); `actor` is their name, and
    `recorder` the officer who recorded a walk-in at the desk."""
    actor = log.actor
    by_owner = actor is not None and actor.pk == submission.created_by_id
    by_desk = (
        actor is not None
        and not by_owner
        and submission.channel == Channel.OFFLINE
        and user_has_office_role(actor, submission.office, {Role.FRONT_DESK})
    )
    recorder = submission.recorded_by if submission.recorded_by_id else None
    return {
        "actor": (actor.full_name or actor.email) if actor is not None else "",
        "by_owner": by_owner,
        "by_desk": by_desk,
        "recorded": submission.channel == Channel.OFFLINE,
        "recorder": (recorder.full_name or recorder.email) if recorder is not None else "",
    }


def submission_notify(submission, template: str, recipients, key: str, **extra) -> None:
    """Tell each recipient about the submission through the outbox, once per template, key and person;
    the agency's link goes to its overview, staff's to the review page."""
    for person in recipients:
        url = _agency_url(submission) if person.pk == submission.created_by_id else _staff_url(submission)
        message_queue(
            template=template,
            recipient=person,
            context=_context(submission, url=url, **extra),
            idempotency_key=f"{template}:{submission.pk}:{key}:{person.pk}",
            subject_ref=f"submissions.submission:{submission.pk}",
            office=submission.office,
        )

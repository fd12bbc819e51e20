"""The one door through which a submission changes state."""

from collections.abc import Callable

from django.core.exceptions import PermissionDenied
from django.db import transaction

from .enums import ALLOWED, State
from .models import Transition

# Permission (django-rules name) an actor needs for each transition.
TRANSITION_PERMS = {
    (State.DRAFT, State.SUBMITTED): "submissions.submit_submission",
    (State.NEEDS_REVISION, State.SUBMITTED): "submissions.submit_submission",
}


class TransitionNotAllowed(Exception):
    pass


def submission_transition(
    *, submission, to: str, actor, note: str = "", before: Callable | None = None, after: Callable | None = None
):
    """Move `submission` to state `to`, atomically and logged.

    Locks the row, checks the table and the actor's permission, then calls
    `before(locked)` (which may change fields or raise), saves, writes the log
    and calls `after(locked, transition)` (for notifications, queued on commit).
    A repeated click (already in `to`) is a no-op that returns (submission, None).
    """
    from submissions.models import Submission

    with transaction.atomic():
        locked = (
            Submission.objects.select_for_update(of=("self",)).select_related("agency", "office").get(pk=submission.pk)
        )
        if locked.state == to:
            return locked, None
        if to not in ALLOWED.get(locked.state, set()):
            raise TransitionNotAllowed(f"{locked.state} → {to}")
        perm = TRANSITION_PERMS.get((locked.state, to))
        if perm is None or not actor.has_perm(perm, locked):
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

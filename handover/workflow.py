"""The one door of a hand-over's state, as letters.workflow.letter_transition is the letter's.

The step's service (hand over, confirm receipt, ask for more) locks the row and checks who may; the state changes
only here: the table (`HANDOVER_ALLOWED`) is checked and the change logged (`HandOverTransition`)."""

from django.db import transaction
from django.utils.translation import gettext

from romantik.refusals import StateConflict

from .enums import HANDOVER_ALLOWED, HandOverState
from .models import HandOver, HandOverTransition


class HandOverTransitionNotAllowed(StateConflict):
    pass


def handover_transition_allowed(from_state: str, to_state: str) -> bool:
    return to_state in HANDOVER_ALLOWED.get(from_state, set())


def handover_transition(
    *, locked: HandOver, to: str, actor, note: str = "", fields: tuple[str, ...] = ()
) -> HandOverTransition:
    """Move the locked hand-over to `to`, saving `fields` changed with it, and log the change."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("handover_transition needs the caller's transaction, with the hand-over row locked")
    if not handover_transition_allowed(locked.state, to):
        raise HandOverTransitionNotAllowed(
            gettext("This hand-over cannot go from %(from)s to %(to)s.")
            % {"from": HandOverState(locked.state).label, "to": HandOverState(to).label}
        )
    from_state = locked.state
    locked.state = to
    locked.save(update_fields=["state", "updated_at", *fields])
    return HandOverTransition.objects.create(
        handover=locked, from_state=from_state, to_state=to, actor=actor, note=note
    )

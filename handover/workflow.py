"""The one door of a hand-over's state, as letters.workflow.letter_transition is the letter's.

The step's service (hand over, confirm receipt, ask for more) locks the row and checks who may; the state changes
only here: the table (`HANDOVER_ALLOWED`) is checked and the change logged (`HandOverTransition`)."""

from django.utils.translation import gettext_noop

from romantik.refusals import StateConflict
from romantik.transitions import state_change

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
    return state_change(
        locked=locked, to=to, actor=actor, note=note, fields=fields, allowed=HANDOVER_ALLOWED, states=HandOverState,
        log=HandOverTransition, owner="handover", refusal=HandOverTransitionNotAllowed,
        message=gettext_noop("This hand-over cannot go from %(from)s to %(to)s."),
    )  # fmt: skip

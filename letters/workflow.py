"""The one door of a letter's state, as submissions.workflow.submission_transition is the submission's.

The step's own service (send to the head, send back, sign) locks the letter row, checks who may and its own rules
and answers a repeated click; then it changes the state only here: the table (`LETTER_ALLOWED`) is checked and
the change logged (`LetterTransition`), in the same transaction."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_noop

from romantik.transitions import state_change

from .enums import LETTER_ALLOWED, LetterState
from .models import Letter, LetterTransition


class LetterTransitionNotAllowed(ValidationError):
    pass


def letter_transition_allowed(from_state: str, to_state: str) -> bool:
    return to_state in LETTER_ALLOWED.get(from_state, set())


def letter_transition(
    *, locked: Letter, to: str, actor, note: str = "", fields: tuple[str, ...] = ()
) -> LetterTransition:
    """Move the locked letter to `to`, saving `fields` changed with it, and log the change."""
    return state_change(
        locked=locked, to=to, actor=actor, note=note, fields=fields, allowed=LETTER_ALLOWED, states=LetterState,
        log=LetterTransition, owner="letter", refusal=LetterTransitionNotAllowed,
        message=gettext_noop("This letter cannot go from %(from)s to %(to)s."),
    )  # fmt: skip

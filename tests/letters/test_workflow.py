"""A letter's state changes only through its one door (letters.workflow.letter_transition): the table, checked
without the database for every pair, and each allowed step logged once through its real service."""

import itertools

import pytest
from django.db import transaction

from letters.enums import LetterState, RenderState
from letters.issuing import letter_send_back, letter_sign
from letters.models import Letter, LetterTransition
from letters.services import letter_send_to_head
from letters.workflow import LetterTransitionNotAllowed, letter_transition, letter_transition_allowed
from tests.letters.test_sign import PASSPHRASE, world  # noqa: F401 - the world of a decided submission

D, A, R, S = LetterState.DRAFT, LetterState.AWAITING_SIGNATURE, LetterState.RETURNED, LetterState.SIGNED
# Written out by hand, independently of LETTER_ALLOWED.
MAY = {(D, A), (A, R), (A, S), (R, A)}


@pytest.mark.parametrize("from_state, to_state", list(itertools.product(LetterState.values, LetterState.values)))
def test_the_table_allows_exactly_these_steps(from_state, to_state):
    assert letter_transition_allowed(from_state, to_state) == ((from_state, to_state) in MAY)


def _log(letter) -> list[tuple[str, str, int, str]]:
    return list(LetterTransition.objects.filter(letter=letter).values_list("from_state", "to_state", "actor", "note"))


def test_each_step_is_logged_once_through_its_service(world):  # noqa: F811
    letter = Letter.objects.get(pk=world["letter"].pk)
    Letter.objects.filter(pk=letter.pk).update(state=D)  # the draft, rendered
    letter.refresh_from_db()
    assert (letter.render_state, bool(letter.draft_pdf)) == (RenderState.READY, True)

    letter_send_to_head(letter=letter, actor=world["reviewer"])
    letter_send_to_head(letter=letter, actor=world["reviewer"])  # a repeated click: nothing more
    letter_send_back(letter=letter, head=world["head"], note="Perbaiki perihal.")
    letter_send_back(letter=letter, head=world["head"], note="Perbaiki perihal.")
    letter_send_to_head(letter=letter, actor=world["reviewer"])
    signed = letter_sign(letter=letter, signer=world["head"], passphrase=PASSPHRASE)

    reviewer, head = world["reviewer"].pk, world["head"].pk
    assert _log(letter) == [
        (D, A, reviewer, ""),
        (A, R, head, "Perbaiki perihal."),
        (R, A, reviewer, ""),
        (A, S, head, signed.number),
    ]
    assert (signed.state, signed.head_note, bool(signed.signed_pdf)) == (S, "Perbaiki perihal.", True)


def test_the_door_refuses_a_step_outside_the_table(world):  # noqa: F811
    letter = world["letter"]
    with transaction.atomic():
        with pytest.raises(LetterTransitionNotAllowed):
            letter_transition(locked=Letter.objects.select_for_update().get(pk=letter.pk), to=D, actor=world["head"])
    assert Letter.objects.get(pk=letter.pk).state == A and not _log(letter)

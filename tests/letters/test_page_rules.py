"""What the letter pages show is decided by letters.rules, from the letter's and its signing job's states."""

from types import SimpleNamespace

import pytest

from letters.enums import LetterState, RenderState, SigningState
from letters.rules import draft_page_status, draft_ready, letter_signed, signing_failed, signing_open


def _letter(state=LetterState.DRAFT, render=RenderState.READY, draft="d.pdf", signed=""):
    return SimpleNamespace(state=state, render_state=render, draft_pdf=draft, signed_pdf=signed)


@pytest.mark.parametrize(
    ("letter", "expected"),
    [
        (_letter(), {"pending": False, "ready": True, "failed": False, "returned": False, "awaiting": False}),
        (_letter(render=RenderState.READY, draft=""), {"ready": False}),  # ready, but the file is not there
        (_letter(render=RenderState.PENDING, draft=""), {"pending": True, "ready": False}),
        (_letter(render=RenderState.FAILED), {"failed": True, "ready": False}),
        (_letter(state=LetterState.RETURNED), {"returned": True, "awaiting": False}),
        (_letter(state=LetterState.AWAITING_SIGNATURE), {"awaiting": True, "returned": False}),
    ],
)
def test_the_draft_page_status(letter, expected):
    status = draft_page_status(letter)
    assert {key: status[key] for key in expected} == expected
    assert status["ready"] == draft_ready(letter)


def test_signed_needs_the_state_and_the_file():
    assert letter_signed(_letter(state=LetterState.SIGNED, signed="s.pdf"))
    assert not letter_signed(_letter(state=LetterState.SIGNED, signed=""))
    assert not letter_signed(_letter(state=LetterState.AWAITING_SIGNATURE, signed="s.pdf"))


def test_a_signing_job_shows_progress_or_failure_only_while_the_letter_is_unsigned():
    waiting, signed = _letter(state=LetterState.AWAITING_SIGNATURE), _letter(state=LetterState.SIGNED)
    running = SimpleNamespace(open=True, state=SigningState.QUEUED)
    failed = SimpleNamespace(open=False, state=SigningState.FAILED)
    assert signing_open(running, waiting) and not signing_open(running, signed) and not signing_open(None, waiting)
    assert signing_failed(failed, waiting) and not signing_failed(failed, signed) and not signing_failed(None, waiting)
    assert not signing_failed(running, waiting)

"""Thin Celery tasks: take ids, call one service."""

from celery import shared_task

from .services import letter_render, letters_render_flush


@shared_task(acks_late=True)
def letter_render_task(letter_id: int, version: int):
    """Render version `version` of a letter draft; a stale version (a newer one was queued) is skipped."""
    letter = letter_render(letter_id=letter_id, version=version)
    return letter.render_state if letter is not None else None


@shared_task
def letters_render_flush_task():
    """Periodic (beat): render the drafts whose render task never ran."""
    return letters_render_flush()

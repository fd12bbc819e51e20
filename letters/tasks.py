"""Thin Celery tasks: take ids, call one service."""

from celery import shared_task

from .issuing import signing_job_run, signing_jobs_flush
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


@shared_task(acks_late=True)
def letter_sign_task(job_id: int):
    """Carry out the head's signing job (number, render the letter's pages, sign, issue); a job already done, or
    run again after its worker died, signs nothing twice."""
    job = signing_job_run(job_id=job_id)
    return job.state if job is not None else None


@shared_task
def letters_sign_flush_task():
    """Periodic (beat): run the signing jobs whose task never came, or whose worker died."""
    return signing_jobs_flush()


@shared_task
def bsre_attempts_settle_task():
    """Periodic (beat): ask BSrE about the sign calls whose outcome is unknown (letters.bsre)."""
    from .bsre import bsre_attempts_settle

    return bsre_attempts_settle()

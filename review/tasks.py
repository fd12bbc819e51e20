"""Thin Celery tasks of the review: take ids or nothing, call one service."""

from celery import shared_task

from .reminders import reminders_sweep


@shared_task(acks_late=True)
def reminders_sweep_task():
    """Daily (CELERY_BEAT_SCHEDULE): reminders before the due date, overdue digests, revision and draft notices."""
    return reminders_sweep()


@shared_task(acks_late=True)
def revision_close_sweep_task():
    """Daily (CELERY_BEAT_SCHEDULE): warn about, then close, revisions left untouched past the office's limit."""
    from .closing import revision_close_sweep

    return revision_close_sweep()

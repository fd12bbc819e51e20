"""Thin Celery tasks of the hand-over: take nothing, call one service."""

from celery import shared_task

from .reminders import handover_reminders_sweep


@shared_task(acks_late=True)
def handover_reminders_task():
    """Daily (CELERY_BEAT_SCHEDULE): remind agencies of results due or overdue, once per threshold."""
    return handover_reminders_sweep()

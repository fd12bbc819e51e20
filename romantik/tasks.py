"""Thin Celery tasks of the core: take ids or nothing, call one service."""

from celery import shared_task

from .standards import service_standards_apply


@shared_task(acks_late=True)
def service_standards_apply_task():
    """Daily (CELERY_BEAT_SCHEDULE): the versions of offices' service standards whose day has come are applied."""
    return service_standards_apply()

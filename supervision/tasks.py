"""Thin Celery tasks of the supervision."""

from celery import shared_task

from .services import office_months_refresh, office_now_refresh


@shared_task(acks_late=True)
def office_months_refresh_task():
    """Hourly (CELERY_BEAT_SCHEDULE): every office's monthly figures, recomputed."""
    return office_months_refresh()


@shared_task(acks_late=True)
def office_now_refresh_task():
    """Every few minutes (CELERY_BEAT_SCHEDULE): every office's figures of now, counted again."""
    return office_now_refresh()

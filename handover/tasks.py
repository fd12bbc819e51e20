"""Thin Celery tasks of the hand-over: take nothing, call one service."""

from celery import shared_task

from .reminders import handover_reminders_sweep


@shared_task(acks_late=True)
def handover_reminders_task():
    """Daily (CELERY_BEAT_SCHEDULE): remind agencies of results due or overdue, once per threshold."""
    return handover_reminders_sweep()


@shared_task(acks_late=True)
def evidence_pack_task(pack_id: int):
    """Build an EPSS evidence pack (handover/evidence.py); a pack already built or being built is left."""
    from .evidence import evidence_pack_build

    pack = evidence_pack_build(pack_id=pack_id)
    return pack.state if pack is not None else None


@shared_task
def evidence_packs_flush_task():
    """Periodic (beat): build the packs whose task never came, or whose worker died."""
    from .evidence import evidence_packs_flush

    return evidence_packs_flush()

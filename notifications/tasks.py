"""Thin Celery tasks: take ids, call one service."""

from celery import shared_task

from .enums import MessageState
from .services import message_deliver, retry_delay
from .services import outbox_flush as outbox_flush_service


@shared_task(bind=True, acks_late=True, max_retries=None)
def message_deliver_task(self, message_id: int):
    message = message_deliver(message_id=message_id)
    if message is not None and message.state == MessageState.QUEUED and message.attempts:
        raise self.retry(countdown=retry_delay(message.attempts).total_seconds())
    return message.state if message else None


@shared_task(acks_late=True)
def outbox_flush():
    return outbox_flush_service()

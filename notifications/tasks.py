"""Thin Celery tasks: take ids, call one service."""

from celery import shared_task

from .enums import MessageState
from .services import message_deliver, messages_deliver, retry_delay
from .services import outbox_flush as outbox_flush_service


@shared_task(bind=True, acks_late=True, max_retries=None)
def message_deliver_task(self, message_id: int):
    message = message_deliver(message_id=message_id)
    if message is not None and message.state == MessageState.QUEUED and message.attempts:
        raise self.retry(countdown=retry_delay(message.attempts).total_seconds())
    return message.state if message else None


@shared_task(acks_late=True)
def messages_deliver_task(message_ids: list[int]):
    """A chunk queued together (the deadline sweep); failures wait for their retry in the periodic flush."""
    return messages_deliver(message_ids=message_ids)


@shared_task(acks_late=True)
def outbox_flush():
    return outbox_flush_service()

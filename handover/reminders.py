"""The daily hand-over reminder sweep (Celery beat, handover.tasks.handover_reminders_task).

The agency that still owes results (a hand-over not yet handed over, or one the office asked more of) is reminded
14 and 3 days before the due date and 7 and 30 days after it: the nearest threshold reached, once. Every message
has an idempotency key (hand-over, threshold, recipient) and `message_queue_many` skips a key already queued, so
a second or concurrent sweep queues nothing new; a sweep that missed days sends the nearest threshold it reached.
"""

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from notifications.selectors import submission_ref
from notifications.services import message_queue_many
from romantik.calendar import office_today
from romantik.links import pk_url_pattern

from .selectors import open_handovers_due_by

BEFORE_DAYS = (14, 3)
AFTER_DAYS = (7, 30)


def threshold(due: date, today: date) -> str | None:
    """The threshold this day has reached: "before-14", "before-3", "after-7", "after-30" or None."""
    left = (due - today).days
    if left >= 0:
        reached = [n for n in BEFORE_DAYS if left <= n]
        return f"before-{min(reached)}" if reached else None
    late = -left
    reached = [n for n in AFTER_DAYS if late >= n]
    return f"after-{max(reached)}" if reached else None


def handover_reminders_sweep(today: date | None = None) -> int:
    """Queue the reminders due today; returns how many were queued or found already queued."""
    horizon = (today or timezone.localdate()) + timedelta(days=max(BEFORE_DAYS) + 1)  # any office's zone
    url = pk_url_pattern("handover:agency")
    items = []
    handovers = open_handovers_due_by(horizon).select_related(
        "submission__office", "submission__agency", "submission__created_by"
    )
    for handover in handovers.order_by("pk"):
        submission = handover.submission
        day = today or office_today(submission.office)
        reached = threshold(handover.due_date, day)
        if reached is None or submission.created_by is None:
            continue
        late = reached.startswith("after")
        items.append(
            {
                "template": "handover_reminder",
                "recipient": submission.created_by,
                "context": {
                    "number": submission.number or "",
                    "title": submission.title,
                    "office": submission.office.name,
                    "due": handover.due_date.isoformat(),
                    "days": abs((handover.due_date - day).days),
                    "late": late,
                    "url": url.format(pk=submission.pk),
                },
                "idempotency_key": f"handover:{handover.pk}:{reached}:{submission.created_by_id}",
                "subject_ref": submission_ref(submission.pk),
                "office": submission.office,
            }
        )
    with transaction.atomic():
        return message_queue_many(items=items)

"""Reads of the outbox shared by the office's message page, the review page and the office workspace."""

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from .enums import MessageState
from .labels import template_label
from .models import Message

SUBMISSION_REF_PREFIX = "submissions.submission:"


def submission_ref(submission_pk: int) -> str:
    """The `subject_ref` of messages caused by a submission."""
    return f"{SUBMISSION_REF_PREFIX}{submission_pk}"


def submission_pk_of(subject_ref: str) -> int | None:
    """The submission a message is about, from its `subject_ref`; None for anything else."""
    if subject_ref.startswith(SUBMISSION_REF_PREFIX):
        pk = subject_ref.removeprefix(SUBMISSION_REF_PREFIX)
        if pk.isdigit():
            return int(pk)
    return None


def messages_of_office(office) -> QuerySet[Message]:
    """Messages sent on behalf of `office`, newest first; the pk breaks ties so pages never overlap."""
    return Message.objects.filter(office=office).select_related("recipient", "office").order_by("-created_at", "-pk")


def office_message_counts(office) -> dict[str, int]:
    """How many of the office's messages are in each state, plus "all", in one query."""
    counts = Message.objects.filter(office=office).aggregate(
        all=Count("pk"), **{state.value: Count("pk", filter=Q(state=state)) for state in MessageState}
    )
    return {key: value or 0 for key, value in counts.items()}


def failed_message_count(office) -> int:
    return Message.objects.filter(office=office, state=MessageState.FAILED).count()


def message_rows(messages) -> list[Message]:
    """The messages with what their rows show: a readable label and the submission they are about
    (`submission_pk`, None when it is about something else or no longer exists, and its number)."""
    from submissions.models import Submission

    rows = list(messages)
    pks = {pk for pk in (submission_pk_of(message.subject_ref) for message in rows) if pk is not None}
    # One query for the whole page, however many rows.
    numbers = dict(Submission.objects.filter(pk__in=pks).values_list("pk", "number")) if pks else {}
    for message in rows:
        message.label = template_label(message.template)
        pk = submission_pk_of(message.subject_ref)
        message.submission_pk = pk if pk in numbers else None
        message.submission_number = (numbers.get(pk) or f"#{pk}") if message.submission_pk else ""
    return rows


def messages_of_subject(subject_ref: str) -> list[Message]:
    """Every message caused by one thing (e.g. a submission), newest first, ready to show."""
    return message_rows(
        Message.objects.filter(subject_ref=subject_ref)
        .select_related("recipient", "office")
        .order_by("-created_at", "-pk")
    )


@dataclass
class MessageLog:
    rows: list[Message]

    @property
    def failed(self) -> int:
        return sum(1 for message in self.rows if message.state == MessageState.FAILED)


def submission_message_log(submission) -> MessageLog:
    """The message log of a submission's review page: one query, whatever the number of messages."""
    return MessageLog(messages_of_subject(submission_ref(submission.pk)))

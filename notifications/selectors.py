"""Reads of the outbox shared by the office's message page, the review page and the office workspace."""

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import connection
from django.db.models import Count, Max, Q, QuerySet
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from romantik.registry import Hook

from .enums import Channel, MessageState
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


def failed_messages_of_office(office) -> QuerySet[Message]:
    """The office's failed messages, oldest first: what "resend all failed" queues again."""
    return (
        Message.objects.filter(office=office, state=MessageState.FAILED)
        .select_related("office")
        .order_by("created_at", "pk")
    )


def failed_message_count(office) -> int:
    return Message.objects.filter(office=office, state=MessageState.FAILED).count()


# --- the tabs of the office's message page, one per state ---------------------------------------------------

MESSAGE_TAB_FAILED = "gagal"
MESSAGE_TAB_ALL = "semua"
# The tabs, in order: address value → state (None: every state).
MESSAGE_TABS = {
    MESSAGE_TAB_FAILED: MessageState.FAILED,
    "antre": MessageState.QUEUED,
    "terkirim": MessageState.SENT,
    MESSAGE_TAB_ALL: None,
}


@dataclass(frozen=True, slots=True)
class MessageTab:
    value: str  # in the address
    label: str | Promise
    count: int


@dataclass(frozen=True, slots=True)
class MessageTabs:
    """The tabs of an office's message page with their counts, which are the whole office's whatever the
    channel and search ("Gagal (N)" is what awaits a resend), and the number of failed messages."""

    tabs: list[MessageTab]
    failed: int

    @property
    def default(self) -> str:
        """The tab the page opens on: the failed messages when there are any, otherwise every message."""
        return MESSAGE_TAB_FAILED if self.failed else MESSAGE_TAB_ALL


def office_message_tabs(office) -> MessageTabs:
    """The tabs of the office's message page (one query)."""
    counts = office_message_counts(office)
    tabs = []
    for value, state in MESSAGE_TABS.items():
        label, key = (state.label, state.value) if state is not None else (gettext("All"), "all")
        tabs.append(MessageTab(value, label, counts[key]))
    return MessageTabs(tabs=tabs, failed=counts[MessageState.FAILED])


def messages_in_tab(queryset: QuerySet[Message], tab: str) -> QuerySet[Message]:
    """The messages of `queryset` the tab `tab` (a key of MESSAGE_TABS) lists."""
    state = MESSAGE_TABS[tab]
    return queryset if state is None else queryset.filter(state=state)


# How the submissions app numbers the submissions a page of messages is about: {pk: number} of those that
# exist, in one query. The outbox sits below that app, so the app registers it (SubmissionsConfig.ready,
# romantik.registry).
_submission_numbers = Hook("notifications.selectors.submission_numbers", "submissions")
submission_numbers_register = _submission_numbers.register


def message_rows(messages) -> list[Message]:
    """The messages with what their rows show: a readable label and the submission they are about
    (`submission_pk`, None when it is about something else or no longer exists, and its number)."""
    rows = list(messages)
    pks = {pk for pk in (submission_pk_of(message.subject_ref) for message in rows) if pk is not None}
    # One query for the whole page, however many rows.
    numbers = _submission_numbers(pks) if pks else {}
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


# Every column of a message, and of its recipient, that the message log shows (notifications/_message_log.html,
# _message_table.html): the state, attempts, last error and time sent change as the outbox works.
MESSAGE_LOG_SHOWN = (
    "id",
    "created_at",
    "template",
    "address",
    "channel",
    "state",
    "attempts",
    "last_error",
    "sent_at",
    "office_id",
    "recipient_id",
)
RECIPIENT_SHOWN = ("full_name", "email")


@dataclass(frozen=True, slots=True)
class MessageLogStamp:
    """What decides a submission's message log: `digest`, of everything its rows show (in its order);
    `resendable`: a failed message with an office, whose row carries a resend form (the reader's permission and
    CSRF token), so the log is not the same for every reader."""

    digest: str
    count: int
    resendable: bool


def _message_log_sql() -> str:
    """The stamp's query, written once from the models' tables and columns: a plain SELECT of values costs a
    tenth of the ORM's compiling the same (issue 20: 0.09 against 0.6 ms)."""
    message = Message._meta
    user = Message._meta.get_field("recipient").related_model._meta
    columns = [f"m.{connection.ops.quote_name(message.get_field(name).column)}" for name in MESSAGE_LOG_SHOWN]
    columns += [f"u.{connection.ops.quote_name(user.get_field(name).column)}" for name in RECIPIENT_SHOWN]
    return (
        f"SELECT {', '.join(columns)} FROM {connection.ops.quote_name(message.db_table)} m "  # noqa: S608
        f"LEFT OUTER JOIN {connection.ops.quote_name(user.db_table)} u ON u.{user.pk.column} = m.recipient_id "
        "WHERE m.subject_ref = %s ORDER BY m.created_at DESC, m.id DESC"
    )


def submission_message_stamp(submission) -> MessageLogStamp:
    """The stamp of the submission's message log (issue 20): one query of plain values, no model instance, so a
    page can keep the log's HTML under it (review.templatetags.review_kept) and build it only when it changed."""
    with connection.cursor() as cursor:
        cursor.execute(_message_log_sql(), [submission_ref(submission.pk)])
        rows = cursor.fetchall()
    state, office = MESSAGE_LOG_SHOWN.index("state"), MESSAGE_LOG_SHOWN.index("office_id")
    return MessageLogStamp(
        digest=hashlib.sha256(repr(rows).encode()).hexdigest(),
        count=len(rows),
        resendable=any(row[state] == MessageState.FAILED and row[office] is not None for row in rows),
    )


# --- the WhatsApp channel's health, on the office's message page -----------------------------------------------

WHATSAPP_FAILURES_SHOWN = 20


@dataclass
class WhatsAppHealth:
    """How WhatsApp fares for an office: whether the portal can send it and by what, whether the office promises
    it, its last message sent, and its messages that failed (or are being retried) in the last 24 hours."""

    configured: bool
    backend: str | Promise
    promised: bool
    last_success: datetime | None
    failed_24h: int
    retrying: int
    failures: list[Message]


def whatsapp_health(office, *, now=None) -> WhatsAppHealth:
    """Three queries, whatever the number of messages."""
    from .whatsapp import BACKEND_CLOUD, BACKEND_FILE, whatsapp_backend, whatsapp_enabled

    now = now or timezone.now()
    backend = whatsapp_backend()
    labels = {
        BACKEND_FILE: _("Files on the server (demo: nothing reaches a phone)"),
        BACKEND_CLOUD: _("WhatsApp Business Cloud API"),
    }
    configured = whatsapp_enabled()
    messages = Message.objects.filter(office=office, channel=Channel.WHATSAPP)
    since = now - timedelta(hours=24)
    counts = messages.filter(created_at__gte=since).aggregate(
        failed=Count("pk", filter=Q(state=MessageState.FAILED)),
        retrying=Count("pk", filter=Q(state=MessageState.QUEUED, attempts__gt=0)),
    )
    failures = list(
        messages.filter(created_at__gte=since)
        .filter(Q(state=MessageState.FAILED) | Q(state=MessageState.QUEUED, attempts__gt=0))
        .select_related("recipient")
        .order_by("-created_at", "-pk")[:WHATSAPP_FAILURES_SHOWN]
    )
    for message in failures:
        message.label = template_label(message.template)
        message.is_failed = message.state == MessageState.FAILED
    return WhatsAppHealth(
        configured=configured,
        backend=labels.get(backend, _("Off")) if configured else _("Not configured"),
        promised=office.whatsapp_enabled,
        last_success=messages.filter(state=MessageState.SENT).aggregate(last=Max("sent_at"))["last"],
        failed_24h=counts["failed"] or 0,
        retrying=counts["retrying"] or 0,
        failures=failures,
    )

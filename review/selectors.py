"""Reads of the review workflow shared by pages: an office's queue and where each row's clock stands.

A page of the queue costs a fixed number of queries whatever its length: the submissions with their agency,
the names of their assigned reviewers (one query of three columns), and the office's closed days, loaded once
into one `OfficeCalendar` that every row's clock uses.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import F, Q, QuerySet
from django.utils.dateformat import format as date_format
from django.utils.translation import gettext, ngettext

from romantik.calendar import OfficeCalendar
from romantik.links import pk_url_pattern
from romantik.selectors import office_roles_of
from submissions.clock import DUE_SOON_DAYS, ClockStatus, clock_status
from submissions.enums import Channel, Kind
from submissions.states import State

from .models import Assignment, Consultation, SectionNote

# No decision yet (the office, or the agency revising, still has to act): what the queue shows by default.
AWAITING_DECISION_STATES = (State.SUBMITTED, State.IN_REVIEW, State.NEEDS_REVISION)
# Waiting on the office itself, not on the agency: what the workspace lists as most urgent.
WITH_OFFICE_STATES = (State.SUBMITTED, State.IN_REVIEW)


# What a row of the queue shows (review/_queue_table.html) and its clock reads, not the whole form: at national
# scale the other columns (texts, JSON answers) and every row's copy of the office cost more than the page.
# The office is the one of the queue, so it is not joined either.
QUEUE_ROW_FIELDS = (
    "number", "title", "kind", "channel", "state", "round", "office_id", "submitted_at", "due_date", "decided_at",
    "clock_paused_on", "agency__name",
)  # fmt: skip


class _PageCalendar(OfficeCalendar):
    """An office's calendar for one page: the working days between two dates counted once per pair (a page's rows
    share a few dozen due dates and one today, where each row's clock counted them day by day; issue 20). Its
    closed days are read once, when it is made, so a count kept cannot go stale while the page is built."""

    def __init__(self, office, closures: set[date]):
        super().__init__(office, closures=closures)
        self._between: dict[tuple[date, date], int] = {}

    def working_days_between(self, start: date, end: date) -> int:
        key = (start, end)
        if key not in self._between:
            self._between[key] = super().working_days_between(start, end)
        return self._between[key]


def office_calendar(office) -> OfficeCalendar:
    """The office's calendar with its closed days loaded now (one query), for every row of a page."""
    return _PageCalendar(office, closures=set(office.closures.values_list("date", flat=True)))


def office_queue(office, *, states=None) -> QuerySet:
    """What has reached an office (anything past draft), most urgent first: not yet recorded complete
    (intake is waiting), then by due date, then by the time it was submitted."""
    from submissions.models import Submission

    qs = Submission.objects.filter(office=office).exclude(state=State.DRAFT)
    if states is not None:
        qs = qs.filter(state__in=states)
    # The assigned reviewers' names are read by queue_rows, for the rows shown only (one query of three columns,
    # not a prefetch of every assignment and person as models: issue 20).
    return (
        qs.select_related("agency")
        .only(*QUEUE_ROW_FIELDS)
        .order_by(F("due_date").asc(nulls_first=True), F("submitted_at").asc(nulls_last=True), "pk")
    )


def reviewer_names(submission_ids) -> dict[int, str]:
    """The names of the reviewers assigned to each submission, in the order they were assigned, comma-separated
    (User.__str__: the full name, else the e-mail); a submission with none is absent. One query."""
    names: dict[int, list[str]] = {}
    assigned = (
        Assignment.objects.filter(submission_id__in=submission_ids)
        .order_by("at", "pk")
        .values_list("submission_id", "reviewer__full_name", "reviewer__email")
    )
    for submission_id, full_name, email in assigned:
        names.setdefault(submission_id, []).append(full_name or email)
    return {submission_id: ", ".join(each) for submission_id, each in names.items()}


def agencies_named(text: str) -> list[int]:
    """The ids of the agencies whose name contains `text` (the queue's text filter), read first: as a list of ids
    the agency arm of the filter's OR is `agency_id = ANY(...)`, which an index answers, so a search of every
    office's rows can combine the number and title trigram indexes with it (a BitmapOr: 0.33 ms for 54 rows at
    10k, against a sequential scan with a hashed subplan, 38.6 ms; docs/PERFORMANCE.md)."""
    from romantik.models import Agency

    return list(Agency.objects.filter(name__icontains=text).order_by("pk").values_list("pk", flat=True))


# --- the clock as a filter ---------------------------------------------------------------------------
# The same boundaries as `clock_status`, as conditions on `due_date`, so that the "overdue" and "due soon"
# filters select exactly the rows the page highlights.


def running_clock() -> Q:
    """Recorded complete, not decided, not withdrawn or closed and not waiting for the agency's revision."""
    stopped = (State.WITHDRAWN, State.CLOSED)
    return Q(due_date__isnull=False, decided_at__isnull=True, clock_paused_on__isnull=True) & ~Q(state__in=stopped)


def last_counted_day(calendar: OfficeCalendar, today: date) -> date:
    """The latest day on or before `today` that the office's service time counts."""
    if not calendar.office.works_in_working_days:
        return today
    day = today
    while not calendar.is_working_day(day):
        day -= timedelta(days=1)
    return day


def overdue(calendar: OfficeCalendar, today: date) -> Q:
    """Running and past due: at least one counted day has passed since the due date."""
    return running_clock() & Q(due_date__lt=last_counted_day(calendar, today))


def due_soon(calendar: OfficeCalendar, today: date) -> Q:
    """Running, not overdue, and at most DUE_SOON_DAYS counted days left."""
    if calendar.office.works_in_working_days:
        first_not_soon = calendar.add_working_days(today, DUE_SOON_DAYS + 1)
    else:
        first_not_soon = today + timedelta(days=DUE_SOON_DAYS + 1)
    return running_clock() & Q(due_date__gte=last_counted_day(calendar, today), due_date__lt=first_not_soon)


# --- rows --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class QueueRow:
    """One submission of the queue with its clock, and what its row shows (review/_queue_table.html) worked out
    once, in the active language, so that the template only writes it."""

    submission: object
    pk: int
    state_code: str  # the state's value (its badge's class)
    offline: bool  # recorded at the PST front desk
    round: int
    clock: ClockStatus
    overdue: bool  # a running clock past its due date: the row is red
    due_soon: bool  # a running clock with at most DUE_SOON_DAYS left: the row is yellow
    url: str  # the review page
    number: str  # "—" while it has none
    title: str
    agency: str
    kind: str  # the labels of its form, channel and state
    channel: str
    state: str
    reviewers: str  # the assigned reviewers' names, comma-separated; "" when none yet
    due_date: str  # "3 Feb 2026"; "" while the clock has not started
    clock_text: str  # where the clock stands: "2 working days left", "paused — …"


def clock_wording(clock: ClockStatus, *, working_days: bool, today: date) -> str:
    """Where a row's clock stands, in words; `working_days`: the office counts working days (hari kerja)."""
    if clock.due_date is None:
        return gettext("not recorded complete yet")
    if clock.withdrawn:
        return gettext("withdrawn")
    if clock.stopped:
        return gettext("decided")
    if clock.paused:
        return gettext("paused — waiting for the agency's revision")
    days = clock.days_left
    if days < 0:
        if working_days:
            text = ngettext("overdue by %(n)d working day", "overdue by %(n)d working days", -days)
        else:
            text = ngettext("overdue by %(n)d day", "overdue by %(n)d days", -days)
        return text % {"n": -days}
    if days == 0:
        # Due today; or (a weekend or holiday after the due date) no counted day has passed since.
        return gettext("due today") if clock.due_date >= today else gettext("due on the last working day")
    if working_days:
        text = ngettext("%(n)d working day left", "%(n)d working days left", days)
    else:
        text = ngettext("%(n)d day left", "%(n)d days left", days)
    return text % {"n": days}


def choice_labels(choices) -> dict[str, str]:
    """Each choice's label by its value, in the active language."""
    return {value: str(label) for value, label in choices}


def queue_rows(submissions, *, office, today: date, calendar: OfficeCalendar | None = None) -> list[QueueRow]:
    """Rows for `submissions` (of `office`, read by `office_queue`), with every clock on one calendar.

    What every row shares is looked up once: the labels of the forms, channels and states (a dict each, where
    `get_kind_display()` and the like build one per call), the review page's URL pattern (one `reverse()`), and
    the wording of each due date (rows share a few dozen dates); the reviewers' names are one query."""
    calendar = calendar or office_calendar(office)
    working = office.works_in_working_days
    kinds, channels, states = (choice_labels(choices) for choices in (Kind.choices, Channel.choices, State.choices))
    review_page = pk_url_pattern("review:detail")
    days: dict[date, str] = {}
    submissions = list(submissions)
    reviewers = reviewer_names([s.pk for s in submissions]) if submissions else {}
    rows = []
    for s in submissions:
        if s.office_id == office.pk:
            s.office = office  # the queue does not join the office (QUEUE_ROW_FIELDS): reading it costs nothing
        clock = clock_status(s, today=today, calendar=calendar)
        running = clock.due_date is not None and not clock.paused and not clock.stopped
        due = s.due_date
        if due is not None and due not in days:
            days[due] = date_format(due, "j M Y")
        rows.append(
            QueueRow(
                submission=s,
                pk=s.pk,
                state_code=s.state,
                offline=s.channel == Channel.OFFLINE,
                round=s.round,
                clock=clock,
                overdue=running and clock.overdue,
                due_soon=running and clock.due_soon,
                url=review_page.format(pk=s.pk),
                number=s.number or "—",
                title=str(s),
                agency=s.agency.name,
                kind=kinds.get(s.kind, s.kind),
                channel=channels.get(s.channel, s.channel),
                state=states.get(s.state, s.state),
                reviewers=reviewers.get(s.pk, ""),
                due_date=days[due] if due is not None else "",
                clock_text=clock_wording(clock, working_days=working, today=today),
            )
        )
    return rows


# --- The review page: a repeated click (a second POST of the same text) changes nothing ---------------------


def note_repeated(*, submission, section: str, field: str, text: str, author) -> bool:
    """The same note by the same author on the same question of this round is already there."""
    return (
        bool(text)
        and SectionNote.objects.filter(
            submission=submission, round=submission.round, section=section, field=field, text=text, author=author
        ).exists()
    )


def comment_repeated(*, submission, text: str, author) -> bool:
    """The last internal comment is this one, by the same author."""
    last = submission.comments.order_by("-pk").first()
    return last is not None and last.author_id == author.pk and last.text == text


def consultation_repeated(*, submission, question: str, to_user, to_office) -> bool:
    """The same question to the same colleague or office is already open."""
    return (
        bool(question)
        and submission.consultations.filter(
            question=question, answered_at__isnull=True, to_user=to_user, to_office=to_office
        ).exists()
    )


def consultations_open_for(user) -> QuerySet:
    """Open questions addressed to `user`, or to an office where the user works, oldest first."""
    codes = list(office_roles_of(user).keys())
    return (
        Consultation.objects.filter(answered_at__isnull=True)
        .filter(Q(to_user=user) | Q(to_office__code__in=codes))
        .select_related("submission", "submission__agency", "submission__office", "requested_by", "to_office")
        .order_by("asked_at", "pk")
    )

"""Reads of the review workflow shared by pages: an office's queue and where each row's clock stands.

A page of the queue costs a fixed number of queries whatever its length: the submissions with their agency
and office, their assignments with the reviewers (one prefetch), and the office's closed days, loaded once
into one `OfficeCalendar` that every row's clock uses.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import F, Prefetch, Q, QuerySet
from django.utils.translation import gettext, ngettext

from romantik.calendar import OfficeCalendar

from .clock import DUE_SOON_DAYS, ClockStatus, clock_status
from .enums import State
from .models import Assignment

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


def office_calendar(office) -> OfficeCalendar:
    """The office's calendar with its closed days loaded now (one query), for every row of a page."""
    return OfficeCalendar(office, closures=set(office.closures.values_list("date", flat=True)))


def office_queue(office, *, states=None) -> QuerySet:
    """What has reached an office (anything past draft), most urgent first: not yet recorded complete
    (intake is waiting), then by due date, then by the time it was submitted."""
    from submissions.models import Submission

    qs = Submission.objects.filter(office=office).exclude(state=State.DRAFT)
    if states is not None:
        qs = qs.filter(state__in=states)
    return (
        qs.select_related("agency")
        .only(*QUEUE_ROW_FIELDS)
        .prefetch_related(
            Prefetch("assignments", queryset=Assignment.objects.select_related("reviewer").order_by("at", "pk"))
        )
        .order_by(F("due_date").asc(nulls_first=True), F("submitted_at").asc(nulls_last=True), "pk")
    )


# --- the clock as a filter ---------------------------------------------------------------------------
# The same boundaries as `clock_status`, as conditions on `due_date`, so that the "overdue" and "due soon"
# filters select exactly the rows the page highlights.


def running_clock() -> Q:
    """Recorded complete, not decided, not withdrawn and not waiting for the agency's revision."""
    return Q(due_date__isnull=False, decided_at__isnull=True, clock_paused_on__isnull=True) & ~Q(state=State.WITHDRAWN)


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


@dataclass(frozen=True)
class QueueRow:
    """One submission of the queue with its clock, as the page shows it."""

    submission: object
    clock: ClockStatus
    working_days: bool  # the office counts working days (hari kerja), not calendar days
    today: date

    @property
    def reviewers(self) -> list:
        return [a.reviewer for a in self.submission.assignments.all()]

    @property
    def running(self) -> bool:
        return self.clock.due_date is not None and not self.clock.paused and not self.clock.stopped

    @property
    def overdue(self) -> bool:
        return self.running and self.clock.overdue

    @property
    def due_soon(self) -> bool:
        return self.running and self.clock.due_soon

    @property
    def css_class(self) -> str:
        if self.overdue:
            return "table-danger"
        if self.due_soon:
            return "table-warning"
        return ""

    @property
    def clock_text(self) -> str:
        clock = self.clock
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
            if self.working_days:
                text = ngettext("overdue by %(n)d working day", "overdue by %(n)d working days", -days)
            else:
                text = ngettext("overdue by %(n)d day", "overdue by %(n)d days", -days)
            return text % {"n": -days}
        if days == 0:
            # Due today; or (a weekend or holiday after the due date) no counted day has passed since.
            return gettext("due today") if clock.due_date >= self.today else gettext("due on the last working day")
        if self.working_days:
            text = ngettext("%(n)d working day left", "%(n)d working days left", days)
        else:
            text = ngettext("%(n)d day left", "%(n)d days left", days)
        return text % {"n": days}


def queue_rows(submissions, *, office, today: date, calendar: OfficeCalendar | None = None) -> list[QueueRow]:
    """Rows for `submissions` (of `office`), with every clock on one calendar."""
    calendar = calendar or office_calendar(office)
    working = office.works_in_working_days
    rows = []
    for s in submissions:
        if s.office_id == office.pk:
            s.office = office  # the queue does not join the office (QUEUE_ROW_FIELDS): reading it costs nothing
        rows.append(QueueRow(s, clock_status(s, today=today, calendar=calendar), working, today))
    return rows

"""The service clock (DOMAIN.md "Service time").

Starts when an officer records the submission complete (terekam lengkap); the
due date is the office's service time from then, on the office's calendar. It
pauses while the agency revises: the days the submission waited (working days
for a working-day office, calendar days otherwise) are added to the due date
when it is resubmitted. It stops at the decision.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from romantik.calendar import OfficeCalendar

from .states import State


def clock_days(calendar: OfficeCalendar, start: date, end: date) -> int:
    """Days in (start, end] that the office's service time counts."""
    if calendar.office.works_in_working_days:
        return calendar.working_days_between(start, end)
    return (end - start).days


def clock_due_date(*, office, started_on: date, calendar: OfficeCalendar | None = None) -> date:
    return (calendar or OfficeCalendar(office)).service_due_date(started_on)


def clock_resumed_due_date(*, office, due_date: date, paused_on: date, resumed_on: date) -> date:
    """The due date after a pause from `paused_on` to `resumed_on`: moved by the days lost."""
    calendar = OfficeCalendar(office)
    lost = max(0, clock_days(calendar, paused_on, resumed_on))
    if not lost:
        return due_date
    if office.works_in_working_days:
        return calendar.add_working_days(due_date, lost)
    return due_date + timedelta(days=lost)


@dataclass(frozen=True)
class ClockStatus:
    due_date: date | None
    days_left: int | None  # in the office's unit; negative when overdue
    paused: bool
    stopped: bool
    withdrawn: bool = False  # stopped because the agency withdrew the submission, not by a decision

    @property
    def overdue(self) -> bool:
        return self.days_left is not None and self.days_left < 0 and not self.stopped

    @property
    def due_soon(self) -> bool:
        return self.days_left is not None and 0 <= self.days_left <= DUE_SOON_DAYS and not self.stopped


DUE_SOON_DAYS = 3


def clock_status(submission, *, today: date, calendar: OfficeCalendar | None = None) -> ClockStatus:
    """Where the clock of a submission stands on `today` (a paused clock counts from the pause)."""
    if submission.due_date is None:
        return ClockStatus(None, None, paused=False, stopped=False)
    # A decision stops the clock; so does the agency withdrawing the submission.
    withdrawn = submission.state == State.WITHDRAWN
    stopped = submission.decided_at is not None or withdrawn
    paused = submission.clock_paused_on is not None
    if stopped:
        return ClockStatus(submission.due_date, None, paused=False, stopped=True, withdrawn=withdrawn)
    calendar = calendar or OfficeCalendar(submission.office)
    on = submission.clock_paused_on if paused else today
    return ClockStatus(submission.due_date, clock_days(calendar, on, submission.due_date), paused, False)

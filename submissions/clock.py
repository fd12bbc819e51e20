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
from romantik.enums import ServiceTimeUnit

from .states import State


def clock_unit(calendar: OfficeCalendar, started_on: date | None) -> str:
    """The unit (ServiceTimeUnit) a clock started on `started_on` counts in: that of the version of the service
    standard in force that day (romantik/standards.py), not the office's current one; the office's own when the
    clock has not started."""
    if started_on is None:
        return calendar.office.service_time_unit
    return calendar.service_time(started_on)[1]


def clock_days(calendar: OfficeCalendar, start: date, end: date, *, unit: str | None = None) -> int:
    """Days in (start, end] that the service time counts: working days or calendar days by `unit` (default: the
    office's current unit)."""
    if (unit or calendar.office.service_time_unit) == ServiceTimeUnit.WORKING_DAYS:
        return calendar.working_days_between(start, end)
    return (end - start).days


def clock_due_date(*, office, started_on: date, calendar: OfficeCalendar | None = None) -> date:
    return (calendar or OfficeCalendar(office)).service_due_date(started_on)


def clock_resumed_due_date(
    *, office, due_date: date, paused_on: date, resumed_on: date, started_on: date | None = None
) -> date:
    """The due date after a pause from `paused_on` to `resumed_on`: moved by the days lost, counted in the unit
    of the service standard in force when the clock started (`started_on`, the day the submission was recorded
    complete), so a new version of the standard since then changes nothing of this clock."""
    calendar = OfficeCalendar(office)
    unit = clock_unit(calendar, started_on)
    lost = max(0, clock_days(calendar, paused_on, resumed_on, unit=unit))
    if not lost:
        return due_date
    if unit == ServiceTimeUnit.WORKING_DAYS:
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
    # A submission closed for an untouched revision (review/closing.py) is stopped too.
    stopped = submission.decided_at is not None or withdrawn or submission.state == State.CLOSED
    paused = submission.clock_paused_on is not None
    if stopped:
        return ClockStatus(submission.due_date, None, paused=False, stopped=True, withdrawn=withdrawn)
    calendar = calendar or OfficeCalendar(submission.office)
    on = submission.clock_paused_on if paused else today
    return ClockStatus(submission.due_date, clock_days(calendar, on, submission.due_date), paused, False)


# --- A decided submission's duration on the clock (the office's figures and the national supervision) ------


def revision_steps_q():
    """The transitions that pause and resume the clock: the return for revision and the resubmission (back in
    review; diajukan in logs written before issue 17). A filter on `Transition`."""
    from django.db.models import Q

    return Q(to_state=State.NEEDS_REVISION) | Q(
        from_state=State.NEEDS_REVISION, to_state__in=(State.IN_REVIEW, State.SUBMITTED)
    )


def revision_paused_days(calendar: OfficeCalendar, steps, tz) -> int:
    """Days lost while waiting for the agency's revision, from one submission's (from, to, at) steps in order."""
    lost, paused_on = 0, None
    for from_state, to_state, at in steps:
        if to_state == State.NEEDS_REVISION:
            paused_on = at.astimezone(tz).date()
        elif from_state == State.NEEDS_REVISION and paused_on is not None:
            lost += max(0, clock_days(calendar, paused_on, at.astimezone(tz).date()))
            paused_on = None
    return lost


def decision_clock_days(calendar: OfficeCalendar, *, recorded_on: date, decided_on: date, steps, tz) -> int:
    """Clock days from recorded complete to the decision, less the days each revision waited."""
    return max(0, clock_days(calendar, recorded_on, decided_on) - revision_paused_days(calendar, steps, tz))

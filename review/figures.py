"""An office's figures: what is open, what was decided, how often on time and how fast.

* Decided: a decision was taken (layak or tidak layak, whether or not the letter was issued yet), i.e.
  `decided_at` is set.
* On time: decided on or before the due date, the decision's date counted in the office's time zone.
* Duration: from recorded complete (terekam lengkap) to the decision, in the office's unit (working days,
  or calendar days for offices whose standard says "hari"), minus the days the submission waited for
  the agency's revision (from each return for revision to the resubmission, from the transition log),
  counted as the clock counts them when it resumes.
"""

import statistics
from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.db.models import Count

from romantik.calendar import office_timezone  # noqa: F401 - re-exported for the figures' callers
from submissions.clock import decision_clock_days, revision_steps_q
from submissions.models import Transition
from submissions.states import State

from .selectors import AWAITING_DECISION_STATES, office_calendar

MONTHS = 12


@dataclass(frozen=True)
class Period:
    """Figures of a set of decisions."""

    decided: int
    on_time: int
    median_days: float | None

    @property
    def on_time_rate(self) -> float | None:
        """Share decided on time, 0–1; None when nothing was decided."""
        return self.on_time / self.decided if self.decided else None

    @property
    def on_time_percent(self) -> float | None:
        return None if self.on_time_rate is None else 100 * self.on_time_rate


@dataclass(frozen=True)
class Month(Period):
    month: date  # its first day


@dataclass(frozen=True)
class OfficeFigures:
    open_by_state: list[tuple[str, int]]  # (state, count) for every state awaiting a decision
    decided_by_state: list[tuple[str, int]]  # (state, count) for layak, tidak layak, surat terbit
    overall: Period
    months: list[Month]  # the last MONTHS months, oldest first
    working_days: bool
    timezone: str

    @property
    def open_total(self) -> int:
        return sum(n for _state, n in self.open_by_state)


@dataclass(frozen=True)
class _Decision:
    decided_on: date
    on_time: bool
    days: int | None


def _last_months(today: date, count: int) -> list[date]:
    months, year, month = [], today.year, today.month
    for _ in range(count):
        months.append(date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return months[::-1]


def _period(decisions: list[_Decision]) -> tuple[int, int, float | None]:
    days = [d.days for d in decisions if d.days is not None]
    return len(decisions), sum(d.on_time for d in decisions), statistics.median(days) if days else None


def office_figures(office, *, today: date) -> OfficeFigures:
    """The office's figures on `today` (a date in the office's time zone), in a fixed number of queries."""
    from submissions.models import Submission

    tz = office_timezone(office)
    calendar = office_calendar(office)
    counts = dict(
        Submission.objects.filter(office=office)
        .exclude(state=State.DRAFT)
        .order_by()
        .values("state")
        .annotate(n=Count("pk"))
        .values_list("state", "n")
    )
    decided_rows = list(
        Submission.objects.filter(office=office, decided_at__isnull=False).values_list(
            "pk", "recorded_complete_on", "due_date", "decided_at"
        )
    )
    transitions = defaultdict(list)
    for submission_id, from_state, to_state, at in (
        Transition.objects.filter(submission__office=office, submission__decided_at__isnull=False)
        .filter(revision_steps_q())
        .order_by("submission_id", "at", "pk")
        .values_list("submission_id", "from_state", "to_state", "at")
    ):
        transitions[submission_id].append((from_state, to_state, at))

    decisions = []
    for pk, recorded_on, due_date, decided_at in decided_rows:
        decided_on = decided_at.astimezone(tz).date()
        days = None
        if recorded_on is not None:
            days = decision_clock_days(
                calendar, recorded_on=recorded_on, decided_on=decided_on, steps=transitions.get(pk, []), tz=tz
            )
        decisions.append(_Decision(decided_on, due_date is not None and decided_on <= due_date, days))

    by_month = defaultdict(list)
    for decision in decisions:
        by_month[decision.decided_on.replace(day=1)].append(decision)
    return OfficeFigures(
        open_by_state=[(state, counts.get(state, 0)) for state in AWAITING_DECISION_STATES],
        decided_by_state=[
            (state, counts.get(state, 0)) for state in (State.FEASIBLE, State.NOT_FEASIBLE, State.ISSUED)
        ],
        overall=Period(*_period(decisions)),
        months=[Month(*_period(by_month.get(month, [])), month=month) for month in _last_months(today, MONTHS)],
        working_days=office.works_in_working_days,
        timezone=str(tz),
    )

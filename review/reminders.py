"""The daily deadline sweep (Celery beat, review.tasks.reminders_sweep_task).

What it sends, once per submission, threshold and recipient:

* ``due-N``: to the assigned reviewers and the coordinators, N working days before the due date
  (``Office.reminder_days``, default [3, 1]); a sweep that missed a day sends the nearest threshold.
* ``overdue``: one digest per office per day to the coordinators and the heads, listing the
  submissions whose running clock is past the due date.
* ``revision-wait``: to the agency when a revision has waited ``Office.revision_reminder_days``
  calendar days (once per round).
* ``idle-draft``: to the agency when a draft has not been saved for ``Office.idle_draft_days`` days.

Design. No schedule is stored on the submission: the sweep runs one query, an OR of three
date-bounded ranges each served by an index (``submissions`` indexes (state, due_date),
(state, clock_paused_on), (state, updated_at)):

* running clocks (submitted / under review, not decided) with ``due_date`` up to the farthest
  reminder day of any office (the exact date of N working days ahead on each office's calendar);
* revisions paused between ``LOOKBACK_DAYS`` before and on the wait threshold;
* drafts last saved in the same kind of window before the idle threshold.

So the rows read are the ones due now (plus the overdue ones, which the digest lists anyway),
never the whole table: the cost follows the reminders due, not the number of submissions
(bench/reminders.py). The lookback lets a sweep that was down for up to a week catch up.

Once only: every message has an idempotency key, and ``message_queue`` returns the first row
for a key already queued, so a second or concurrent sweep queues nothing new. Each submission is
locked and its state re-read inside the transaction before anything is queued: a submission
decided or withdrawn since the query gets no reminder.
"""

from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from notifications.services import message_queue
from romantik.calendar import OfficeCalendar
from romantik.enums import Role
from romantik.models import Office
from romantik.selectors import staff_with_roles

from .enums import State

# States in which the service clock runs (a resubmitted revision is back in SUBMITTED with its due date).
RUNNING_STATES = (State.SUBMITTED, State.IN_REVIEW)
# How many days late a missed sweep may still send a revision or idle-draft reminder.
LOOKBACK_DAYS = 7


def _staff_url(submission) -> str:
    return reverse("review:detail", kwargs={"pk": submission.pk})


def _agency_url(submission) -> str:
    return reverse("submissions:overview", kwargs={"pk": submission.pk})


def _day(value: date) -> str:
    return date_format(value, "j F Y")


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _context(submission, **extra) -> dict:
    return {
        "number": submission.number or "",
        "title": submission.title,
        "agency": submission.agency.name,
        "office": submission.office.name,
        "round": submission.round,
        **extra,
    }


def _due_threshold(thresholds: list[int], days_left: int) -> int | None:
    """The nearest threshold not yet passed: 2 working days left with [3, 1] is still threshold 3."""
    candidates = [n for n in thresholds if n >= days_left]
    return min(candidates) if candidates and days_left >= 0 else None


class _Sweep:
    def __init__(self, today: date):
        self.today = today
        self.offices = {office.pk: office for office in Office.objects.all()}
        self.calendars: dict[int, OfficeCalendar] = {}
        self.queued = 0

    def calendar(self, office) -> OfficeCalendar:
        if office.pk not in self.calendars:
            self.calendars[office.pk] = OfficeCalendar(office)
        return self.calendars[office.pk]

    def thresholds(self, office) -> list[int]:
        return sorted({int(n) for n in (office.reminder_days or []) if int(n) >= 0})

    # --- the one query -----------------------------------------------------------------------------

    def due_query(self):
        from submissions.models import Submission

        today, offices = self.today, list(self.offices.values())
        horizon = today
        for office in offices:
            days = self.thresholds(office)
            if days:
                horizon = max(horizon, self.calendar(office).add_working_days(today, max(days)))
        waits = [o.revision_reminder_days for o in offices if o.revision_reminder_days] or [0]
        idles = [o.idle_draft_days for o in offices if o.idle_draft_days] or [0]
        clock = Q(state__in=RUNNING_STATES, due_date__lte=horizon, decided_at__isnull=True)
        revision = Q(
            state=State.NEEDS_REVISION,
            clock_paused_on__gte=today - timedelta(days=max(waits) + LOOKBACK_DAYS),
            clock_paused_on__lte=today - timedelta(days=min(waits)),
        )
        idle = Q(
            state=State.DRAFT,
            updated_at__gte=_start_of(today - timedelta(days=max(idles) + LOOKBACK_DAYS)),
            updated_at__lt=_start_of(today - timedelta(days=min(idles) - 1)),
        )
        return Submission.objects.filter(clock | revision | idle).only("pk", "office_id").order_by()

    def run(self) -> int:
        overdue_offices = set()
        for submission in self.due_query().iterator():
            office = self.offices[submission.office_id]
            if self._one(submission.pk, office):
                overdue_offices.add(office.pk)
        for office_pk in sorted(overdue_offices):
            self._digest(self.offices[office_pk])
        return self.queued

    # --- each submission, re-checked under its lock ----------------------------------------------------

    def _one(self, pk: int, office) -> bool:
        """Send what is due for one submission; True when its clock is overdue (for the digest)."""
        from submissions.models import Submission

        with transaction.atomic():
            s = (
                Submission.objects.select_for_update(of=("self",))
                .select_related("agency", "office", "created_by")
                .filter(pk=pk)
                .first()
            )
            if s is None:  # withdrawn (deleted) since the query
                return False
            if s.state in RUNNING_STATES and s.decided_at is None and s.due_date and s.clock_paused_on is None:
                days_left = self.calendar(office).working_days_between(self.today, s.due_date)
                if s.due_date < self.today:
                    return True
                n = _due_threshold(self.thresholds(office), days_left)
                if n is not None:
                    self._due(s, n)
            elif s.state == State.NEEDS_REVISION and s.clock_paused_on:
                waited = (self.today - s.clock_paused_on).days
                if office.revision_reminder_days and waited >= office.revision_reminder_days:
                    self._send(
                        "reminder_revision_waiting",
                        s.created_by,
                        f"revision-wait:{s.pk}:{s.round}:{s.created_by_id}",
                        _context(s, url=_agency_url(s), days=waited, since=_day(s.clock_paused_on)),
                        s,
                    )
            elif s.state == State.DRAFT:
                idle = (self.today - timezone.localtime(s.updated_at).date()).days
                if office.idle_draft_days and idle >= office.idle_draft_days:
                    threshold = office.idle_draft_days
                    self._send(
                        "reminder_draft_idle",
                        s.created_by,
                        f"idle-draft:{s.pk}:{threshold}:{s.created_by_id}",
                        _context(s, url=_agency_url(s), days=idle),
                        s,
                    )
        return False

    def _due(self, s, n: int) -> None:
        reviewers = [a.reviewer for a in s.assignments.select_related("reviewer")]
        coordinators = list(staff_with_roles(s.office, {Role.COORDINATOR}))
        seen = set()
        for person in reviewers + coordinators:
            if person.pk in seen:
                continue
            seen.add(person.pk)
            self._send(
                "reminder_due",
                person,
                f"reminder:{s.pk}:due-{n}:{person.pk}",
                _context(s, url=_staff_url(s), days=n, due_date=_day(s.due_date)),
                s,
            )

    def _send(self, template: str, person, key: str, context: dict, s) -> None:
        if not person.email:
            return
        message = message_queue(
            template=template,
            recipient=person,
            context=context,
            idempotency_key=key,
            subject_ref=f"submissions.submission:{s.pk}",
        )
        self.queued += message is not None

    def _digest(self, office) -> None:
        from submissions.models import Submission

        with transaction.atomic():
            overdue = list(
                Submission.objects.filter(
                    office=office,
                    state__in=RUNNING_STATES,
                    decided_at__isnull=True,
                    clock_paused_on__isnull=True,
                    due_date__lt=self.today,
                ).order_by("due_date", "pk")
            )
            if not overdue:
                return
            items = [
                {
                    "number": s.number or "",
                    "title": s.title,
                    "due_date": _day(s.due_date),
                    "url": _staff_url(s),
                }
                for s in overdue
            ]
            recipients = staff_with_roles(office, {Role.COORDINATOR, Role.HEAD})
            for person in recipients:
                if not person.email:
                    continue
                message_queue(
                    template="reminder_overdue_digest",
                    recipient=person,
                    context={"office": office.name, "count": len(items), "items": items, "today": _day(self.today)},
                    idempotency_key=f"overdue:{office.pk}:{self.today.isoformat()}:{person.pk}",
                    subject_ref=f"romantik.office:{office.pk}",
                )
                self.queued += 1


def reminders_sweep(*, today: date | None = None) -> int:
    """Queue every reminder due on `today` (default: the office's local date); returns how many were
    queued or found already queued (a second sweep queues no new row)."""
    return _Sweep(today or timezone.localdate()).run()

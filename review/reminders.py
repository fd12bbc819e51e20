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

Once only: every message has an idempotency key, and ``message_queue_many`` skips a key already
queued, so a second or concurrent sweep queues nothing new. The submissions are locked (in pk order,
in one transaction) and their state re-read inside the transaction before anything is queued:
a submission decided or withdrawn since the query gets no reminder.

A fixed number of queries: a national deployment has thousands of reminders due on a morning, so the
due rows are locked and streamed by one query (``BATCH_SIZE`` rows per fetch), their assignments come in
one, the reminders are queued by one ``message_queue_many`` (the keys already queued, one insert), the
coordinators and heads of all offices are read once, and every office's closed days come in one query
(bench/national.py: the sweep over 100,000 submissions, docs/PERFORMANCE.md; tests/bench/test_queries.py).
"""

from datetime import date, datetime, time, timedelta
from functools import lru_cache

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language

from notifications.services import message_queue_many
from romantik.calendar import OfficeCalendar
from romantik.enums import Role
from romantik.links import pk_url_pattern
from romantik.models import Office, OfficeClosure, OfficeRole
from submissions.states import State

from .models import Assignment

# States in which the service clock runs (a resubmitted revision is back in IN_REVIEW with its due date; one
# resubmitted before issue 17 may still wait in SUBMITTED with it).
RUNNING_STATES = (State.SUBMITTED, State.IN_REVIEW)
# How many days late a missed sweep may still send a revision or idle-draft reminder.
LOOKBACK_DAYS = 7
# Locked submissions read at a time from the one query of the sweep (a server-side cursor's fetch).
BATCH_SIZE = 500
# What a batch reads of each locked submission (not the whole form): the clock, the messages' context.
LOCKED_FIELDS = (
    "state", "round", "number", "title", "office_id", "due_date", "decided_at", "clock_paused_on", "updated_at",
    "agency__name", "created_by__email", "created_by__full_name", "created_by__language", "created_by__phone",
)  # fmt: skip


@lru_cache(maxsize=512)
def _day_in(value: date, language: str) -> str:
    return date_format(value, "j F Y")


def _day(value: date) -> str:
    # Thousands of reminders share a few dates: each is formatted once per language.
    return _day_in(value, get_language())


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
        # Every office's closed days from today on, in one query: the sweep counts only days after today.
        closures: dict[int, set[date]] = {}
        for office_id, day in OfficeClosure.objects.filter(date__gte=today).values_list("office_id", "date"):
            closures.setdefault(office_id, set()).add(day)
        self.calendars = {pk: OfficeCalendar(o, closures=closures.get(pk, set())) for pk, o in self.offices.items()}
        self._staff: dict[tuple[int, str], list] | None = None
        self._url_patterns: dict[str, str] = {}
        self.queued = 0

    def url(self, name: str, submission) -> str:
        """`reverse(name, pk=...)`, reversed once per sweep: thousands of reminders link to two pages."""
        if name not in self._url_patterns:
            self._url_patterns[name] = pk_url_pattern(name)
        return self._url_patterns[name].format(pk=submission.pk)

    def calendar(self, office) -> OfficeCalendar:
        if office.pk not in self.calendars:
            self.calendars[office.pk] = OfficeCalendar(office)
        return self.calendars[office.pk]

    def thresholds(self, office) -> list[int]:
        return sorted({int(n) for n in (office.reminder_days or []) if int(n) >= 0})

    def staff(self, office_pk: int, roles) -> list:
        """People holding any of `roles` in the office, each once, by pk (as `staff_with_roles`); the
        coordinators and heads of every office are read once per sweep."""
        if self._staff is None:
            self._staff = {}
            held = OfficeRole.objects.filter(role__in=(Role.COORDINATOR, Role.HEAD)).select_related("user")
            for office_role in held.order_by("user_id"):
                self._staff.setdefault((office_role.office_id, office_role.role), []).append(office_role.user)
        people = {p.pk: p for role in roles for p in self._staff.get((office_pk, role), [])}
        return [people[pk] for pk in sorted(people)]

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
        overdue_offices = self._locked_all()
        self._digests(sorted(overdue_offices))
        return self.queued

    # --- the submissions due, re-checked under their locks --------------------------------------------

    def _locked_all(self) -> set[int]:
        """Queue what is due; returns the offices with an overdue clock. One transaction and a fixed number of
        queries whatever the reminders due (issue 20): the due rows are selected, locked and read in one query,
        streamed BATCH_SIZE at a time (a server-side cursor on PostgreSQL), their assignments in one more, and
        the reminders queued in one `message_queue_many`."""
        from submissions.models import Submission

        overdue, due, items = set(), [], []
        with transaction.atomic():
            # Locked in pk order, so concurrent sweeps wait for each other instead of deadlocking; a row
            # withdrawn (deleted) since the query is simply absent.
            locked = (
                Submission.objects.select_for_update(of=("self",))
                .select_related("agency", "created_by")
                .only(*LOCKED_FIELDS)
                .filter(pk__in=self.due_query().values("pk"))
                .order_by("pk")
            )
            for s in locked.iterator(chunk_size=BATCH_SIZE):
                office = s.office = self.offices.get(s.office_id) or s.office
                if s.state in RUNNING_STATES and s.decided_at is None and s.due_date and s.clock_paused_on is None:
                    if s.due_date < self.today:
                        overdue.add(office.pk)
                        continue
                    days_left = self.calendar(office).working_days_between(self.today, s.due_date)
                    n = _due_threshold(self.thresholds(office), days_left)
                    if n is not None:
                        due.append((s, n))
                elif s.state == State.NEEDS_REVISION and s.clock_paused_on:
                    waited = (self.today - s.clock_paused_on).days
                    if office.revision_reminder_days and waited >= office.revision_reminder_days:
                        items += self._item(
                            "reminder_revision_waiting",
                            s.created_by,
                            f"revision-wait:{s.pk}:{s.round}:{s.created_by_id}",
                            _context(
                                s, url=self.url("submissions:overview", s), days=waited, since=_day(s.clock_paused_on)
                            ),
                            s,
                        )
                elif s.state == State.DRAFT:
                    idle = (self.today - timezone.localtime(s.updated_at).date()).days
                    if office.idle_draft_days and idle >= office.idle_draft_days:
                        threshold = office.idle_draft_days
                        items += self._item(
                            "reminder_draft_idle",
                            s.created_by,
                            f"idle-draft:{s.pk}:{threshold}:{s.created_by_id}",
                            _context(s, url=self.url("submissions:overview", s), days=idle),
                            s,
                        )
            items += self._due(due)
            self.queued += message_queue_many(items=items)
        return overdue

    def _due(self, due: list) -> list[dict]:
        """`due-N` reminders to the assigned reviewers and the coordinators; the assignments in one query."""
        if not due:
            return []
        reviewers: dict[int, list] = {}
        assignments = Assignment.objects.filter(submission__in=[s.pk for s, _n in due]).select_related("reviewer")
        for assignment in assignments.order_by("at", "pk"):
            reviewers.setdefault(assignment.submission_id, []).append(assignment.reviewer)
        items = []
        for s, n in due:
            seen = set()
            for person in reviewers.get(s.pk, []) + self.staff(s.office_id, {Role.COORDINATOR}):
                if person.pk in seen:
                    continue
                seen.add(person.pk)
                items += self._item(
                    "reminder_due",
                    person,
                    f"reminder:{s.pk}:due-{n}:{person.pk}",
                    _context(s, url=self.url("review:detail", s), days=n, due_date=_day(s.due_date)),
                    s,
                )
        return items

    def _item(self, template: str, person, key: str, context: dict, s) -> list[dict]:
        if not person.email:
            return []
        return [
            {
                "template": template,
                "recipient": person,
                "context": context,
                "idempotency_key": key,
                "subject_ref": f"submissions.submission:{s.pk}",
                "office": s.office,
            }
        ]

    def _digests(self, office_pks: list[int]) -> None:
        """One digest per office per day to its coordinators and heads, listing every running clock past
        due; the overdue submissions of all these offices in one query."""
        from submissions.models import Submission

        if not office_pks:
            return
        by_office: dict[int, list] = {}
        overdue = Submission.objects.filter(
            office_id__in=office_pks,
            state__in=RUNNING_STATES,
            decided_at__isnull=True,
            clock_paused_on__isnull=True,
            due_date__lt=self.today,
        ).only("pk", "office_id", "number", "title", "due_date")
        for s in overdue.order_by("office_id", "due_date", "pk"):
            by_office.setdefault(s.office_id, []).append(
                {
                    "number": s.number or "",
                    "title": s.title,
                    "due_date": _day(s.due_date),
                    "url": self.url("review:detail", s),
                }
            )
        items = []
        for office_pk, office_items in by_office.items():
            office = self.offices[office_pk]
            for person in self.staff(office_pk, {Role.COORDINATOR, Role.HEAD}):
                if not person.email:
                    continue
                items.append(
                    {
                        "template": "reminder_overdue_digest",
                        "recipient": person,
                        "context": {
                            "office": office.name,
                            "count": len(office_items),
                            "items": office_items,
                            "today": _day(self.today),
                        },
                        "idempotency_key": f"overdue:{office.pk}:{self.today.isoformat()}:{person.pk}",
                        "subject_ref": f"romantik.office:{office.pk}",
                        "office": office,
                    }
                )
        with transaction.atomic():
            self.queued += message_queue_many(items=items)


def reminders_sweep(*, today: date | None = None) -> int:
    """Queue every reminder due on `today` (default: the office's local date); returns how many were
    queued or found already queued (a second sweep queues no new row)."""
    return _Sweep(today or timezone.localdate()).run()

"""Closing what waits too long (issue 19): the daily sweep (Celery beat, review.tasks.revision_close_sweep_task)
that closes a submission returned for revision and left untouched past its office's limit.

The limit is an office setting, ``Office.revision_close_days`` (calendar days, default 90, as BPS's own system
closes a revision after three months; 0: never), set on /kantor/<code>/pengaturan-layanan/.

Untouched. Every change the agency makes to a returned submission (a section saved, even one that does not pass
its checks yet; a table row; an attachment; the cover letter) bumps ``Submission.updated_at``, and the return
itself pauses the clock on ``clock_paused_on`` (and saves the row); an answer to a reviewer's note is kept on the
note (``SectionNote.addressed_at``). So the revision was last touched on the latest of ``clock_paused_on``,
``updated_at``'s day and the last answer to a note of the round, at the office. Nothing of the sweep is written
to the submission (its markers are the outbox's keys), so the sweep never moves that day itself. An edit moves
it: the count starts again, and so do the warnings (their keys name the day counted from).

The dates, in the office's time zone (``romantik.calendar.office_today``):

* the closing day is the last touch plus the limit in calendar days; if the office is closed that day (a weekend,
  a national holiday of the ``holidays`` package, one of its own closures) the closure waits for its next working
  day, so the agency can still call the office;
* a warning ``warn-30`` and ``warn-7`` to the agency that many days before the closing day (only those shorter
  than the limit); a sweep that missed a day sends the nearest one still ahead (as review/reminders.py does);
* the closure never comes before the day the ``warn-7`` warning announced (its context keeps it as
  ``close_date``): a limit lowered by the office, or a sweep down for a while, first warns (7 days ahead, on a
  working day) and then closes.

Once only: every warning has an idempotency key in the outbox (``revision-close:<pk>:<round>:<day counted from>:
warn-<n>:<person>``), which ``message_queue_many`` skips when already queued, and the closure goes through the one
door (``submissions.workflow.submission_transition`` with no actor: the portal's own step, logged as a
``Transition`` with its reason), which is a no-op on a submission already closed; its notice is keyed once per
submission and round. The submissions are locked in pk order and re-read under the lock, so two sweeps at once
wait for each other and a resubmission or withdrawal made meanwhile wins.

The query reads only revisions whose closing day is at most ``max(WARNING_DAYS)`` days ahead for the office with
the shortest limit (index ``submission_state_updated``), never every revision.
"""

from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext

from notifications.models import Message
from notifications.services import message_queue_many
from romantik.calendar import OfficeCalendar, office_timezone, office_today
from romantik.links import pk_url_pattern
from romantik.models import Office
from submissions.states import State
from submissions.workflow import submission_notify, submission_transition

from .models import SectionNote
from .reminders import _context, _day  # the reminders' message context and date wording

# Days before the closing day on which the agency is warned.
WARNING_DAYS = (30, 7)
BATCH_SIZE = 500


def closing_day(calendar: OfficeCalendar, touched: date, limit: int) -> date:
    """The day a revision last touched on `touched` is closed: `limit` calendar days later, or the office's next
    working day when it is closed that day."""
    day = touched + timedelta(days=limit)
    while not calendar.is_working_day(day):
        day += timedelta(days=1)
    return day


def last_touched(submission, tz, responded: datetime | None = None) -> date:
    """The day the agency last changed the returned submission or answered a reviewer's note of its round
    (`responded`), or else the day it was returned, at the office."""
    days = [timezone.localtime(submission.updated_at, tz).date()]
    if submission.clock_paused_on:
        days.append(submission.clock_paused_on)
    if responded is not None:
        days.append(timezone.localtime(responded, tz).date())
    return max(days)


def _warning_key(submission, touched: date, n: int) -> str:
    return (
        f"revision-close:{submission.pk}:{submission.round}:{touched.isoformat()}:warn-{n}:{submission.created_by_id}"
    )


class _Sweep:
    def __init__(self, today: date | None):
        self.given_today = today
        self.offices = {o.pk: o for o in Office.objects.select_related("region").filter(revision_close_days__gt=0)}
        self.calendars = {pk: OfficeCalendar(o) for pk, o in self.offices.items()}
        self.zones = {pk: office_timezone(o) for pk, o in self.offices.items()}
        self.todays = {pk: today or office_today(o) for pk, o in self.offices.items()}
        self.url = pk_url_pattern("submissions:overview")
        self.warned = self.closed = 0

    def due_pks(self) -> list[int]:
        from submissions.models import Submission

        if not self.offices:
            return []
        # The earliest last touch that can be due for anything on the latest of the offices' days.
        latest = max(self.todays.values())
        shortest = min(o.revision_close_days for o in self.offices.values())
        bound = latest - timedelta(days=shortest - max(WARNING_DAYS) - 1)
        return list(
            Submission.objects.filter(
                state=State.NEEDS_REVISION,
                office_id__in=list(self.offices),
                updated_at__lt=timezone.make_aware(datetime.combine(bound, time.min)),
            )
            .order_by("pk")
            .values_list("pk", flat=True)
        )

    def run(self) -> tuple[int, int]:
        pks = self.due_pks()
        for start in range(0, len(pks), BATCH_SIZE):
            self._batch(pks[start : start + BATCH_SIZE])
        return self.warned, self.closed

    def _batch(self, pks: list[int]) -> None:
        from submissions.models import Submission

        with transaction.atomic():
            locked = list(
                Submission.objects.select_for_update(of=("self",))
                .select_related("agency", "created_by")
                .filter(pk__in=pks, state=State.NEEDS_REVISION)
                .order_by("pk")
            )
            # The agency's last answers to the notes of the round returned (an answer saves the note, not the form).
            responded = {
                (pk, round_): at
                for pk, round_, at in SectionNote.objects.filter(submission__in=[s.pk for s in locked])
                .order_by()
                .values_list("submission_id", "round")
                .annotate(at=Max("addressed_at"))
                .values_list("submission_id", "round", "at")
            }
            plans = []
            for s in locked:
                office = s.office = self.offices[s.office_id]
                touched = last_touched(s, self.zones[office.pk], responded.get((s.pk, s.round)))
                plans.append((s, touched, closing_day(self.calendars[office.pk], touched, office.revision_close_days)))
            # The closing day the last warning of each of these submissions announced, in one query.
            last_keys = [_warning_key(s, touched, min(WARNING_DAYS)) for s, touched, _day in plans]
            announced = {
                key: date.fromisoformat(context["close_date"])
                for key, context in Message.objects.filter(idempotency_key__in=last_keys).values_list(
                    "idempotency_key", "context"
                )
            }
            items, to_close = [], []
            for s, touched, day in plans:
                office, today = s.office, self.todays[s.office_id]
                last = announced.get(_warning_key(s, touched, min(WARNING_DAYS)))
                if today >= day and last is not None:
                    if today >= last:
                        to_close.append((s, touched))
                    continue
                if today >= day:
                    # Never warned with the last warning (a limit lowered, a sweep down): warn now, close later.
                    n, day = min(WARNING_DAYS), closing_day(self.calendars[office.pk], today, min(WARNING_DAYS))
                else:
                    days_left, limit = (day - today).days, (day - touched).days
                    ahead = [n for n in WARNING_DAYS if days_left <= n < limit]
                    if not ahead:
                        continue
                    n = min(ahead)
                days_left = (day - today).days
                items.append(
                    {
                        "template": "revision_close_warning",
                        "recipient": s.created_by,
                        "context": _context(
                            s,
                            since=_day(touched),
                            url=self.url.format(pk=s.pk),
                            days=days_left,
                            close_on=_day(day),
                            close_date=day.isoformat(),
                        ),
                        "idempotency_key": _warning_key(s, touched, n),
                        "subject_ref": f"submissions.submission:{s.pk}",
                        "office": office,
                    }
                )
            if items:
                self.warned += message_queue_many(items=[i for i in items if i["recipient"].email])
            for s, touched in to_close:
                self._close(s, touched)

    def _close(self, s, touched: date) -> None:
        days = (self.todays[s.office_id] - touched).days
        office = s.office

        def after(locked, log):
            locked.office, locked.agency = office, s.agency
            submission_notify(
                locked,
                "submission_closed",
                [s.created_by],
                f"round-{locked.round}",
                since=_day(touched),
                days=days,
                limit=office.revision_close_days,
            )

        note = gettext("Closed by the portal: the revision was left untouched for %(days)s days (limit %(limit)s).") % {
            "days": days,
            "limit": office.revision_close_days,
        }
        _locked, log = submission_transition(submission=s, to=State.CLOSED, actor=None, note=note, after=after)
        self.closed += log is not None


def revision_close_sweep(*, today: date | None = None) -> tuple[int, int]:
    """Warn about, then close, the revisions left untouched past their office's limit, each office on its own
    day (or on `today`, for tests and a catch-up run). Returns (warnings queued or found queued, closures made)."""
    return _Sweep(today).run()

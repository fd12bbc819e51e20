"""Writes of the supervision: the monthly figures of every office, recomputed from the submissions.

`office_months_refresh` is run by Celery beat (`supervision.tasks.office_months_refresh_task`, hourly) and by
`bench/national.py` before it measures. It counts as `review.figures` does (the office's own figures page), so the
two never disagree (tests/supervision/test_refresh.py compares them):

* a decision is a submission with `decided_at`, dated in its office's time zone;
* on time: decided on or before the due date;
* its duration: clock days (`submissions.clock.clock_days` on the office's calendar) from recorded complete to
  the decision, minus the days it waited for each revision (from the return to the resubmission);
* its revision rounds: round − 1;
* tidak layak: decided not feasible (still tidak layak, or issued from tidak layak);
* withdrawn: the agency's withdrawal, dated in the office's time zone;
* closed: the portal's closing of a revision left untouched (ditutup, `review/closing.py`), dated the same way;
  counted on its own, not with the withdrawn (the agency did not choose to stop).

A fixed number of queries whatever the number of offices: the offices, their closed days, the decisions, their
transitions, the withdrawals and closings; then one delete and one bulk insert.
"""

import uuid
from collections import defaultdict

from django.core.cache import cache
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from romantik.calendar import OfficeCalendar, office_timezone
from romantik.models import Office, OfficeClosure
from submissions.clock import decision_clock_days, revision_steps_q
from submissions.models import Submission, Transition
from submissions.states import State

from .models import OfficeMonth, OfficeNow
from .selectors import FIGURES_STAMP_KEY, NOW_COUNTS, Tally, now_figures, office_infos, public_cache_key


def _blank() -> dict:
    return {
        "decided": 0, "on_time": 0, "not_feasible": 0, "revisions": 0, "withdrawn": 0, "closed": 0, "durations": {},
    }  # fmt: skip


def office_months_refresh(*, offices=None) -> int:
    """Recompute the monthly rows of `offices` (a queryset; default every office). Returns the rows written."""
    offices = (offices if offices is not None else Office.objects.all()).select_related("region")
    offices = list(offices.only("pk", "code", "service_time_unit", "region__code"))
    by_pk = {office.pk: office for office in offices}
    closures = defaultdict(set)
    for office_id, day in OfficeClosure.objects.filter(office_id__in=by_pk).values_list("office_id", "date"):
        closures[office_id].add(day)
    calendars = {pk: OfficeCalendar(office, closures=closures[pk]) for pk, office in by_pk.items()}
    zones = {pk: office_timezone(office) for pk, office in by_pk.items()}

    decided = Submission.objects.filter(office_id__in=by_pk, decided_at__isnull=False)
    steps = defaultdict(list)
    not_feasible = set()
    for submission_id, from_state, to_state, at in (
        Transition.objects.filter(submission__in=decided)
        .filter(revision_steps_q() | Q(to_state=State.NOT_FEASIBLE))
        .order_by("submission_id", "at", "pk")
        .values_list("submission_id", "from_state", "to_state", "at")
    ):
        if to_state == State.NOT_FEASIBLE:
            not_feasible.add(submission_id)
        else:
            steps[submission_id].append((from_state, to_state, at))

    months = defaultdict(_blank)
    for pk, office_id, state, recorded_on, due_date, decided_at, round_ in decided.values_list(
        "pk", "office_id", "state", "recorded_complete_on", "due_date", "decided_at", "round"
    ):
        tz, calendar = zones[office_id], calendars[office_id]
        decided_on = decided_at.astimezone(tz).date()
        row = months[office_id, decided_on.replace(day=1)]
        row["decided"] += 1
        row["on_time"] += due_date is not None and decided_on <= due_date
        row["not_feasible"] += state == State.NOT_FEASIBLE or pk in not_feasible
        row["revisions"] += max(0, round_ - 1)
        if recorded_on is not None:
            days = str(
                decision_clock_days(
                    calendar, recorded_on=recorded_on, decided_on=decided_on, steps=steps.get(pk, []), tz=tz
                )
            )
            row["durations"][days] = row["durations"].get(days, 0) + 1

    ended = {State.WITHDRAWN: "withdrawn", State.CLOSED: "closed"}
    for office_id, to_state, at in Transition.objects.filter(
        submission__office_id__in=by_pk, to_state__in=list(ended)
    ).values_list("submission__office_id", "to_state", "at"):
        months[office_id, at.astimezone(zones[office_id]).date().replace(day=1)][ended[to_state]] += 1

    now = timezone.now()
    rows = [
        OfficeMonth(office_id=office_id, month=month, refreshed_at=now, **values)
        for (office_id, month), values in sorted(months.items(), key=lambda item: (item[0][0], item[0][1]))
    ]
    with transaction.atomic():
        OfficeMonth.objects.filter(office_id__in=by_pk).delete()
        OfficeMonth.objects.bulk_create(rows, batch_size=2000)
    # The public page shows the new figures at once rather than after its cache expires.
    years = {month.year for _office, month in months} | {now.year}
    cache.delete_many([public_cache_key("years"), *(public_cache_key(year) for year in years)])
    office_now_refresh()
    return len(rows)


def office_now_refresh() -> int:
    """Count and store every office's figures of now (`OfficeNow`: open work by state, overdue, complaints,
    hand-overs of results), as `selectors.now_figures` counts them: the offices, their closed days, a grouped query
    each for the submissions, complaints and hand-overs; then one delete and one bulk insert. Run by Celery beat
    every few minutes (`supervision.tasks.office_now_refresh_task`) and after the monthly figures. Returns the rows
    written."""
    offices = office_infos(Office.objects.all())
    tallies = {office.pk: Tally() for office in offices}
    now_figures(offices, tallies, every=True)
    at = timezone.now()
    rows = [
        OfficeNow(
            office_id=pk,
            open_by_state=tally.open_by_state,
            refreshed_at=at,
            **{name: getattr(tally, name) for name in NOW_COUNTS},
        )
        for pk, tally in tallies.items()
    ]
    with transaction.atomic():
        OfficeNow.objects.all().delete()
        OfficeNow.objects.bulk_create(rows, batch_size=1000)
    figures_renewed()
    return len(rows)


def figures_renewed() -> None:
    """A new stamp of the stored figures (`selectors.figures_stamp`), once they are written: every table and list
    of years kept under the old one is stale. `office_months_refresh` ends with `office_now_refresh`, so both
    refreshes renew it. Set after the commit, so a page that reads the new stamp reads the new rows."""
    cache.set(FIGURES_STAMP_KEY, uuid.uuid4().hex, None)

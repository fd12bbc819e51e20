"""The service clock on the real 2026-2027 Indonesian calendar (the `holidays` package), counted by hand.

2027 around Lebaran: 8 Mar (Mon) Nyepi, 9 Mar cuti bersama, 10-11 Mar Idulfitri, 12 Mar and 15 Mar (Mon)
cuti bersama, 25 Mar cuti bersama and 26 Mar Good Friday. Christmas 2026: 24 Dec (Thu) cuti bersama,
25 Dec (Fri) Christmas. 17 Aug 2027 (Tue) Independence Day. July 2027 has no holiday.
"""

from contextlib import contextmanager
from datetime import date, datetime
from unittest.mock import patch

import pytest
from django.utils import timezone

from notifications.models import Message
from review import services
from romantik.calendar import OfficeCalendar, national_holidays
from romantik.enums import ServiceTimeUnit
from romantik.models import OfficeClosure
from submissions.clock import clock_due_date, clock_resumed_due_date, clock_status
from submissions.models import Submission
from submissions.services import submission_submit
from submissions.states import State
from tests.factories import OfficeFactory

_real_localdate = timezone.localdate


@contextmanager
def today_is(day: date):
    """Time travel for the services: `timezone.localdate()` answers `day` (Django's clock, not our code)."""

    def localdate(value=None, timezone=None):
        return day if value is None else _real_localdate(value, timezone)

    with patch("django.utils.timezone.localdate", side_effect=localdate):
        yield


def working_days_office(**kwargs):
    return OfficeFactory(service_time_amount=30, service_time_unit=ServiceTimeUnit.WORKING_DAYS, **kwargs)


def calendar_days_office(**kwargs):
    return OfficeFactory(service_time_amount=15, service_time_unit=ServiceTimeUnit.CALENDAR_DAYS, **kwargs)


def test_the_calendar_has_the_2027_lebaran_and_2026_christmas_days_off():
    days_off = set(national_holidays(2027)) | set(national_holidays(2026))
    for day in ("2027-03-08", "2027-03-09", "2027-03-10", "2027-03-11", "2027-03-12", "2027-03-15"):
        assert date.fromisoformat(day) in days_off, day
    for day in ("2027-03-25", "2027-03-26", "2026-12-24", "2026-12-25", "2027-08-17"):
        assert date.fromisoformat(day) in days_off, day
    assert date(2027, 3, 16) not in days_off and date(2026, 12, 23) not in days_off
    assert not [d for d in days_off if d.year == 2027 and d.month == 7]


# --- the due date ----------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_due_date_of_a_working_days_office_skips_lebaran_and_weekends():
    # Started Mon 1 Mar 2027: 2-5 Mar = days 1-4; 8-12 and 15 Mar are off; 16-19 = 5-8, 22-24 = 9-11;
    # 25-26 Mar off; 29 Mar-2 Apr = 12-16, 5-9 Apr = 17-21, 12-16 Apr = 22-26, 19-22 Apr = 27-30.
    assert clock_due_date(office=working_days_office(), started_on=date(2027, 3, 1)) == date(2027, 4, 22)


@pytest.mark.django_db
def test_due_date_of_a_working_days_office_started_on_a_holiday():
    # Started on Idulfitri (Wed 10 Mar 2027): day 1 is Tue 16 Mar; 16-19 = 1-4, 22-24 = 5-7, 29 Mar-2 Apr = 8-12,
    # 5-9 Apr = 13-17, 12-16 Apr = 18-22, 19-23 Apr = 23-27, 26-28 Apr = 28-30.
    assert clock_due_date(office=working_days_office(), started_on=date(2027, 3, 10)) == date(2027, 4, 28)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "started, due",
    [
        ("2027-03-01", "2027-03-16"),  # Lebaran counts: 15 calendar days
        ("2027-03-05", "2027-03-20"),  # may end on a Saturday
        ("2026-12-20", "2027-01-04"),  # across Christmas and the new year
    ],
)
def test_due_date_of_a_calendar_days_office_counts_every_day(started, due):
    office = calendar_days_office()
    assert clock_due_date(office=office, started_on=date.fromisoformat(started)) == date.fromisoformat(due)


@pytest.mark.django_db
def test_due_date_skips_a_closure_of_the_office():
    office = working_days_office()
    OfficeClosure.objects.create(office=office, date=date(2027, 4, 7), reason="Pemadaman listrik")
    # As above (22 Apr) with Wed 7 Apr closed: one working day later.
    assert clock_due_date(office=office, started_on=date(2027, 3, 1)) == date(2027, 4, 23)
    # Another office does not close that day.
    assert clock_due_date(office=working_days_office(), started_on=date(2027, 3, 1)) == date(2027, 4, 22)


# --- pausing while the agency revises -------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    "paused, resumed, due, moved_to",
    [
        # Paused Wed 3 Mar 2027, resumed Wed 17 Mar: lost 4, 5, 16 and 17 Mar (not the six days off);
        # due Thu 22 Apr + 4 working days = 23, 26, 27, 28 Apr.
        ("2027-03-03", "2027-03-17", "2027-04-22", "2027-04-28"),
        # Paused Fri 5 Mar, resumed Tue 16 Mar: only 16 Mar was a working day.
        ("2027-03-05", "2027-03-16", "2027-04-22", "2027-04-23"),
        # Paused Wed 23 Dec 2026, resumed Mon 28 Dec: 24 (cuti), 25 (Christmas), 26-27 weekend; 28 lost.
        ("2026-12-23", "2026-12-28", "2027-01-18", "2027-01-19"),
        # Across Easter 2027: paused Wed 24 Mar, resumed Mon 29 Mar; 25-26 Mar off; 29 Mar lost.
        ("2027-03-24", "2027-03-29", "2027-04-22", "2027-04-23"),
        # A moved due date skips holidays too: due Fri 13 Aug 2027, 2 days lost -> 16 Aug, 18 Aug (17 Aug off).
        ("2027-07-05", "2027-07-07", "2027-08-13", "2027-08-18"),
        # Paused and resumed the same day: nothing moves.
        ("2027-03-03", "2027-03-03", "2027-04-22", "2027-04-22"),
    ],
)
def test_pause_moves_the_due_date_by_the_working_days_lost(paused, resumed, due, moved_to):
    moved = clock_resumed_due_date(
        office=working_days_office(),
        due_date=date.fromisoformat(due),
        paused_on=date.fromisoformat(paused),
        resumed_on=date.fromisoformat(resumed),
    )
    assert moved == date.fromisoformat(moved_to)


@pytest.mark.django_db
def test_pause_of_a_calendar_days_office_moves_the_due_date_by_the_calendar_days_lost():
    office = calendar_days_office()
    args = {"office": office, "due_date": date(2027, 1, 4), "paused_on": date(2026, 12, 23)}
    assert clock_resumed_due_date(**args, resumed_on=date(2026, 12, 28)) == date(2027, 1, 9)
    assert clock_resumed_due_date(**args, resumed_on=date(2026, 12, 23)) == date(2027, 1, 4)


@pytest.mark.django_db
def test_pause_does_not_count_a_closure_as_lost():
    office = working_days_office()
    OfficeClosure.objects.create(office=office, date=date(2027, 7, 7), reason="Rapat kerja")
    # Paused Mon 5 Jul, resumed Mon 12 Jul: lost 6, 8, 9, 12 Jul (7 Jul closed) -> 4 working days after 12 Aug:
    # 13, 16, 18, 19 Aug (17 Aug off).
    moved = clock_resumed_due_date(
        office=office, due_date=date(2027, 8, 12), paused_on=date(2027, 7, 5), resumed_on=date(2027, 7, 12)
    )
    assert moved == date(2027, 8, 19)


# --- where the clock stands ---------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    "today, days_left, due_soon, overdue",
    [
        ("2027-04-16", 4, False, False),  # Fri: 19, 20, 21, 22 Apr left
        ("2027-04-19", 3, True, False),
        ("2027-04-22", 0, True, False),  # the last day
        ("2027-04-23", -1, False, True),
        ("2027-04-26", -2, False, True),  # the weekend does not count
    ],
)
def test_clock_status_days_left_due_soon_and_overdue(today, days_left, due_soon, overdue):
    submission = Submission(office=working_days_office(), due_date=date(2027, 4, 22))
    status = clock_status(submission, today=date.fromisoformat(today))
    assert (status.days_left, status.due_soon, status.overdue, status.paused, status.stopped) == (
        days_left,
        due_soon,
        overdue,
        False,
        False,
    )


@pytest.mark.django_db
def test_clock_status_counts_working_days_across_lebaran():
    submission = Submission(office=working_days_office(), due_date=date(2027, 3, 16))
    status = clock_status(submission, today=date(2027, 3, 5))  # 11 calendar days, 1 working day (16 Mar)
    assert (status.days_left, status.due_soon) == (1, True)
    submission = Submission(office=calendar_days_office(), due_date=date(2027, 3, 16))
    status = clock_status(submission, today=date(2027, 3, 5))
    assert (status.days_left, status.due_soon) == (11, False)


@pytest.mark.django_db
def test_clock_status_paused_counts_from_the_pause():
    submission = Submission(office=working_days_office(), due_date=date(2027, 4, 22), clock_paused_on=date(2027, 4, 16))
    status = clock_status(submission, today=date(2027, 6, 30))
    assert (status.paused, status.days_left, status.overdue, status.stopped) == (True, 4, False, False)


@pytest.mark.django_db
def test_clock_status_stopped_by_the_decision_is_never_overdue():
    submission = Submission(
        office=working_days_office(),
        due_date=date(2027, 4, 22),
        decided_at=timezone.make_aware(datetime(2027, 4, 20, 10, 0)),
    )
    status = clock_status(submission, today=date(2027, 6, 30))
    assert (status.stopped, status.days_left, status.overdue, status.due_soon, status.paused) == (
        True,
        None,
        False,
        False,
        False,
    )


@pytest.mark.django_db
def test_clock_status_before_the_clock_starts():
    status = clock_status(Submission(office=working_days_office()), today=date(2027, 3, 1))
    assert (status.due_date, status.days_left, status.paused, status.stopped, status.overdue) == (
        None,
        None,
        False,
        False,
        False,
    )


# --- through the services -------------------------------------------------------------------------------


def test_clock_through_the_services_pauses_across_lebaran(office_world):
    w = office_world
    assert w["office"].works_in_working_days and w["office"].service_time_amount == 30
    with today_is(date(2027, 2, 15)):  # Monday
        s = services.review_accept(submission=w["submission"], actor=w["front_desk"])
    # 16-19 Feb = 1-4, 22-26 Feb = 5-9, 1-5 Mar = 10-14, (8-15 Mar off), 16-19 Mar = 15-18, 22-24 Mar = 19-21,
    # (25-26 Mar off), 29 Mar-2 Apr = 22-26, 5-8 Apr = 27-30.
    assert (s.recorded_complete_on, s.due_date) == (date(2027, 2, 15), date(2027, 4, 8))
    accepted = Message.objects.get(template="submission_accepted", subject_ref=f"submissions.submission:{s.pk}")
    assert accepted.context["due_date"] == "8 April 2027"

    with today_is(date(2027, 3, 3)):  # Wednesday before Nyepi and Lebaran
        services.note_add(submission=s, section="3", text="Jadwal?", actor=w["coordinator"])
        s = services.review_return_for_revision(submission=s, actor=w["coordinator"])
    assert (s.state, s.clock_paused_on, s.due_date) == (State.NEEDS_REVISION, date(2027, 3, 3), date(2027, 4, 8))
    # While paused, the days left stay where they were on the day of the pause: 4-5 Mar, 16-19, 22-24 Mar,
    # 29 Mar-2 Apr, 5-8 Apr = 18.
    status = clock_status(s, today=date(2027, 3, 20))
    assert (status.paused, status.days_left) == (True, 18)

    with today_is(date(2027, 3, 17)):  # Wednesday after Lebaran: lost 4, 5, 16 and 17 Mar
        s = submission_submit(submission=s, actor=w["agency"])
    assert (s.round, s.clock_paused_on, s.due_date) == (2, None, date(2027, 4, 14))  # 9, 12, 13, 14 Apr

    with today_is(date(2027, 3, 18)):  # accepting round 2 neither restarts nor moves the clock
        s = services.review_accept(submission=s, actor=w["reviewer"])
    assert (s.recorded_complete_on, s.due_date) == (date(2027, 2, 15), date(2027, 4, 14))
    status = clock_status(s, today=date(2027, 4, 9))
    assert (status.days_left, status.due_soon, status.overdue) == (3, True, False)

    s = services.review_decide(submission=s, actor=w["coordinator"], decision=State.FEASIBLE, text="Saran.")
    status = clock_status(s, today=date(2027, 5, 3))
    assert (status.stopped, status.overdue, status.days_left) == (True, False, None)


@pytest.mark.parametrize(
    "resumed, due",
    [
        # Accepted Thu 1 Jul 2027: 2 Jul = 1, 5-30 Jul = 2-21, 2-6 Aug = 22-26, 9-12 Aug = 27-30. Paused Mon 5 Jul.
        ("2027-07-05", "2027-08-12"),  # the same day: 0 lost
        ("2027-07-06", "2027-08-13"),  # 1 working day later
        ("2027-07-12", "2027-08-20"),  # 5 later: 13, 16, 18, 19, 20 Aug (17 Aug off)
        ("2027-07-19", "2027-08-27"),  # 10 later: ... 23, 24, 25, 26, 27 Aug
    ],
)
def test_resubmitting_n_working_days_later_moves_the_due_date_by_n(office_world, resumed, due):
    w = office_world
    with today_is(date(2027, 7, 1)):
        s = services.review_accept(submission=w["submission"], actor=w["front_desk"])
    assert s.due_date == date(2027, 8, 12)
    with today_is(date(2027, 7, 5)):
        services.note_add(submission=s, section="4", text="Frekuensi?", actor=w["coordinator"])
        s = services.review_return_for_revision(submission=s, actor=w["coordinator"])
    resumed_on = date.fromisoformat(resumed)
    lost = OfficeCalendar(w["office"]).working_days_between(date(2027, 7, 5), resumed_on)
    with today_is(resumed_on):
        s = submission_submit(submission=s, actor=w["agency"])
    assert s.due_date == date.fromisoformat(due)
    assert OfficeCalendar(w["office"]).working_days_between(date(2027, 8, 12), s.due_date) == lost


def test_clock_through_the_services_for_a_calendar_days_office(office_world):
    w = office_world
    office = w["office"]
    office.service_time_amount, office.service_time_unit = 15, ServiceTimeUnit.CALENDAR_DAYS
    office.save()
    with today_is(date(2027, 3, 1)):
        s = services.review_accept(submission=w["submission"], actor=w["front_desk"])
    assert s.due_date == date(2027, 3, 16)
    with today_is(date(2027, 3, 3)):
        services.note_add(submission=s, section="3", text="Jadwal?", actor=w["coordinator"])
        s = services.review_return_for_revision(submission=s, actor=w["coordinator"])
    with today_is(date(2027, 3, 10)):  # seven calendar days, holidays included
        s = submission_submit(submission=s, actor=w["agency"])
    assert s.due_date == date(2027, 3, 23)

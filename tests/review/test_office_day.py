"""The day at the office: Indonesia has three time zones, and a clock started, paused or resumed, a letter dated
or a queue number drawn late in the evening belongs to the office's own day (WIB, WITA, WIT), not Jakarta's."""

import datetime

import pytest
from django.utils import timezone

from review.services import note_add, review_accept, review_return_for_revision
from romantik.calendar import office_today
from romantik.enums import Role
from submissions.enums import GuestPurpose
from submissions.frontdesk import guest_register
from submissions.services import submission_submit
from submissions.states import State
from tests.factories import (
    AgencyFactory,
    OfficeFactory,
    RegionFactory,
    agency_user,
    fill_complete,
    staff,
    submission_for,
)

# Monday 23 November 2026, 15:30 UTC: 22:30 in Jakarta (WIB), 23:30 in Banjarmasin (WITA), and already
# Tuesday 24 November, 00:30, in Jayapura (WIT).
EVENING = datetime.datetime(2026, 11, 23, 15, 30, tzinfo=datetime.UTC)
MONDAY, TUESDAY = datetime.date(2026, 11, 23), datetime.date(2026, 11, 24)


@pytest.fixture
def evening(monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: EVENING)


def _office(code):
    province = RegionFactory(code=code[:2], level="provinsi")
    return OfficeFactory(code=code, region=RegionFactory(code=code, level="kabkota", parent=province))


@pytest.mark.parametrize(("code", "day"), [("6202", MONDAY), ("6371", MONDAY), ("9471", TUESDAY)])
def test_today_is_the_offices_own_day(db, evening, code, day):
    assert office_today(_office(code)) == day


def test_a_clock_started_after_midnight_in_jayapura_starts_on_the_jayapura_day(db, evening):
    office = _office("9471")
    user = agency_user(AgencyFactory(region=office.region))
    submission = submission_submit(submission=fill_complete(submission_for(user)), actor=user)
    assert submission.office == office
    coordinator = staff(office, Role.COORDINATOR)
    accepted = review_accept(submission=submission, actor=staff(office, Role.FRONT_DESK))
    assert accepted.recorded_complete_on == TUESDAY
    note_add(submission=accepted, section="3", text="Jadwal terlalu singkat.", actor=coordinator)
    returned = review_return_for_revision(submission=accepted, actor=coordinator)
    assert (returned.state, returned.clock_paused_on) == (State.NEEDS_REVISION, TUESDAY)


def test_the_queue_number_of_a_late_visitor_is_drawn_on_the_offices_day(db, evening):
    office = _office("9471")
    entry = guest_register(
        office=office,
        actor=staff(office, Role.FRONT_DESK),
        name="Yohanes",
        email="yohanes@example.go.id",
        phone="0812-0000-1111",
        purpose=GuestPurpose.RECOMMENDATION,
        agency_name="Dinas Pendidikan",
    )
    assert entry.visit_date == TUESDAY

"""A resumed clock counts the days the agency took in the unit of the service standard in force when the
submission was recorded complete, not in the office's current unit (issue 18: "the clock of a submission uses
the version in force when it was recorded complete").

The office served in 30 working days (version 1, from 1 Jan 2026) and changed to 15 calendar days from 1 Jul 2027
(version 2, now mirrored on the office). A submission recorded complete on 1 Mar 2027 runs on version 1: paused
Mon 5 Jul 2027, resumed Mon 12 Jul 2027 (no holiday in July 2027), it lost 5 working days (6, 7, 8, 9, 12 Jul),
not 7 calendar days: due Thu 12 Aug + 5 working days = 13, 16, 18, 19, 20 Aug (17 Aug off) → 20 Aug."""

from datetime import date
from unittest.mock import patch

import pytest

from review import services
from romantik.enums import ServiceTimeUnit
from romantik.models import ServiceStandard
from submissions.clock import clock_resumed_due_date
from submissions.models import Submission
from submissions.services import submission_submit
from submissions.states import State
from tests.factories import OfficeFactory, world_build

pytestmark = pytest.mark.django_db


def _two_versions(office):
    """Version 1: 30 working days from 1 Jan 2026; version 2: 15 calendar days from 1 Jul 2027 (the office's
    fields mirror the version in force now, the second)."""
    ServiceStandard.objects.create(
        office=office, version=1, effective_from=date(2026, 1, 1), service_time_amount=30,
        service_time_unit=ServiceTimeUnit.WORKING_DAYS,
    )  # fmt: skip
    ServiceStandard.objects.create(
        office=office, version=2, effective_from=date(2027, 7, 1), service_time_amount=15,
        service_time_unit=ServiceTimeUnit.CALENDAR_DAYS,
    )  # fmt: skip
    office.service_time_amount, office.service_time_unit = 15, ServiceTimeUnit.CALENDAR_DAYS
    office.save(update_fields=["service_time_amount", "service_time_unit"])
    return office


PAUSE = {"due_date": date(2027, 8, 12), "paused_on": date(2027, 7, 5), "resumed_on": date(2027, 7, 12)}


def test_the_days_lost_are_counted_in_the_unit_of_the_version_in_force_when_recorded_complete():
    office = _two_versions(OfficeFactory())
    # Recorded complete under version 1 (working days): 5 working days lost.
    assert clock_resumed_due_date(office=office, started_on=date(2027, 3, 1), **PAUSE) == date(2027, 8, 20)
    # Recorded complete under version 2 (calendar days): 7 days lost.
    assert clock_resumed_due_date(office=office, started_on=date(2027, 7, 2), **PAUSE) == date(2027, 8, 19)
    # Without a start (as callers before issue 18), the office's current unit: calendar days.
    assert clock_resumed_due_date(office=office, **PAUSE) == date(2027, 8, 19)


def test_a_resubmission_resumes_the_clock_in_the_unit_of_its_version():
    w = world_build(submission=True)
    s = services.review_accept(submission=w["submission"], actor=w["front_desk"])
    services.note_add(submission=s, section="3", text="Jadwal terlalu singkat.", actor=w["coordinator"])
    s = services.review_return_for_revision(submission=s, actor=w["coordinator"])
    _two_versions(s.office)
    Submission.objects.filter(pk=s.pk).update(
        recorded_complete_on=date(2027, 3, 1), due_date=PAUSE["due_date"], clock_paused_on=PAUSE["paused_on"]
    )
    with patch("submissions.services.office_today", return_value=PAUSE["resumed_on"]):
        s = submission_submit(submission=Submission.objects.get(pk=s.pk), actor=w["agency"])
    assert (s.state, s.recorded_complete_on, s.due_date) == (State.IN_REVIEW, date(2027, 3, 1), date(2027, 8, 20))

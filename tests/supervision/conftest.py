"""A small world with every figure of the supervision page set by hand (dates as in tests/review/test_figures.py).

Kalimantan Tengah's province office 6200 supervises 6202 and 6203 (world_build's two regencies).

| row | office | state        | recorded   | due    | decided (WIB)     | revision       | days, on time        |
| S1  | 6202   | surat terbit | 1 Oct 2026 | 15 Oct | 14 Oct 10:00      |                | 9, on time           |
| S2  | 6202   | layak        | 5 Oct 2026 | 16 Oct | 17 Oct 00:30 (Sa) |                | 9, late              |
| S3  | 6202   | tidak layak  | 1 Sep 2026 | 20 Oct | 20 Oct 10:00      | 10 → 17 Sep: 5 | 35 − 5 = 30, on time |
| S4  | 6202   | layak        | 2 Nov 2026 | 10 Nov | 12 Nov 10:00      |                | 8 − 1 closed = 7, late |
| S5  | 6202   | surat terbit | 2 Jun 2025 | 20 Jun | 10 Jun 10:00      |                | 4, on time (2025)    |
| S6  | 6203   | layak        | 1 Oct 2026 | 2 Oct  | 30 Oct 10:00      |                | 21, late             |

Also in 6202: withdrawn in October 2026 (W), submitted and overdue, in review and not yet due, needs revision, a
draft; two survey answers in October 2026 (all 4s, all 3s: IKM 87.50, B); complaints: open and past due, open and
not due, resolved.
"""

import datetime

import pytest
from django.utils import timezone

from complaints.enums import Status
from complaints.models import Complaint
from romantik.enums import OfficeLevel, Role
from romantik.models import Office, OfficeClosure
from satisfaction.enums import Source
from satisfaction.models import SurveyResponse
from submissions.models import Transition
from submissions.states import State
from tests.factories import OfficeFactory, staff, submission_for, world_build

UTC = datetime.UTC
D = datetime.date


def at(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=UTC)


def decided(user, office, *, state, recorded, due, decided_at, pauses=()):
    s = submission_for(user)
    s.office, s.state, s.recorded_complete_on, s.due_date, s.decided_at = office, state, recorded, due, decided_at
    s.round = 1 + len(pauses)
    s.number = f"{office.code}-2026-{s.pk:05d}"
    s.save()
    for paused_at, resumed_at in pauses:
        for from_state, to_state, when in (
            (State.IN_REVIEW, State.NEEDS_REVISION, paused_at),
            (State.NEEDS_REVISION, State.IN_REVIEW, resumed_at),
        ):
            t = Transition.objects.create(submission=s, from_state=from_state, to_state=to_state)
            Transition.objects.filter(pk=t.pk).update(at=when)
    if state == State.NOT_FEASIBLE:
        t = Transition.objects.create(submission=s, from_state=State.IN_REVIEW, to_state=State.NOT_FEASIBLE)
        Transition.objects.filter(pk=t.pk).update(at=decided_at)
    return s


def opened(user, office, state, *, due=None):
    s = submission_for(user)
    s.office, s.state, s.due_date = office, state, due
    if due is not None:
        s.recorded_complete_on = due - datetime.timedelta(days=40)
    s.save()
    return s


def complaint(office, n, *, status, due):
    return Complaint.objects.create(
        number=f"ADU-{office.code}-2026-{n:05d}",
        office=office,
        category="lainnya",
        status=status,
        description="Lambat.",
        contact_name="Warga",
        contact_email="warga@example.com",
        first_response_due=due,
        resolution_due=due,
        first_response_at=timezone.now(),
    )


def supervision_world_build() -> dict:
    w = world_build()
    province_office = OfficeFactory(
        code="6200", level=OfficeLevel.PROVINCE, region=w["province"], name="BPS Provinsi Kalimantan Tengah"
    )
    Office.objects.filter(code__in=["6202", "6203"]).update(parent=province_office)
    w["province_office"] = province_office
    w["province_reviewer"] = staff(province_office, Role.REVIEWER)
    w["central_reviewer"] = staff(w["central"], Role.REVIEWER)
    office, other, user = w["office"], w["other_office"], w["agency"]
    OfficeClosure.objects.create(office=office, date=D(2026, 11, 4), reason="Pemadaman listrik")
    w["S1"] = decided(
        user, office, state=State.ISSUED, recorded=D(2026, 10, 1), due=D(2026, 10, 15), decided_at=at(2026, 10, 14, 3)
    )
    w["S2"] = decided(
        user, office, state=State.FEASIBLE, recorded=D(2026, 10, 5), due=D(2026, 10, 16),
        decided_at=at(2026, 10, 16, 17, 30),
    )  # fmt: skip
    w["S3"] = decided(
        user, office, state=State.NOT_FEASIBLE, recorded=D(2026, 9, 1), due=D(2026, 10, 20),
        decided_at=at(2026, 10, 20, 3), pauses=[(at(2026, 9, 10, 2), at(2026, 9, 17, 2))],
    )  # fmt: skip
    w["S4"] = decided(
        user, office, state=State.FEASIBLE, recorded=D(2026, 11, 2), due=D(2026, 11, 10), decided_at=at(2026, 11, 12, 3)
    )
    w["S5"] = decided(
        user, office, state=State.ISSUED, recorded=D(2025, 6, 2), due=D(2025, 6, 20), decided_at=at(2025, 6, 10, 3)
    )
    w["S6"] = decided(
        user, other, state=State.FEASIBLE, recorded=D(2026, 10, 1), due=D(2026, 10, 2), decided_at=at(2026, 10, 30, 3)
    )
    withdrawn = opened(user, office, State.WITHDRAWN)
    t = Transition.objects.create(submission=withdrawn, from_state=State.IN_REVIEW, to_state=State.WITHDRAWN)
    Transition.objects.filter(pk=t.pk).update(at=at(2026, 10, 5, 3))
    today = timezone.localdate()
    opened(user, office, State.SUBMITTED, due=today - datetime.timedelta(days=20))  # overdue
    opened(user, office, State.IN_REVIEW, due=today + datetime.timedelta(days=20))
    opened(user, office, State.NEEDS_REVISION)
    opened(user, office, State.DRAFT)
    for score in (4, 3):
        SurveyResponse.objects.create(
            office=office, source=Source.PAPER, answered_on=D(2026, 10, 8), **{f"u{i}": score for i in range(1, 10)}
        )
    complaint(office, 1, status=Status.IN_PROGRESS, due=today - datetime.timedelta(days=3))
    complaint(office, 2, status=Status.RECEIVED, due=today + datetime.timedelta(days=3))
    complaint(office, 3, status=Status.RESOLVED, due=today - datetime.timedelta(days=30))
    return w


@pytest.fixture
def supervision_world(db):
    from supervision.services import office_months_refresh

    w = supervision_world_build()
    office_months_refresh()
    return w

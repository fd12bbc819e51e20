"""The office admin's list pages cost the same queries whatever their length (issue 18: numbers that scale): the
staff list, the office's history, its agencies and its hand-overs of results, each asked for at two sizes of the
same kinds of rows (one of each, then eight). Measured when written: staff 9 (8 with nobody deactivated),
history 11, agencies 9, hand-overs 8 then; the hand-overs' page now reads each row's items (see its mark)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from handover.enums import HandOverState
from handover.models import HandOver
from letters.models import Letter
from romantik.enums import OfficeLevel, Role
from romantik.models import Region
from romantik.staff import staff_deactivate, staff_roles_set
from submissions.states import State
from tests.factories import AgencyFactory, OfficeFactory, RegionFactory, agency_user, staff, submission_for

pytestmark = pytest.mark.django_db
SMALL, LARGE = 1, 8


def _office(code: str, n: int) -> dict:
    """An office with `n` of each kind of row: staff (and one deactivated), agencies listed and proposed,
    changes in its history, and issued submissions with a hand-over each."""
    province = Region.objects.filter(code="62").first() or RegionFactory(code="62", name="KALIMANTAN TENGAH")
    region = RegionFactory(code=code, name=f"KABUPATEN {code}", level="kabkota", parent=province)
    office = OfficeFactory(code=code, region=region, name=f"BPS Kabupaten {code}")
    admin = staff(office, Role.OFFICE_ADMIN)
    people = [staff(office, Role.REVIEWER) for _ in range(n)]
    for person in people:  # a change each in the history: a role given
        staff_roles_set(office=office, actor=admin, user=person, roles=[Role.REVIEWER, Role.FRONT_DESK])
    leaver = staff(office, Role.FRONT_DESK)
    staff_deactivate(office=office, actor=admin, user=leaver)
    agencies = [AgencyFactory(name=f"Dinas {code} {i}", region=region) for i in range(n)]
    for i in range(n):
        AgencyFactory(name=f"Usulan {code} {i}", region=region, verified=False, proposed_by=agency_user(agencies[0]))
    user = agency_user(agencies[0])
    today = timezone.localdate()
    for i in range(n):
        s = submission_for(user, title=f"Survei {code} {i}")
        s.office, s.state = office, State.ISSUED
        s.save(update_fields=["office", "state"])
        letter = Letter.objects.create(
            submission=s, office=office, signer_office=office, decision=State.FEASIBLE, subject="Rekomendasi"
        )
        HandOver.objects.create(
            submission=s, letter=letter, period=f"2026-{i + 1:02d}", due_date=today - datetime.timedelta(days=i),
            state=[HandOverState.DUE, HandOverState.SUBMITTED, HandOverState.RECEIVED][i % 3],
        )  # fmt: skip
    return {"office": office, "admin": admin}


@pytest.fixture
def two_offices(db):
    OfficeFactory(code="0000", level=OfficeLevel.CENTRAL, name="BPS RI")
    return _office("6202", SMALL), _office("6203", LARGE)


def _count(client, user, url) -> int:
    client.force_login(user)
    client.get(url)  # warm: the first request of a session may read more
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


@pytest.mark.parametrize(
    "name",
    [
        "office_staff",
        "office_history",
        "office_agencies",
        "handover:office",
    ],
)
def test_the_page_costs_the_same_queries_for_one_row_and_eight(client, two_offices, name):
    small, large = two_offices
    counts = []
    for world in (small, large):
        url = reverse(name, kwargs={"code": world["office"].code})
        counts.append(_count(client, world["admin"], url))
    assert counts[0] == counts[1], f"{name}: {counts[0]} queries for one row of each kind, {counts[1]} for eight"

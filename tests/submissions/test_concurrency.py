"""Concurrent submits on PostgreSQL: numbers never repeat or skip, a double click submits once."""

import threading

import pytest
from django.db import connection

from submissions.models import Submission
from submissions.services import submission_submit
from submissions.states import State
from tests.conftest import close_other_db_sessions
from tests.factories import AgencyFactory, OfficeFactory, RegionFactory, agency_user, fill_complete, submission_for

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _run_at_once(calls):
    barrier = threading.Barrier(len(calls))
    errors = []

    def run(call):
        try:
            barrier.wait(timeout=10)
            call()
        except Exception as exc:  # noqa: BLE001 - surfaced by the assertion below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    close_other_db_sessions()
    return errors


@pytest.fixture
def user(uses_postgres):
    OfficeFactory(code="0000", level="pusat", name="BPS RI")
    province = RegionFactory(code="62", name="KALIMANTAN TENGAH")
    regency = RegionFactory(code="6202", name="KABUPATEN KOTAWARINGIN TIMUR", level="kabkota", parent=province)
    OfficeFactory(code="6202", region=regency)
    return agency_user(AgencyFactory(region=regency))


def test_six_submits_at_once_get_numbers_one_to_six(user):
    submissions = [fill_complete(submission_for(user)) for _ in range(6)]
    errors = _run_at_once([lambda s=s: submission_submit(submission=s, actor=user) for s in submissions])
    assert errors == []
    numbers = sorted(int(n.rsplit("-", 1)[1]) for n in Submission.objects.values_list("number", flat=True))
    assert numbers == [1, 2, 3, 4, 5, 6]


def test_double_click_submits_once(user):
    submission = fill_complete(submission_for(user))
    errors = _run_at_once([lambda: submission_submit(submission=submission, actor=user)] * 2)
    assert errors == []
    submission.refresh_from_db()
    assert submission.state == State.SUBMITTED
    assert submission.transitions.count() == 1
    assert submission.number.endswith("-00001")

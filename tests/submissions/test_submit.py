import pytest

from review.enums import State
from submissions.completeness import missing_count, submission_completeness
from submissions.services import submission_submit
from tests.factories import AgencyFactory, OfficeFactory, RegionFactory, agency_user, fill_complete, submission_for


@pytest.fixture
def setting(db):
    central = OfficeFactory(code="0000", level="pusat", name="BPS RI")
    province = RegionFactory(code="62", name="KALIMANTAN TENGAH")
    regency = RegionFactory(code="6202", name="KABUPATEN KOTAWARINGIN TIMUR", level="kabkota", parent=province)
    office = OfficeFactory(code="6202", region=regency, name="BPS Kabupaten Kotawaringin Timur")
    agency = AgencyFactory(name="Dinas Kesehatan", region=regency)
    return {"central": central, "office": office, "agency": agency, "user": agency_user(agency)}


def test_complete_fs3_has_nothing_missing(setting):
    submission = fill_complete(submission_for(setting["user"]))
    statuses = submission_completeness(submission)
    assert [(s.section.key, s.missing) for s in statuses if s.missing] == []
    assert missing_count(statuses) == 0


def test_submit_assigns_number_and_routes(setting):
    submission = fill_complete(submission_for(setting["user"]))
    submitted = submission_submit(submission=submission, actor=setting["user"])
    assert submitted.state == State.SUBMITTED
    assert submitted.number.startswith("6202-")
    assert submitted.office == setting["office"]

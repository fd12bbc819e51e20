import pytest

from romantik.enums import Role
from tests.factories import (
    AgencyFactory,
    OfficeFactory,
    RegionFactory,
    agency_user,
    fill_complete,
    staff,
    submission_for,
)


@pytest.fixture
def office_world(db):
    """BPS RI, one regency office with every role, a second office, an agency with a user,
    and a complete FS3 submitted by that user."""
    from submissions.services import submission_submit

    central = OfficeFactory(code="0000", level="pusat", name="BPS RI")
    province = RegionFactory(code="62", name="KALIMANTAN TENGAH")
    regency = RegionFactory(code="6202", name="KABUPATEN KOTAWARINGIN TIMUR", level="kabkota", parent=province)
    other_regency = RegionFactory(code="6203", name="KABUPATEN KAPUAS", level="kabkota", parent=province)
    office = OfficeFactory(code="6202", region=regency, name="BPS Kabupaten Kotawaringin Timur")
    other_office = OfficeFactory(code="6203", region=other_regency, name="BPS Kabupaten Kapuas")
    agency = AgencyFactory(name="Dinas Kesehatan", region=regency)
    user = agency_user(agency)
    people = {
        "agency": user,
        "other_agency": agency_user(AgencyFactory(name="Dinas Lain", region=regency)),
        "front_desk": staff(office, Role.FRONT_DESK),
        "reviewer": staff(office, Role.REVIEWER),
        "reviewer2": staff(office, Role.REVIEWER),
        "coordinator": staff(office, Role.COORDINATOR),
        "head": staff(office, Role.HEAD),
        "office_admin": staff(office, Role.OFFICE_ADMIN),
        "other_reviewer": staff(other_office, Role.REVIEWER),
        "other_coordinator": staff(other_office, Role.COORDINATOR),
        "central_head": staff(central, Role.HEAD),
    }
    submission = submission_submit(submission=fill_complete(submission_for(user)), actor=user)
    return {"office": office, "other_office": other_office, "central": central, "submission": submission, **people}

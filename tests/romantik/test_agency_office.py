"""Which office serves an agency: in an empty world of one province, its regency and BPS RI (the demo data of
test_accounts.py would add offices of its own)."""

import pytest

from romantik.enums import MembershipStatus, Role
from romantik.models import Office
from tests.factories import AgencyFactory, agency_user, staff

pytestmark = pytest.mark.django_db


def test_province_office_serves_agencies_of_regencies_without_an_office(db):
    from romantik.selectors import agencies_served_by, office_for_agency
    from tests.factories import OfficeFactory, RegionFactory

    province = RegionFactory(code="71", name="SULAWESI UTARA")
    regency = RegionFactory(code="7101", name="KABUPATEN BOLAANG MONGONDOW", level="kabkota", parent=province)
    central = OfficeFactory(code="0000", level="pusat")
    province_office = OfficeFactory(code="7100", level="provinsi", region=province, parent=central)
    agency = AgencyFactory(region=regency)
    central_agency = AgencyFactory(region=None, level="pusat")
    assert office_for_agency(agency) == province_office
    assert office_for_agency(central_agency) == central
    assert list(agencies_served_by(province_office)) == [agency]
    assert list(agencies_served_by(central)) == [central_agency]

    regency_office = OfficeFactory(code="7101", level="kabkota", region=regency, parent=province_office)
    assert office_for_agency(agency) == regency_office
    assert list(agencies_served_by(province_office)) == []
    staff(regency_office, Role.FRONT_DESK)
    agency_user(agency, status=MembershipStatus.PENDING)
    assert Office.objects.count() == 3

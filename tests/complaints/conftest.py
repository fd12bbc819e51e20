import pytest
from django.core.cache import cache

from romantik.enums import Role
from tests.factories import AgencyFactory, OfficeFactory, RegionFactory, agency_user, staff


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """The rate limits count in the cache, which outlives a test."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def world(db):
    """Two offices, each with a complaint handler; the first also with a reviewer, an admin and a head;
    an agency served by the first office with two members, and a user of another agency."""
    OfficeFactory(code="0000", level="pusat", name="BPS RI")
    province = RegionFactory(code="62", name="KALIMANTAN TENGAH")
    regency = RegionFactory(code="6202", name="KABUPATEN KOTAWARINGIN TIMUR", level="kabkota", parent=province)
    office = OfficeFactory(code="6202", region=regency, name="BPS Kabupaten Kotawaringin Timur")
    other = OfficeFactory(code="6371", name="BPS Kota Banjarmasin")
    agency = AgencyFactory(name="Dinas Kesehatan", region=regency)
    return {
        "office": office,
        "other_office": other,
        "handler": staff(office, Role.COMPLAINT_HANDLER, email="pengaduan@bps.example.go.id", full_name="Petugas"),
        "admin": staff(office, Role.OFFICE_ADMIN, email="admin@bps.example.go.id"),
        "head": staff(office, Role.HEAD, email="kepala@bps.example.go.id"),
        "reviewer": staff(office, Role.REVIEWER, email="pemeriksa@bps.example.go.id"),
        "other_handler": staff(other, Role.COMPLAINT_HANDLER, email="pengaduan@bjm.example.go.id"),
        "agency": agency,
        "member": agency_user(agency, email="rina@dinkes.example.go.id", full_name="Rina Handayani"),
        "colleague": agency_user(agency, email="budi@dinkes.example.go.id", full_name="Budi"),
        "stranger": agency_user(AgencyFactory(name="Dinas Lain"), email="ani@lain.example.go.id"),
    }


@pytest.fixture
def file_complaint(world):
    """File a complaint through the service (anonymous by default)."""
    from complaints.services import complaint_file

    def _file(**overrides):
        data = {
            "office": world["office"],
            "category": "waktu_layanan",
            "description": "Surat rekomendasi belum terbit.",
            "contact_name": "Yusuf",
            "contact_email": "yusuf@example.com",
        }
        data.update(overrides)
        return complaint_file(**data)

    return _file

"""Who runs and who supervises an office (issue 18), and the history of what was changed in it."""

import pytest
from auditlog.models import LogEntry

from romantik.audit import office_changes
from romantik.enums import OfficeLevel, Role
from romantik.selectors import offices_supervised_by
from tests.factories import OfficeFactory, staff, world_with_province

pytestmark = pytest.mark.django_db


@pytest.fixture
def places(shared_world):
    elsewhere = OfficeFactory(code="6300", level=OfficeLevel.PROVINCE, name="BPS Provinsi Lain")
    return {**world_with_province(shared_world), "elsewhere": elsewhere}


def test_an_office_admin_manages_own_office_only(places):
    admin = places["office_admin"]
    assert admin.has_perm("romantik.manage_office", places["office"])
    assert not admin.has_perm("romantik.manage_office", places["other_office"])
    assert not admin.has_perm("romantik.manage_office", places["province_office"])


def test_a_province_admin_manages_its_regencies_and_not_another_province(places):
    admin = staff(places["province_office"], Role.OFFICE_ADMIN)
    for key in ("province_office", "office", "other_office"):
        assert admin.has_perm("romantik.manage_office", places[key]), key
    assert not admin.has_perm("romantik.manage_office", places["elsewhere"])
    assert not admin.has_perm("romantik.manage_office", places["central"])
    assert set(offices_supervised_by(admin).values_list("code", flat=True)) == {"6200", "6202", "6203"}


def test_bps_ri_admin_manages_every_office(places):
    admin = staff(places["central"], Role.OFFICE_ADMIN)
    for key in ("central", "province_office", "office", "other_office", "elsewhere"):
        assert admin.has_perm("romantik.manage_office", places[key]), key
    assert offices_supervised_by(admin).count() == 5


def test_a_reviewer_supervises_nothing_but_sees_own_office(places):
    reviewer = places["reviewer"]
    assert not reviewer.has_perm("romantik.manage_office", places["office"])
    assert reviewer.has_perm("romantik.supervise_office", places["office"])
    assert not reviewer.has_perm("romantik.supervise_office", places["other_office"])
    assert list(offices_supervised_by(reviewer, {Role.OFFICE_ADMIN})) == []


def test_a_change_to_an_office_is_kept_with_before_and_after(places):
    office = places["office"]
    before = office.letter_place
    office.letter_place = "Sampit"
    office.save()
    entry = office_changes([office.pk]).filter(content_type__model="office").first()
    assert entry.action == LogEntry.Action.UPDATE
    assert entry.changes["letter_place"] == [before, "Sampit"]
    assert not office_changes([places["other_office"].pk]).filter(pk=entry.pk).exists()

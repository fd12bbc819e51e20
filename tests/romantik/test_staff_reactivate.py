"""A colleague who came back: the office admin reactivates the account deactivated from the office's staff page,
with the roles it holds from now on; the reactivation is in the office's history; who may, and the refusals."""

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from romantik.enums import OfficeLevel, Role
from romantik.models import OfficeRole, User
from romantik.refusals import StateConflict
from romantik.staff import reactivate_refusal, staff_deactivate, staff_reactivate
from tests.factories import OfficeFactory, staff, world_with_province

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture
def places(shared_world):
    elsewhere = OfficeFactory(code="6300", level=OfficeLevel.PROVINCE, name="BPS Provinsi Lain")
    return {**world_with_province(shared_world), "elsewhere": elsewhere}


def url(name, office, **kwargs):
    return reverse(name, kwargs={"code": office.code, **kwargs})


def test_the_office_admin_reactivates_a_leaver_with_roles_and_the_history_says_so(client, places):
    office, admin, leaver = places["office"], places["office_admin"], places["reviewer"]
    staff_deactivate(office=office, actor=admin, user=leaver)
    client.force_login(admin)
    person = client.get(url("office_staff_person", office, pk=leaver.pk), **EN).content.decode()
    assert 'data-testid="reactivate-link"' in person
    page = client.get(url("office_staff_reactivate", office, pk=leaver.pk), **EN)
    assert page.status_code == 200 and 'data-testid="reactivate-form"' in page.content.decode()
    # No role chosen: refused next to the field, nothing changes.
    refused = client.post(url("office_staff_reactivate", office, pk=leaver.pk), {}, **EN)
    assert refused.status_code == 400 and "This field is required." in refused.content.decode()
    assert not User.objects.get(pk=leaver.pk).is_active

    response = client.post(
        url("office_staff_reactivate", office, pk=leaver.pk), {"roles": [Role.REVIEWER, Role.FRONT_DESK]}, **EN
    )
    assert (response.status_code, response.url) == (302, url("office_staff_person", office, pk=leaver.pk))
    leaver.refresh_from_db()
    assert leaver.is_active
    assert set(OfficeRole.objects.filter(user=leaver).values_list("role", flat=True)) == {
        Role.REVIEWER,
        Role.FRONT_DESK,
    }
    entry = LogEntry.objects.filter(content_type__model="user", object_id=leaver.pk).order_by("pk").last()
    assert (entry.changes_dict, entry.actor, entry.additional_data) == (
        {"is_active": ["False", "True"]},
        admin,
        {"office": office.pk, "roles": [Role.FRONT_DESK, Role.REVIEWER]},
    )
    [row] = [row for row in client.get(url("office_staff", office), **EN).context["rows"] if row.user == leaver]
    assert row.active and row.roles == [Role.FRONT_DESK, Role.REVIEWER]
    history = client.get(url("office_history", office), **EN).context["rows"]
    assert ("active", "no", "yes") in [change for row in history for change in row.changes]
    # The colleague logs in again.
    client.force_login(leaver)
    assert client.get(reverse("office_workspace", kwargs={"code": office.code})).status_code == 200


def test_reactivation_refusals_and_who_may(client, places):
    office, admin, leaver = places["office"], places["office_admin"], places["reviewer"]
    with translation.override("en"):
        assert reactivate_refusal(office=office, actor=admin, user=leaver) == "This account is active already."
        with pytest.raises(StateConflict):
            staff_reactivate(office=office, actor=admin, user=leaver, roles=[Role.REVIEWER])
    staff_deactivate(office=office, actor=admin, user=leaver)
    with pytest.raises(ValidationError):
        staff_reactivate(office=office, actor=admin, user=leaver, roles=[])
    # Another regency's admin does not run 6202: 403; from their own office, the leaver is not their staff: 404.
    other_admin = staff(places["other_office"], Role.OFFICE_ADMIN)
    client.force_login(other_admin)
    assert client.get(url("office_staff_reactivate", office, pk=leaver.pk)).status_code == 403
    other = url("office_staff_reactivate", places["other_office"], pk=leaver.pk)
    assert client.post(other, {"roles": [Role.REVIEWER]}).status_code == 404
    assert not User.objects.get(pk=leaver.pk).is_active
    # The province's admin runs 6202: may.
    province_admin = staff(places["province_office"], Role.OFFICE_ADMIN)
    staff_reactivate(office=office, actor=province_admin, user=leaver, roles=[Role.COORDINATOR])
    assert User.objects.get(pk=leaver.pk).is_active

"""The office admin's channels and reminders (issue 18): WhatsApp, .go.id auto-verification, reviewers taking
work, the reminder thresholds and the waiting limits, each change recorded with who, before and after."""

import re

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from romantik.audit import office_changes
from romantik.enums import Role
from romantik.models import Office
from tests.factories import staff, world_with_province

pytestmark = pytest.mark.django_db


@pytest.fixture
def places(shared_world):
    return world_with_province(shared_world)


def _url(office):
    return reverse("office_channels", kwargs={"code": office.code})


def _data(**changes) -> dict:
    data = {
        "whatsapp_enabled": "on",
        "auto_verify_go_id": "",
        "reviewers_take_work": "on",
        "reminder_days": "3, 1",
        "revision_reminder_days": "14",
        "idle_draft_days": "30",
        "revision_close_days": "90",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value != ""}


def test_the_office_admin_and_the_province_admin_may_another_office_admin_may_not(client, places):
    office = places["office"]
    for user, status in (
        (places["office_admin"], 200),
        (staff(places["province_office"], Role.OFFICE_ADMIN), 200),
        (staff(places["other_office"], Role.OFFICE_ADMIN), 403),
        (places["coordinator"], 403),
        (places["head"], 403),
    ):
        client.force_login(user)
        assert client.get(_url(office)).status_code == status, user
        assert client.post(_url(office), _data()).status_code == (302 if status == 200 else 403), user
    client.logout()
    assert client.get(_url(office)).status_code == 302


def test_saving_changes_the_office_and_records_before_and_after(client, places):
    office = places["office"]
    admin = staff(places["province_office"], Role.OFFICE_ADMIN)
    client.force_login(admin)
    before = Office.objects.get(pk=office.pk)
    response = client.post(
        _url(office),
        _data(reminder_days="1 5, 2", revision_reminder_days="7", idle_draft_days="0", reviewers_take_work=""),
    )
    assert response.status_code == 302 and response["Location"] == _url(office)
    office.refresh_from_db()
    assert office.whatsapp_enabled is True and office.auto_verify_go_id is False
    assert office.reviewers_take_work is False
    assert office.reminder_days == [5, 2, 1]
    assert (office.revision_reminder_days, office.idle_draft_days) == (7, 0)

    entry = office_changes([office.pk]).filter(content_type__model="office").first()
    assert entry.action == LogEntry.Action.UPDATE and entry.actor == admin
    assert entry.changes["whatsapp_enabled"] == [str(before.whatsapp_enabled), "True"]
    assert entry.changes["reviewers_take_work"] == ["True", "False"]
    assert entry.changes["revision_reminder_days"] == [str(before.revision_reminder_days), "7"]
    assert "reminder_days" in entry.changes
    assert set(entry.changes) <= {
        "whatsapp_enabled",
        "auto_verify_go_id",
        "reviewers_take_work",
        "reminder_days",
        "revision_reminder_days",
        "idle_draft_days",
    }


def test_the_page_shows_the_current_settings(client, places):
    office = places["office"]
    Office.objects.filter(pk=office.pk).update(reminder_days=[5, 2], whatsapp_enabled=True)
    client.force_login(places["office_admin"])
    html = client.get(_url(office)).content.decode()
    assert 'value="5, 2"' in html
    assert re.search(r'<input type="checkbox" name="whatsapp_enabled"[^>]* checked', html)
    assert not re.search(r'<input type="checkbox" name="auto_verify_go_id"[^>]* checked', html)


@pytest.mark.parametrize(
    ("field", "value", "code"),
    [
        ("reminder_days", "3, satu", "invalid"),
        ("reminder_days", "-1", "invalid"),
        ("reminder_days", "2.5", "invalid"),
        ("reminder_days", "61", "max_value"),
        ("reminder_days", "6, 5, 4, 3, 2, 1", "too_many"),
        ("revision_reminder_days", "366", "max_value"),
        ("revision_reminder_days", "-2", "min_value"),
        ("idle_draft_days", "tiga puluh", "invalid"),
        ("idle_draft_days", "", "required"),
    ],
)
def test_invalid_values_are_refused_next_to_their_field_and_nothing_typed_is_lost(client, places, field, value, code):
    office = places["office"]
    before = Office.objects.get(pk=office.pk)
    client.force_login(places["office_admin"])
    data = _data(revision_reminder_days="9")
    if value:
        data[field] = value
    else:
        data.pop(field)
    response = client.post(_url(office), data)
    assert response.status_code == 400
    assert response.context["form"].errors.as_data()[field][0].code == code
    html = response.content.decode()
    if value:
        assert f'value="{value}"' in html
    if field != "revision_reminder_days":
        assert 'value="9"' in html  # the other fields as typed
    office.refresh_from_db()
    assert office.revision_reminder_days == before.revision_reminder_days


def test_an_empty_reminder_list_means_no_reminders(client, places):
    office = places["office"]
    client.force_login(places["office_admin"])
    data = _data()
    data["reminder_days"] = ""
    assert client.post(_url(office), data).status_code == 302
    office.refresh_from_db()
    assert office.reminder_days == []


def test_messages_are_indonesian(client, places):
    office = places["office"]
    client.force_login(places["office_admin"])
    response = client.post(_url(office), _data(reminder_days="3, satu"), HTTP_ACCEPT_LANGUAGE="id")
    assert "Tulis bilangan bulat hari kerja dipisahkan koma, misalnya: 5, 2, 1. “satu” bukan bilangan bulat." in (
        response.content.decode()
    )

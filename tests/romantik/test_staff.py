"""An office's staff run by its office admin, and the office's history (issue 18, "offices run themselves"):
inviting a colleague (and the invitation's link, end to end), giving and taking roles, deactivating a leaver
with their open work released for reassignment, who may do it where, and the history page."""

import re

import pytest
from allauth.account.models import EmailAddress
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from notifications.models import Message
from notifications.services import message_render
from review.models import Assignment
from romantik.enums import OfficeLevel, Role
from romantik.models import OfficeClosure, OfficeRole, User
from romantik.staff import (
    deactivate_refusal,
    staff_deactivate,
    staff_invite,
    staff_roles_set,
    staff_rows,
)
from submissions.states import State
from tests.factories import (
    OfficeFactory,
    fill_complete,
    staff,
    submission_bring_to,
    submission_for,
    world_with_province,
)

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
NEW_PASSWORD = "Pelangi-Senja-2026"


@pytest.fixture
def places(shared_world):
    """The shared world with Kalimantan Tengah's province office above 6202 and 6203, and a province elsewhere
    (as tests/romantik/test_office_scope.py builds it)."""
    elsewhere = OfficeFactory(code="6300", level=OfficeLevel.PROVINCE, name="BPS Provinsi Lain")
    return {**world_with_province(shared_world), "elsewhere": elsewhere}


def url(name, office, **kwargs):
    return reverse(name, kwargs={"code": office.code, **kwargs})


def invite(places, **fields):
    data = {"full_name": "Rina Wulandari", "email": "rina@bps.go.id", "roles": [Role.REVIEWER], **fields}
    return staff_invite(office=places["office"], actor=places["office_admin"], **data)


def roles_of(user, office):
    return set(OfficeRole.objects.filter(user=user, office=office).values_list("role", flat=True))


def in_review_with(places, reviewer):
    """A submission of the world's agency in review at 6202, assigned to `reviewer`."""
    submission = fill_complete(submission_for(places["agency"], title="Survei Stunting"))
    return submission_bring_to(submission, State.IN_REVIEW, reviewer=reviewer)


# --- inviting ---------------------------------------------------------------------------------------------


def test_invite_creates_an_account_without_password_and_a_confirmed_address(places):
    result = invite(places, nip="199001012015031001", position="Statistisi Ahli Pertama")
    user = User.objects.get(email="rina@bps.go.id")
    assert (result.user, result.created, result.roles_added, result.set_password) == (user, True, ["reviewer"], True)
    assert (user.full_name, user.nip, user.position, user.is_active) == (
        "Rina Wulandari",
        "199001012015031001",
        "Statistisi Ahli Pertama",
        True,
    )
    assert not user.has_usable_password()
    assert list(EmailAddress.objects.filter(user=user).values_list("email", "verified", "primary")) == [
        ("rina@bps.go.id", True, True)
    ]
    assert roles_of(user, places["office"]) == {"reviewer"}
    message = Message.objects.get(template="staff_invitation")
    assert (message.recipient, message.address, message.office) == (user, "rina@bps.go.id", places["office"])
    with translation.override("id"):  # in the colleague's language
        assert message.context["roles"] == str(Role.REVIEWER.label) == "Pemeriksa"
    assert message.context["url"].startswith("/akun/password/reset/key/")


def test_the_invitation_link_sets_a_password_and_the_colleague_logs_in(client, places):
    invite(places)
    message = Message.objects.get(template="staff_invitation")
    message.language = "en"  # read here in English (the recipient's is Indonesian)
    subject, body = message_render(message=message)
    assert subject == "You are invited to the staff of BPS Kabupaten Kotawaringin Timur in Romantik"
    assert (
        "added you (rina@bps.go.id) to the staff of BPS Kabupaten Kotawaringin Timur in Romantik as: Pemeriksa." in body
    )
    path = re.search(r"https?://[^/\s]+(/akun/password/reset/key/\S+/)", body).group(1)
    response = client.get(path, **EN)
    assert response.status_code == 302 and response.url.endswith("-set-password/")
    assert client.get(response.url, **EN).status_code == 200
    done = client.post(response.url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}, **EN)
    assert done.status_code == 302
    user = User.objects.get(email="rina@bps.go.id")
    assert user.check_password(NEW_PASSWORD)
    # The link worked once: now it is refused.
    again = client.get(path, **EN)
    assert (again.status_code, again.context["token_fail"]) == (200, True)
    client.logout()
    login = client.post(reverse("account_login"), {"login": "rina@bps.go.id", "password": NEW_PASSWORD}, **EN)
    assert login.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)
    assert client.get(reverse("start")).url == reverse("office_workspace", kwargs={"code": "6202"})
    assert client.get(reverse("office_workspace", kwargs={"code": "6202"}), **EN).status_code == 200


def test_an_invited_office_admin_is_asked_to_set_up_two_factor(client, places):
    invite(places, email="admin2@bps.go.id", roles=[Role.OFFICE_ADMIN])
    user = User.objects.get(email="admin2@bps.go.id")
    path = Message.objects.get(template="staff_invitation").context["url"]
    set_password = client.get(path).url
    assert client.post(set_password, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}).status_code == 302
    login = client.post(reverse("account_login"), {"login": user.email, "password": NEW_PASSWORD})
    assert login.status_code == 302
    response = client.get(url("office_staff", places["office"]))
    assert (response.status_code, response.url) == (302, reverse("mfa_activate_totp"))


def test_invite_gives_roles_to_an_existing_bps_account_without_a_new_password(places):
    colleague = places["other_reviewer"]  # a reviewer of 6203
    result = invite(places, email=colleague.email.upper(), full_name="ignored", roles=[Role.REVIEWER, Role.HEAD])
    assert (result.user, result.created, result.roles_added, result.set_password) == (
        colleague,
        False,
        ["reviewer", "head"],
        False,
    )
    assert roles_of(colleague, places["office"]) == {"reviewer", "head"}
    assert roles_of(colleague, places["other_office"]) == {"reviewer"}
    colleague.refresh_from_db()
    assert colleague.has_usable_password() and colleague.full_name != "ignored"
    message = Message.objects.get(template="staff_invitation")
    assert (message.context["url"], message.context["login_url"]) == ("", reverse("account_login"))


def test_invite_refuses_an_agency_user_next_to_the_email_field(client, places):
    client.force_login(places["office_admin"])
    agency_user = places["agency"]
    response = client.post(
        url("office_staff_invite", places["office"]),
        {"full_name": "Ani", "email": agency_user.email, "roles": [Role.REVIEWER]},
        **EN,
    )
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert errors["email"] == [
        f"{agency_user.email} belongs to the account of an agency's user; an agency's account cannot hold a role in "
        "a BPS office. Use the colleague's BPS e-mail address."
    ]
    html = response.content.decode()
    assert html.index('name="email"') < html.index("belongs to the account of an agency") < html.index('name="nip"')
    assert not OfficeRole.objects.filter(user=agency_user).exists()
    assert not Message.objects.filter(template="staff_invitation").exists()


def test_invite_refuses_an_unconfirmed_sign_up_and_a_deactivated_account(places):
    stranger = User.objects.create_user(email="stranger@bps.go.id", password="x-Y-z-12345678", full_name="S")
    EmailAddress.objects.create(user=stranger, email=stranger.email, verified=False, primary=True)
    with translation.override("en"), pytest.raises(ValidationError) as unconfirmed:
        invite(places, email="stranger@bps.go.id")
    assert "never confirmed" in unconfirmed.value.message_dict["email"][0]
    gone = staff(places["office"], Role.FRONT_DESK, email="gone@bps.go.id", is_active=False)
    with translation.override("en"), pytest.raises(ValidationError) as deactivated:
        invite(places, email="gone@bps.go.id")
    assert deactivated.value.message_dict["email"] == [
        "The account gone@bps.go.id was deactivated. Ask the site administrator to reactivate it."
    ]
    assert roles_of(stranger, places["office"]) == set() and roles_of(gone, places["office"]) == {"front_desk"}


def test_invite_page_creates_the_account_and_lists_it(client, places):
    client.force_login(places["office_admin"])
    response = client.post(
        url("office_staff_invite", places["office"]),
        {
            "full_name": "Rina Wulandari",
            "email": "Rina@BPS.go.id",
            "nip": "",
            "position": "Statistisi",
            "roles": [Role.REVIEWER, Role.COORDINATOR],
        },
        **EN,
    )
    assert (response.status_code, response.url) == (302, url("office_staff", places["office"]))
    page = client.get(response.url, **EN)
    rina = User.objects.get(email="rina@bps.go.id")
    [row] = [row for row in page.context["rows"] if row.user == rina]
    assert (row.roles, row.active) == (["reviewer", "coordinator"], True)
    assert "Invited, no password yet" in page.content.decode()
    created = LogEntry.objects.filter(
        content_type__model="officerole", object_id__in=OfficeRole.objects.filter(user=rina).values("pk")
    )
    assert sorted(created.values_list("actor__email", "additional_data")) == [
        (places["office_admin"].email, {"office": places["office"].pk}),
        (places["office_admin"].email, {"office": places["office"].pk}),
    ]


# --- roles ----------------------------------------------------------------------------------------------------


def test_roles_page_gives_and_takes_roles_and_the_history_keeps_each(client, places):
    reviewer, office = places["reviewer"], places["office"]
    client.force_login(places["office_admin"])
    before = LogEntry.objects.order_by("pk").last().pk
    response = client.post(
        url("office_staff_person", office, pk=reviewer.pk), {"roles": [Role.COORDINATOR, Role.FRONT_DESK]}, **EN
    )
    assert response.status_code == 302
    assert roles_of(reviewer, office) == {"coordinator", "front_desk"}
    entries = LogEntry.objects.filter(
        pk__gt=before, content_type__model="officerole", additional_data__office=office.pk
    )
    assert sorted(entries.values_list("action", "changes__role")) == [
        (LogEntry.Action.CREATE, ["None", "coordinator"]),
        (LogEntry.Action.CREATE, ["None", "front_desk"]),
        (LogEntry.Action.DELETE, ["reviewer", "None"]),
    ]
    assert set(entries.values_list("actor", flat=True)) == {places["office_admin"].pk}


def test_the_last_office_admin_cannot_give_up_the_role(client, places):
    admin, office = places["office_admin"], places["office"]
    client.force_login(admin)
    response = client.post(url("office_staff_person", office, pk=admin.pk), {"roles": [Role.HEAD]}, **EN)
    assert response.status_code == 400
    assert response.context["form"].errors["roles"] == [
        "You are the last office administrator of BPS Kabupaten Kotawaringin Timur: you cannot give up that role. "
        "Give it to a colleague first."
    ]
    assert roles_of(admin, office) == {"office_admin"}
    staff(office, Role.OFFICE_ADMIN)  # a second admin: now it may go
    added, removed = staff_roles_set(office=office, actor=admin, user=admin, roles=[Role.HEAD])
    assert (added, removed) == (["head"], ["office_admin"])


def test_taking_every_role_takes_the_person_off_the_staff_page(client, places):
    front_desk, office = places["front_desk"], places["office"]
    client.force_login(places["office_admin"])
    response = client.post(url("office_staff_person", office, pk=front_desk.pk), {}, **EN)
    assert (response.status_code, response.url) == (302, url("office_staff", office))
    assert front_desk not in [row.user for row in staff_rows(office)]
    assert client.get(url("office_staff_person", office, pk=front_desk.pk)).status_code == 404


# --- deactivating a leaver ------------------------------------------------------------------------------


def test_deactivation_page_shows_the_open_work_then_releases_it(client, places):
    office, leaver = places["office"], places["reviewer"]
    submission = in_review_with(places, leaver)
    decided = in_review_with(places, leaver)
    decided.state = State.FEASIBLE  # decided: no open review work any more
    decided.save(update_fields=["state"])
    client.force_login(places["office_admin"])
    page = client.get(url("office_staff_deactivate", office, pk=leaver.pk), **EN)
    assert page.status_code == 200
    [work] = page.context["open_work"]
    assert (work.label, work.state, work.office_code) == (
        f"{submission.number} · Survei Stunting",
        "Under review",
        "6202",
    )
    assert work.url == reverse("review:detail", kwargs={"pk": submission.pk}) + "#actions"
    assert f'href="{work.url}"' in page.content.decode()
    # Without the confirmation nothing happens.
    assert client.post(url("office_staff_deactivate", office, pk=leaver.pk), {}, **EN).status_code == 400
    assert User.objects.get(pk=leaver.pk).is_active

    response = client.post(url("office_staff_deactivate", office, pk=leaver.pk), {"confirm": "on"}, **EN)
    assert (response.status_code, response.url) == (302, url("office_staff", office))
    leaver.refresh_from_db()
    assert not leaver.is_active
    assert not OfficeRole.objects.filter(user=leaver).exists()
    submission.refresh_from_db()
    assert submission.state == State.IN_REVIEW
    assert not Assignment.objects.filter(submission=submission).exists()  # unassigned, for reassignment
    assert Assignment.objects.filter(submission=decided, reviewer=leaver).exists()  # finished work keeps its name
    entry = LogEntry.objects.get(content_type__model="user", object_id=leaver.pk)
    assert (entry.action, entry.changes_dict, entry.actor, entry.additional_data) == (
        LogEntry.Action.UPDATE,
        {"is_active": ["True", "False"]},
        places["office_admin"],
        {"office": office.pk, "released": [submission.number]},
    )
    [row] = [row for row in client.get(url("office_staff", office), **EN).context["rows"] if row.user == leaver]
    assert (row.roles, row.active) == ([], False)
    history = client.get(url("office_history", office), **EN)
    [first] = history.context["rows"][:1]
    assert (first.who, first.what, first.name, first.changes, first.released) == (
        places["office_admin"].full_name,
        "user",
        leaver.full_name,
        [("active", "yes", "no")],
        [submission.number],
    )


def test_a_deactivated_person_is_logged_out(client, places):
    leaver = places["reviewer"]
    client.force_login(leaver)
    assert client.get(reverse("office_workspace", kwargs={"code": "6202"})).status_code == 200
    staff_deactivate(office=places["office"], actor=places["office_admin"], user=leaver)
    response = client.get(reverse("office_workspace", kwargs={"code": "6202"}))
    assert response.status_code == 302 and response.url.startswith(reverse("account_login"))


def test_deactivation_refusals(places):
    admin, office = places["office_admin"], places["office"]
    both = places["reviewer2"]
    OfficeRole.objects.create(user=both, office=places["other_office"], role=Role.REVIEWER)
    with translation.override("en"):
        assert deactivate_refusal(office=office, actor=admin, user=admin) == "You cannot deactivate your own account."
        assert deactivate_refusal(office=office, actor=admin, user=both) == (
            f"{both.full_name} also holds roles at BPS Kabupaten Kapuas, whose staff you do not run: take away their "
            "roles here instead, or ask an office administrator who runs those offices to deactivate the account."
        )
        with pytest.raises(ValidationError):
            staff_deactivate(office=office, actor=admin, user=both)
    assert User.objects.get(pk=both.pk).is_active
    # The province's admin runs both offices: the account goes, with its roles at both.
    province_admin = staff(places["province_office"], Role.OFFICE_ADMIN)
    done = staff_deactivate(office=office, actor=province_admin, user=both)
    assert (done.roles_removed, done.released) == (2, [])
    assert not OfficeRole.objects.filter(user=both).exists()


# --- who may, where --------------------------------------------------------------------------------------


STAFF_PAGES = ("office_staff", "office_staff_invite", "office_history")


def status(client, user, name, office, **kwargs):
    client.force_login(user)
    return client.get(url(name, office, **kwargs)).status_code


def test_an_office_admin_runs_own_office_only(client, places):
    admin = places["office_admin"]
    for name in ("office_staff", "office_staff_invite"):
        assert status(client, admin, name, places["office"]) == 200, name
        assert status(client, admin, name, places["other_office"]) == 403, name
        assert status(client, admin, name, places["province_office"]) == 403, name
    # A person of another office through this office's address: not found.
    assert status(client, admin, "office_staff_person", places["office"], pk=places["other_reviewer"].pk) == 404
    assert status(client, admin, "office_staff_deactivate", places["office"], pk=places["other_reviewer"].pk) == 404
    response = client.post(
        url("office_staff_person", places["other_office"], pk=places["other_reviewer"].pk), {"roles": []}
    )
    assert response.status_code == 403
    assert roles_of(places["other_reviewer"], places["other_office"]) == {"reviewer"}


def test_a_province_admin_runs_its_regencies_only_and_bps_ri_all(client, places):
    province_admin = staff(places["province_office"], Role.OFFICE_ADMIN)
    for key in ("province_office", "office", "other_office"):
        assert status(client, province_admin, "office_staff", places[key]) == 200, key
    assert status(client, province_admin, "office_staff", places["elsewhere"]) == 403
    assert status(client, province_admin, "office_staff", places["central"]) == 403
    assert (
        status(client, province_admin, "office_staff_person", places["other_office"], pk=places["other_reviewer"].pk)
        == 200
    )
    central_admin = staff(places["central"], Role.OFFICE_ADMIN)
    for key in ("central", "province_office", "office", "other_office", "elsewhere"):
        assert status(client, central_admin, "office_staff", places[key]) == 200, key


def test_staff_without_the_admin_role_may_not_manage_but_see_their_history(client, places):
    for key in ("reviewer", "front_desk", "head", "coordinator"):
        assert status(client, places[key], "office_staff", places["office"]) == 403, key
        assert status(client, places[key], "office_history", places["office"]) == 200, key
        assert status(client, places[key], "office_history", places["other_office"]) == 403, key
    assert status(client, places["agency"], "office_history", places["office"]) == 403
    assert status(client, places["central_head"], "office_history", places["office"]) == 200  # BPS RI supervises


def test_the_staff_links_show_with_the_permission(client, places):
    client.force_login(places["office_admin"])
    html = client.get(url("office_history", places["office"]), **EN).content.decode()
    assert f'href="{url("office_staff", places["office"])}"' in html
    client.force_login(places["reviewer"])
    html = client.get(url("office_history", places["office"]), **EN).content.decode()
    assert f'href="{url("office_staff", places["office"])}"' not in html
    assert f'href="{url("office_history", places["office"])}"' in html


# --- the history page --------------------------------------------------------------------------------------


def test_history_of_a_province_includes_its_regencies_on_request(client, places):
    province, office = places["province_office"], places["office"]
    OfficeClosure.objects.create(office=office, date="2026-03-02", reason="Libur daerah Sampit")
    OfficeClosure.objects.create(office=province, date="2026-03-03", reason="Libur provinsi")
    OfficeClosure.objects.create(office=places["elsewhere"], date="2026-03-04", reason="Libur lain")
    client.force_login(staff(province, Role.HEAD))
    own = client.get(url("office_history", province), **EN)
    assert [row.name for row in own.context["rows"] if row.what == "office closure"] == [
        "6200 2026-03-03: Libur provinsi"
    ]
    assert own.context["may_widen"] is True
    wide = client.get(url("office_history", province) + "?cakupan=bawahan", **EN)
    closures = [(row.office, row.name) for row in wide.context["rows"] if row.what == "office closure"]
    assert closures == [("6200", "6200 2026-03-03: Libur provinsi"), ("6202", "6202 2026-03-02: Libur daerah Sampit")]
    regency = client.get(url("office_history", office) + "?cakupan=bawahan", **EN)
    assert regency.context["may_widen"] is False
    assert 'data-testid="history-filter"' not in regency.content.decode()


def test_history_is_paginated_with_the_filter_kept(client, places):
    province = places["province_office"]
    for day in range(1, 31):
        OfficeClosure.objects.create(office=places["office"], date=f"2026-07-{day:02d}", reason=f"Tutup {day}")
    client.force_login(staff(province, Role.OFFICE_ADMIN))
    first = client.get(url("office_history", province) + "?cakupan=bawahan", **EN)
    assert len(first.context["rows"]) == 25
    assert '?cakupan=bawahan&amp;hal=2" rel="next"' in first.content.decode()
    second = client.get(url("office_history", province) + "?cakupan=bawahan&hal=2", **EN)
    assert second.context["page"].number == 2
    closures = [row.name for page in (first, second) for row in page.context["rows"] if row.what == "office closure"]
    assert closures == [f"6202 2026-07-{day:02d}: Tutup {day}" for day in range(30, 0, -1)]  # newest first

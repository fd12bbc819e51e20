"""Two-factor authentication is a property of the session, checked on every request (romantik.middleware):
a role that requires it counts from the moment it is granted, and a session that never gave a second factor
does not work for such a role, whenever it logged in."""

from urllib.parse import parse_qs, urlsplit

import pytest
from allauth.mfa.models import Authenticator
from django.urls import reverse

from romantik.enums import Role
from romantik.models import OfficeRole
from romantik.security import totp_activate, totp_code_now
from tests.factories import PASSWORD, TOTP_SECRET, OfficeFactory, UserFactory, agency_user, staff

pytestmark = pytest.mark.django_db


def _log_in(client, email, password=PASSWORD):
    """The real log-in (a POST to allauth's page), not force_login: its session records what was given."""
    return client.post(reverse("account_login"), {"login": email, "password": password})


def _staff_pages(office):
    return [
        reverse("office_signing", kwargs={"code": office.code}),
        reverse("office_workspace", kwargs={"code": office.code}),
        reverse("office_closures", kwargs={"code": office.code}),
        reverse("start"),
    ]


def _path(response):
    return urlsplit(response["Location"]).path


@pytest.fixture
def office():
    return OfficeFactory()


def test_a_role_granted_mid_session_requires_two_factor_on_the_next_request(client, office):
    person = UserFactory()
    assert _log_in(client, person.email).status_code == 302
    assert client.get(reverse("agency_dashboard")).status_code == 200  # a plain user: no second factor asked
    for role in (Role.HEAD, Role.OFFICE_ADMIN):  # granted while signed in
        OfficeRole.objects.create(user=person, office=office, role=role)

    for url in _staff_pages(office):
        response = client.get(url)
        assert response.status_code == 302 and _path(response) == reverse("mfa_activate_totp"), url
    closure = client.post(
        reverse("office_closures", kwargs={"code": office.code}), {"date": "2030-01-02", "reason": "Cuti bersama"}
    )
    assert closure.status_code == 302 and _path(closure) == reverse("mfa_activate_totp")
    assert office.closures.count() == 0
    assert client.get(reverse("agency_dashboard")).status_code == 302  # nothing else works meanwhile

    # Setting it up (the password again, then a code from the app) lets the session work.
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    page = client.get(reverse("mfa_activate_totp"))
    assert page.status_code == 200
    done = client.post(reverse("mfa_activate_totp"), {"code": totp_code_now(page.context["form"].secret)})
    assert done.status_code == 302
    assert client.get(reverse("office_signing", kwargs={"code": office.code})).status_code == 200
    client.post(
        reverse("office_closures", kwargs={"code": office.code}), {"date": "2030-01-02", "reason": "Cuti bersama"}
    )
    assert office.closures.count() == 1


def test_a_session_from_before_the_authenticator_app_must_give_its_code(client, office):
    """The person has an authenticator app (added in another session), but this session logged in before it
    and before the role: it must give a code from the app before any staff page works."""
    person = UserFactory()
    assert _log_in(client, person.email).status_code == 302
    totp_activate(user=person, secret=TOTP_SECRET)  # elsewhere: another browser, or an admin
    OfficeRole.objects.create(user=person, office=office, role=Role.OFFICE_ADMIN)

    workspace = reverse("office_workspace", kwargs={"code": office.code})
    response = client.get(workspace)
    assert response.status_code == 302 and _path(response) == reverse("mfa_reauthenticate")
    assert parse_qs(urlsplit(response["Location"]).query)["next"] == [workspace]
    for url in _staff_pages(office):
        assert _path(client.get(url)) == reverse("mfa_reauthenticate"), url
    # Nor can this session remove the app, or change the two-factor settings, with the password alone.
    totp = Authenticator.objects.get(user=person, type=Authenticator.Type.TOTP)
    for url in (reverse("mfa_deactivate_totp"), reverse("mfa_index"), reverse("mfa_generate_recovery_codes")):
        assert _path(client.get(url)) == reverse("mfa_reauthenticate"), url
    client.post(reverse("mfa_deactivate_totp"), {})
    assert Authenticator.objects.filter(pk=totp.pk).exists()

    wrong = client.post(f"{reverse('mfa_reauthenticate')}?next={workspace}", {"code": "000000"})
    assert wrong.status_code == 200
    assert _path(client.get(workspace)) == reverse("mfa_reauthenticate")
    right = client.post(f"{reverse('mfa_reauthenticate')}?next={workspace}", {"code": totp_code_now(TOTP_SECRET)})
    assert right.status_code == 302 and right["Location"] == workspace
    assert client.get(workspace).status_code == 200


def test_a_head_who_logged_in_with_the_code_keeps_working(client, office):
    head = staff(office, Role.HEAD)
    response = _log_in(client, head.email)
    assert response.url == reverse("mfa_authenticate")
    client.post(reverse("mfa_authenticate"), {"code": totp_code_now(TOTP_SECRET)})
    for _ in range(3):
        assert client.get(reverse("office_signing", kwargs={"code": office.code})).status_code == 200


def test_removing_the_authenticator_app_sends_the_head_back_to_set_up(client, office):
    head = staff(office, Role.HEAD)
    _log_in(client, head.email)
    client.post(reverse("mfa_authenticate"), {"code": totp_code_now(TOTP_SECRET)})
    Authenticator.objects.filter(user=head).delete()  # e.g. by the site admin, after a lost phone
    response = client.get(reverse("office_signing", kwargs={"code": office.code}))
    assert response.status_code == 302 and _path(response) == reverse("mfa_activate_totp")


def test_an_agency_user_and_a_reviewer_are_never_asked(client, office):
    from tests.factories import AgencyFactory

    for person, page in (
        (agency_user(AgencyFactory()), reverse("agency_dashboard")),
        (staff(office, Role.REVIEWER), reverse("office_workspace", kwargs={"code": office.code})),
    ):
        client.logout()
        assert _log_in(client, person.email).status_code == 302
        assert client.get(page).status_code == 200


def test_logging_out_and_health_stay_open(client, office):
    person = UserFactory()
    _log_in(client, person.email)
    OfficeRole.objects.create(user=person, office=office, role=Role.HEAD)
    assert client.get(reverse("health")).status_code in (200, 503)
    assert client.post(reverse("account_logout")).status_code == 302
    assert "_auth_user_id" not in client.session

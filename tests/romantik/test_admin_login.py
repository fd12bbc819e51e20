"""One door for every log-in: /admin/login/ checks no password (it sends people to the portal's log-in, with
its verified e-mail address, two-factor and lockout), and the site admin's role requires two-factor."""

from io import StringIO
from urllib.parse import parse_qs, urlsplit

import pytest
from allauth.account.models import EmailAddress
from django.core.management import call_command
from django.urls import reverse

from romantik.security import totp_code_now, totp_secret_of
from tests.factories import PASSWORD, TOTP_SECRET, UserFactory

pytestmark = pytest.mark.django_db
ADMIN_LOGIN = "/admin/login/"


def _path(response):
    return urlsplit(response["Location"]).path


def _log_in(client, email, password=PASSWORD):
    return client.post(reverse("account_login"), {"login": email, "password": password})


def test_the_admin_log_in_page_sends_people_to_the_portals_log_in(client):
    response = client.get(f"{ADMIN_LOGIN}?next=/admin/romantik/user/")
    assert response.status_code == 302 and _path(response) == reverse("account_login")
    assert parse_qs(urlsplit(response["Location"]).query)["next"] == ["/admin/romantik/user/"]
    index = client.get("/admin/")
    assert _path(index) == ADMIN_LOGIN  # and from there to the portal's log-in
    assert _path(client.get(index["Location"])) == reverse("account_login")


def test_a_password_posted_to_the_admin_log_in_page_signs_nobody_in(client):
    """The attack: a stolen password of a site admin without the second factor, through Django's own form."""
    root = UserFactory(is_staff=True, is_superuser=True)
    response = client.post(ADMIN_LOGIN, {"username": root.email, "password": PASSWORD, "next": "/admin/"})
    assert "_auth_user_id" not in client.session
    assert response.status_code == 302 and _path(response) == reverse("account_login")
    assert _path(client.get("/admin/")) == ADMIN_LOGIN


def test_an_unverified_site_admin_cannot_log_in_at_either_page(client):
    root = UserFactory(is_staff=True, is_superuser=True)
    EmailAddress.objects.filter(user=root).update(verified=False)
    client.post(ADMIN_LOGIN, {"username": root.email, "password": PASSWORD})
    assert "_auth_user_id" not in client.session
    response = _log_in(client, root.email)
    assert "_auth_user_id" not in client.session
    assert _path(response) == reverse("account_email_verification_sent")


@pytest.mark.parametrize("superuser", [True, False])
def test_a_site_admin_without_an_authenticator_app_must_set_one_up(client, superuser):
    root = UserFactory(is_staff=True, is_superuser=superuser, two_factor=False)
    assert _log_in(client, root.email).status_code == 302
    for url in ("/admin/", "/admin/romantik/user/", reverse("start")):
        response = client.get(url)
        assert response.status_code == 302 and _path(response) == reverse("mfa_activate_totp"), url


def test_a_site_admin_with_an_authenticator_app_gives_its_code_then_reaches_the_admin(client):
    root = UserFactory(is_staff=True, is_superuser=True)
    response = _log_in(client, root.email)
    assert _path(response) == reverse("mfa_authenticate") and "_auth_user_id" not in client.session
    assert _path(client.get("/admin/")) == ADMIN_LOGIN
    client.post(reverse("mfa_authenticate"), {"code": totp_code_now(TOTP_SECRET)})
    assert client.get("/admin/").status_code == 200
    back = client.get(f"{ADMIN_LOGIN}?next=/admin/romantik/user/")
    assert back.status_code == 302 and back["Location"] == "/admin/romantik/user/"
    outside = client.get(f"{ADMIN_LOGIN}?next=https://evil.example/")
    assert outside["Location"] == "/admin/"


def test_staff_made_mid_session_must_give_a_second_factor_before_the_admin(client):
    person = UserFactory()
    _log_in(client, person.email)
    person.is_staff = person.is_superuser = True
    person.save(update_fields=["is_staff", "is_superuser"])
    response = client.get("/admin/")
    assert response.status_code == 302 and _path(response) == reverse("mfa_activate_totp")


def test_someone_signed_in_without_the_admin_role_is_refused_not_asked_for_another_password(client):
    person = UserFactory()
    root = UserFactory(is_staff=True, is_superuser=True)
    _log_in(client, person.email)
    assert client.get(ADMIN_LOGIN).status_code == 403
    refused = client.post(ADMIN_LOGIN, {"username": root.email, "password": PASSWORD})
    assert refused.status_code == 403
    assert client.session["_auth_user_id"] == str(person.pk)


def test_the_demo_site_admin_has_a_verified_address_and_the_demo_totp_secret(db):
    from romantik.seed_data import DEMO_TOTP_SECRET
    from romantik.seeding import DEMO_SITE_ADMIN, site_admin_load

    call_command("seed_demo", quiet=True, stdout=StringIO())
    site_admin_load()  # idempotent
    from django.contrib.auth import get_user_model

    admin = get_user_model().objects.get(email=DEMO_SITE_ADMIN)
    assert admin.is_superuser and admin.is_staff
    assert EmailAddress.objects.get(user=admin).verified
    assert totp_secret_of(admin) == DEMO_TOTP_SECRET

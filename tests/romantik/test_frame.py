"""The page frame (issue 20): base.html keeps its fixed parts per process (romantik.templatetags.frame) and the
office roles and agency membership are read by queries compiled once (romantik.selectors). What a person sees
still follows every change at once: a new or revoked role or membership, a language switch, a deactivated
account; the parts that differ per person or request (name, CSRF token, address) are never kept."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.template import Context, Template
from django.test import override_settings
from django.urls import reverse
from django.utils import translation

from romantik.enums import MembershipStatus, Role
from romantik.models import AgencyMembership, OfficeRole
from romantik.selectors import membership_with_region, office_roles_of
from romantik.templatetags.frame import kept_clear
from tests.factories import AgencyFactory, OfficeFactory, RegionFactory, UserFactory, agency_user, staff

pytestmark = pytest.mark.django_db

MY_AGENCY = reverse("agency_dashboard")


def _workspace(office):
    return reverse("office_workspace", kwargs={"code": office.code})


def _page(client, url=None):
    response = client.get(url or reverse("office_list"))
    assert response.status_code == 200
    return response.content.decode()


def test_the_navigation_follows_a_membership_granted_and_revoked_at_once(client):
    person = UserFactory()
    client.force_login(person)
    assert f'href="{MY_AGENCY}"' not in _page(client)
    membership = AgencyMembership.objects.create(user=person, agency=AgencyFactory(), status=MembershipStatus.VERIFIED)
    assert f'href="{MY_AGENCY}"' in _page(client)
    membership.delete()
    assert f'href="{MY_AGENCY}"' not in _page(client)


def test_the_navigation_follows_office_roles_granted_and_taken_at_once(client):
    person, office, other = UserFactory(), OfficeFactory(), OfficeFactory()
    client.force_login(person)
    assert _workspace(office) not in _page(client)
    role = OfficeRole.objects.create(user=person, office=office, role=Role.REVIEWER)
    page = _page(client)
    assert _workspace(office) in page and _workspace(other) not in page
    OfficeRole.objects.create(user=person, office=other, role=Role.REVIEWER)
    page = _page(client)
    assert _workspace(office) in page and _workspace(other) in page
    role.delete()
    page = _page(client)
    assert _workspace(office) not in page and _workspace(other) in page


def test_kept_parts_are_per_language_and_the_person_and_token_are_never_kept(client):
    office = OfficeFactory()
    first = staff(office, full_name="Ani Pertama")
    second = staff(office, full_name="Budi Kedua")
    client.force_login(first)
    indonesian = _page(client)
    client.cookies["django_language"] = "en"
    english = _page(client)
    assert '<html lang="id">' in indonesian and '<html lang="en">' in english
    with translation.override("en"):
        assert translation.gettext("Log out") in english
    with translation.override("id"):
        assert translation.gettext("Log out") in indonesian
        assert translation.gettext("Log out") not in english
    assert "Ani Pertama" in english

    other = client.__class__()
    other.force_login(second)
    page = _page(other)
    assert "Budi Kedua" in page and "Ani Pertama" not in page
    tokens = set(re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', page))
    assert tokens and not tokens & set(re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', english))
    # The page's own address is the language form's "next", whatever page was kept first.
    assert f'name="next" type="hidden" value="{reverse("office_list")}?x=1"' in _page(
        other, reverse("office_list") + "?x=1"
    )


def test_a_deactivated_person_is_signed_out_on_the_next_request(client):
    person = agency_user(AgencyFactory())
    client.force_login(person)
    assert client.get(MY_AGENCY).status_code == 200
    get_user_model().objects.filter(pk=person.pk).update(is_active=False)
    response = client.get(MY_AGENCY)
    assert response.status_code == 302 and reverse("account_login") in response["Location"]
    assert f'href="{MY_AGENCY}"' not in _page(client)


def test_two_factor_is_still_asked_for_a_role_granted_after_the_navigation_was_kept(client):
    office = OfficeFactory()
    person = staff(office)
    client.force_login(person)
    _page(client, _workspace(office))
    OfficeRole.objects.create(user=person, office=office, role=Role.HEAD)
    response = client.get(_workspace(office))
    assert response.status_code == 302 and response["Location"].startswith(reverse("mfa_activate_totp"))


def test_the_compiled_reads_match_the_orm():
    province = RegionFactory()
    person = agency_user(AgencyFactory(region=province))
    central = agency_user(AgencyFactory(region=None))
    for user in (person, central, UserFactory()):
        user = get_user_model().objects.get(pk=user.pk)
        found = membership_with_region(user)
        expected = AgencyMembership.objects.select_related("agency__region").filter(user=user).first()
        if expected is None:
            assert found is None
            continue
        assert user.membership is found and found.user is user
        for mine, theirs in ((found, expected), (found.agency, expected.agency)):
            assert {k: v for k, v in vars(mine).items() if k != "_state"} == {
                k: v for k, v in vars(theirs).items() if k != "_state"
            }
            assert not mine._state.adding and mine._state.db == theirs._state.db
        assert found.agency.region == expected.agency.region
    b, a = OfficeFactory(code="9902"), OfficeFactory(code="9901")
    reviewer = staff(b, Role.REVIEWER, Role.HEAD)
    OfficeRole.objects.create(user=reviewer, office=a, role=Role.REVIEWER)
    roles = office_roles_of(get_user_model().objects.get(pk=reviewer.pk))
    assert roles == {"9901": {Role.REVIEWER}, "9902": {Role.REVIEWER, Role.HEAD}} and list(roles) == ["9901", "9902"]


def test_a_kept_part_is_keyed_on_its_values_and_the_language():
    kept_clear()
    template = Template('{% load frame i18n %}{% kept "t" a %}{{ a }} {{ b }} {% translate "Log out" %}{% endkept %}')
    assert template.render(Context({"a": 1, "b": "x"})).startswith("1 x ")
    assert template.render(Context({"a": 1, "b": "y"})).startswith("1 x ")  # b is not in the key: kept
    assert template.render(Context({"a": [2], "b": "y"})).startswith("[2] y ")
    with translation.override("en"):
        english = template.render(Context({"a": 1, "b": "z"}))
    with translation.override("id"):
        indonesian = template.render(Context({"a": 1, "b": "z"}))
    assert english != indonesian
    with override_settings(STATIC_URL="/s/"):  # a changed setting empties the store
        assert template.render(Context({"a": 1, "b": "w"})).startswith("1 w ")


def test_the_compiled_authenticator_read_matches_the_orm():
    from allauth.mfa.models import Authenticator

    from romantik.security import mfa_enabled, totp_activate
    from tests.factories import TOTP_SECRET

    person, other = UserFactory(), UserFactory()
    Authenticator.objects.create(user=other, type=Authenticator.Type.RECOVERY_CODES, data={})
    assert not mfa_enabled(person) and not mfa_enabled(other)
    totp_activate(user=person, secret=TOTP_SECRET)
    assert mfa_enabled(person) and not mfa_enabled(other)
    Authenticator.objects.filter(user=person).delete()
    assert not mfa_enabled(person)


def test_the_rules_link_follows_the_central_office_admin_role(client):
    from romantik.enums import OfficeLevel

    central, local = OfficeFactory(level=OfficeLevel.CENTRAL), OfficeFactory()
    admin = staff(central, Role.OFFICE_ADMIN)
    AgencyMembership.objects.create(user=admin, agency=AgencyFactory(), status=MembershipStatus.VERIFIED)
    reviewer = staff(local)
    client.force_login(admin)
    page = _page(client)
    assert 'data-testid="nav-prereview-rules"' in page and f'href="{MY_AGENCY}"' in page
    assert 'data-testid="nav-api-tokens"' in page and _workspace(central) in page
    other = client.__class__()
    other.force_login(reviewer)
    page = _page(other)
    assert 'data-testid="nav-prereview-rules"' not in page and 'data-testid="nav-supervision"' in page
    assert 'data-testid="nav-api-tokens"' not in page and _workspace(local) in page
    OfficeRole.objects.filter(user=admin, role=Role.OFFICE_ADMIN).delete()
    OfficeRole.objects.create(user=admin, office=central, role=Role.REVIEWER)
    page = _page(client)
    assert 'data-testid="nav-prereview-rules"' not in page and _workspace(central) in page

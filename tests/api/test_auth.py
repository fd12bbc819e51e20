"""Bearer-token authentication: what works, and every way a request without a valid token fails (401 JSON)."""

import datetime

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from api.models import ApiToken
from api.services import api_token_revoke
from romantik.enums import MembershipStatus
from romantik.models import AgencyMembership

from .conftest import token_client

pytestmark = pytest.mark.django_db
LIST = "/api/v1/pengajuan/"


def _error(response, status, code):
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body["error"]["code"] == code, body
    assert set(body["error"]) == {"code", "message", "fields"}
    return body["error"]


def test_a_valid_token_authenticates_and_notes_its_last_use(world):
    client = token_client(world["user"])
    response = client.get(LIST)
    assert response.status_code == 200
    token = ApiToken.objects.get(user=world["user"])
    assert token.last_used_at is not None and timezone.now() - token.last_used_at < datetime.timedelta(minutes=1)


def test_no_token_is_401_with_the_bearer_scheme(world):
    response = APIClient().get(LIST, HTTP_ACCEPT_LANGUAGE="en")
    error = _error(response, 401, "not_authenticated")
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'
    assert error["message"] == "Send a personal API token in the header: Authorization: Bearer <token>."


def test_a_wrong_token_is_401(world):
    client = token_client(world["user"])
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {client.key[:-2]}xx", HTTP_ACCEPT_LANGUAGE="en")
    error = _error(client.get(LIST), 401, "authentication_failed")
    assert "not valid" in error["message"]


@pytest.mark.parametrize(
    "header",
    ["Bearer", "Bearer a b", "Bearer rmk_\xe9", "Bearer nothing-like-ours"],
)
def test_malformed_authorization_headers_are_401(world, header):
    _error(APIClient().get(LIST, HTTP_AUTHORIZATION=header), 401, "authentication_failed")


def test_a_revoked_token_is_401(world):
    client = token_client(world["user"])
    api_token_revoke(token=ApiToken.objects.get(user=world["user"]), actor=world["user"])
    _error(client.get(LIST), 401, "authentication_failed")


@pytest.mark.parametrize("change", ["rejected", "removed", "inactive"])
def test_a_token_stops_working_when_its_user_loses_the_agency_or_the_account(world, change):
    client = token_client(world["user"])
    assert client.get(LIST).status_code == 200
    if change == "rejected":
        AgencyMembership.objects.filter(user=world["user"]).update(status=MembershipStatus.REJECTED)
    elif change == "removed":
        AgencyMembership.objects.filter(user=world["user"]).delete()
    else:
        type(world["user"]).objects.filter(pk=world["user"].pk).update(is_active=False)
    _error(client.get(LIST), 401, "authentication_failed")


def test_a_pending_member_may_use_the_api_like_the_web(world):
    assert token_client(world["pending"]).get(LIST).status_code == 200


def test_public_endpoints_need_no_token_but_refuse_a_wrong_one(world):
    assert APIClient().get("/api/v1/katalog/").status_code == 200
    _error(APIClient().get("/api/v1/katalog/", HTTP_AUTHORIZATION="Bearer rmk_wrong"), 401, "authentication_failed")


def test_a_session_login_is_not_enough_for_the_api(client, world):
    # Only tokens: a browser session (and its CSRF exposure) does not reach the API.
    client.force_login(world["user"])
    _error(client.get(LIST), 401, "not_authenticated")

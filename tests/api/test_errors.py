"""Bad input never gets HTML or a 500: JSON errors for every status, throttling and pagination limits."""

import pytest
from django.test import override_settings
from rest_framework.test import APIClient

from tests.factories import submission_for

from .conftest import token_client

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def _error(response, status, code):
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/json"
    error = response.json()["error"]
    assert error["code"] == code, error
    return error


def test_malformed_json_is_a_400_parse_error(world, api):
    response = api.generic("POST", "/api/v1/pengajuan/", '{"kind": "fs3",', content_type="application/json", **EN)
    error = _error(response, 400, "parse_error")
    assert error["message"].startswith("The request body could not be read")


def test_nan_in_json_is_refused(world, api):
    response = api.generic("POST", "/api/v1/pengajuan/", '{"kind": NaN}', content_type="application/json")
    _error(response, 400, "parse_error")


def test_a_form_body_where_json_is_expected_is_415(world, api):
    response = api.post("/api/v1/pengajuan/", "kind=fs3", content_type="text/plain", **EN)
    error = _error(response, 415, "unsupported_media_type")
    assert error["message"] == "Content type text/plain is not accepted here."


def test_a_method_not_allowed_is_405(world, api):
    error = _error(api.delete("/api/v1/pengajuan/", **EN), 405, "method_not_allowed")
    assert error["message"] == "Method DELETE is not allowed here."


def test_an_unknown_address_under_api_is_a_json_404(world):
    for path in ("/api/v2/", "/api/v1/pengajuan", "/api/v1/tidak-ada/", "/api/"):
        _error(APIClient().get(path), 404, "not_found")
    _error(APIClient().post("/api/v1/nothing"), 404, "not_found")


def test_an_html_accept_header_still_gets_json(world):
    response = APIClient().get("/api/v1/katalog/", HTTP_ACCEPT="text/html")
    _error(response, 406, "not_acceptable")


def test_a_huge_id_is_just_not_found(world, api):
    _error(api.get(f"/api/v1/pengajuan/{10**30}/"), 404, "not_found")
    _error(APIClient().get(f"/api/v1/katalog/{10**30}/"), 404, "not_found")


def test_error_messages_are_indonesian_by_default(world):
    # Whatever the translations say, the default language is not English.
    english = APIClient().get("/api/v1/pengajuan/", HTTP_ACCEPT_LANGUAGE="en").json()["error"]["message"]
    default = APIClient().get("/api/v1/pengajuan/")
    assert default["Content-Language"] == "id"
    assert english == "Send a personal API token in the header: Authorization: Bearer <token>."


# --- pagination ----------------------------------------------------------------------------------------


def test_lists_are_paginated_by_20_up_to_100(world, api):
    for i in range(23):
        submission_for(world["user"], title=f"S{i}")
    first = api.get("/api/v1/pengajuan/").json()
    assert first["count"] == 23 and len(first["results"]) == 20
    assert first["next"] == "http://testserver/api/v1/pengajuan/?page=2" and first["previous"] is None
    second = api.get(first["next"]).json()
    assert len(second["results"]) == 3 and second["next"] is None
    assert len(api.get("/api/v1/pengajuan/?page_size=5").json()["results"]) == 5
    huge = api.get("/api/v1/pengajuan/?page_size=1000000000000")
    assert huge.status_code == 200 and len(huge.json()["results"]) == 23


@pytest.mark.parametrize("page", ["3", "0", "-1", "abc", "99999999999999999999"])
def test_a_page_that_does_not_exist_is_404(world, api, page):
    submission_for(world["user"])
    _error(api.get(f"/api/v1/pengajuan/?page={page}"), 404, "not_found")


# --- throttling ----------------------------------------------------------------------------------------


def _rates(**rates):
    from django.conf import settings

    return override_settings(REST_FRAMEWORK={**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates})


def test_throttle_per_token_gives_429_with_retry_after(world):
    first, second = token_client(world["user"], name="a"), token_client(world["user"], name="b")
    with _rates(token="2/minute", anon="100/minute"):
        assert first.get("/api/v1/pengajuan/").status_code == 200
        assert first.get("/api/v1/pengajuan/").status_code == 200
        response = first.get("/api/v1/pengajuan/", **EN)
        error = _error(response, 429, "throttled")
        assert 1 <= int(response["Retry-After"]) <= 60
        assert error["message"] == f"Too many requests: try again in {response['Retry-After']} seconds."
        # Each token has its own budget.
        assert second.get("/api/v1/pengajuan/").status_code == 200


def test_throttle_per_address_without_a_token(world):
    with _rates(token="100/minute", anon="3/minute"):
        for _ in range(3):
            assert APIClient().get("/api/v1/katalog/", REMOTE_ADDR="10.0.0.1").status_code == 200
        response = APIClient().get("/api/v1/katalog/", REMOTE_ADDR="10.0.0.1")
        _error(response, 429, "throttled")
        assert response["Retry-After"]
        # Another address, and a forged X-Forwarded-For does not get around it.
        assert APIClient().get("/api/v1/katalog/", REMOTE_ADDR="10.0.0.2").status_code == 200
        forged = APIClient().get("/api/v1/katalog/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="1.2.3.4")
        assert forged.status_code == 429


def test_a_body_over_djangos_limit_is_413(world, api, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    body = '{"kind": "fs3", "title": "' + "x" * 2000 + '"}'
    _error(api.generic("POST", "/api/v1/pengajuan/", body, content_type="application/json"), 413, "too_large")


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("{pk}/", '{"section": "\\ud800", "data": {}}', "section"),
        ("{pk}/", '{"section": "header", "data": {"\\ud800x": 1}}', "?x"),
        ("{pk}/", '{"section": "header", "data": {"title": "\\ud800"}}', "title"),
        ("", '{"kind": "fs3", "title": "\\udfff"}', "title"),
        ("{pk}/variabel/", '{"name": "\\ud800", "definition": "d", "data_type": "numerik"}', "name"),
    ],
)
def test_lone_surrogates_in_json_are_a_400_never_a_500(world, api, path, body, field):
    submission = submission_for(world["user"])
    method = "PATCH" if path == "{pk}/" else "POST"
    response = api.generic(
        method, "/api/v1/pengajuan/" + path.format(pk=submission.pk), body, content_type="application/json"
    )
    assert response.status_code == 400
    assert field in response.json()["error"]["fields"]

"""The OpenAPI schema is valid and warning-free, describes the token and the errors, and its documentation
page loads Swagger UI from the portal's own static files, never from a CDN."""

import re

import pytest
import yaml
from django.core.management import call_command
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


def test_spectacular_validates_the_schema_without_warnings(tmp_path):
    out = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(out))
    schema = yaml.safe_load(out.read_text())
    assert schema["openapi"].startswith("3.")
    assert schema["info"]["title"] == "Romantik API"


@pytest.fixture
def schema(db):
    response = APIClient().get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    return response.json()


def test_schema_describes_every_endpoint_with_its_security_and_errors(schema):
    assert schema["components"]["securitySchemes"]["bearerAuth"] == {
        "type": "http",
        "scheme": "bearer",
        "description": schema["components"]["securitySchemes"]["bearerAuth"]["description"],
    }
    paths = schema["paths"]
    assert set(paths) == {
        "/api/v1/bukti-epss/",
        "/api/v1/bukti-epss/{id}/unduh/",
        "/api/v1/katalog/",
        "/api/v1/katalog/{id}/",
        "/api/v1/pengajuan/",
        "/api/v1/pengajuan/{id}/",
        "/api/v1/pengajuan/{id}/ajukan/",
        "/api/v1/pengajuan/{id}/hasil/",
        "/api/v1/pengajuan/{id}/hasil/{handover}/tautan/",
        "/api/v1/pengajuan/{id}/indikator/",
        "/api/v1/pengajuan/{id}/lampiran/",
        "/api/v1/pengajuan/{id}/riwayat/",
        "/api/v1/pengajuan/{id}/surat/",
        "/api/v1/pengajuan/{id}/surat/unduh/",
        "/api/v1/pengajuan/{id}/tarik/",
        "/api/v1/pengajuan/{id}/variabel/",
    }
    for path, operations in paths.items():
        for method, operation in operations.items():
            responses = operation["responses"]
            assert "429" in responses, (method, path)
            assert responses["429"]["content"]["application/json"]["schema"]["$ref"] == "#/components/schemas/Error"
            if path.startswith(("/api/v1/pengajuan/", "/api/v1/bukti-epss/")):
                assert operation["security"] == [{"bearerAuth": []}], (method, path)
                assert "401" in responses
            else:
                assert {} in operation["security"], (method, path)  # public
    assert "multipart/form-data" in paths["/api/v1/pengajuan/{id}/lampiran/"]["post"]["requestBody"]["content"]
    assert "application/pdf" in paths["/api/v1/pengajuan/{id}/surat/unduh/"]["get"]["responses"]["200"]["content"]
    assert "application/zip" in paths["/api/v1/bukti-epss/{id}/unduh/"]["get"]["responses"]["200"]["content"]
    assert {"200", "201", "400", "403"} <= set(paths["/api/v1/bukti-epss/"]["post"]["responses"])
    list_params = {p["name"] for p in paths["/api/v1/katalog/"]["get"]["parameters"]}
    assert list_params == {
        "q",
        "year",
        "province",
        "regency",
        "agency",
        "sector",
        "kind",
        "decision",
        "page",
        "page_size",
    }


def test_documentation_page_uses_the_packages_static_files_not_a_cdn(client):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert sources and all(
        s.startswith("/static/drf_spectacular_sidecar/") or s.startswith("/api/") for s in sources
    ), sources
    assert "cdn" not in html.lower() and "http://" not in html and "https://" not in html
    for source in sources:
        if source.startswith("/static/"):
            assert client.get(source).status_code == 200, source


def test_documentation_page_runs_no_inline_script(client):
    response = client.get("/api/docs/")
    html = response.content.decode()
    assert "<script>" not in html  # every script has a src: the site's CSP forbids inline ones
    policy = response["Content-Security-Policy"]
    script_src = next(part for part in policy.split(";") if part.strip().startswith("script-src"))
    assert "unsafe-inline" not in script_src
    start = client.get("/api/docs/?script=")
    assert start.status_code == 200 and start["Content-Type"].startswith("application/javascript")
    assert "/api/schema/" in start.content.decode()

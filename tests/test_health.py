import json
import os

import pytest

pytestmark = pytest.mark.django_db


def test_health_reports_every_component(client):
    response = client.get("/health/")
    assert response.status_code == 200
    body = json.loads(response.content)
    assert body["status"] == "ok"
    assert {name: check["status"] for name, check in body["checks"].items()} == {
        "database": "ok",
        "broker": "ok",
        "storage": "ok",
    }


def test_health_is_503_when_the_broker_is_down(client, broker_down):
    response = client.get("/health/")
    assert response.status_code == 503
    body = json.loads(response.content)
    assert body["checks"]["broker"]["status"] == "down"
    assert body["checks"]["database"]["status"] == "ok"


def test_health_is_503_when_storage_is_not_writable(client, settings, tmp_path):
    readonly = tmp_path / "readonly"
    readonly.mkdir()
    os.chmod(readonly, 0o500)
    settings.MEDIA_ROOT = str(readonly / "media")
    os.chmod(readonly, 0o500)
    try:
        response = client.get("/health/")
    finally:
        os.chmod(readonly, 0o700)
    if os.geteuid() == 0 and response.status_code == 200:
        # root ignores file modes; use a path that cannot be a directory instead
        (tmp_path / "file").write_text("x")
        settings.MEDIA_ROOT = str(tmp_path / "file" / "media")
        response = client.get("/health/")
    assert response.status_code == 503
    assert json.loads(response.content)["checks"]["storage"]["status"] == "down"


def test_health_is_503_when_the_database_is_down(client, monkeypatch):
    from django.db import connection

    def refuse(*args, **kwargs):
        raise connection.Database.OperationalError("connection refused")

    monkeypatch.setattr(connection, "cursor", refuse)
    response = client.get("/health/")
    assert response.status_code == 503
    assert json.loads(response.content)["checks"]["database"]["status"] == "down"

"""The database drops every connection while the server runs (what a PostgreSQL restart or failover does
to its clients): the next requests succeed, because Django checks a reused connection before using it
(CONN_HEALTH_CHECKS) and opens a new one. Run against gunicorn, as in production, with persistent
connections (CONN_MAX_AGE) so the dead connection really is reused."""

import os
import subprocess
import sys
import time
import urllib.request
from urllib.error import URLError

import pytest
from django.conf import settings
from django.db import connection

from tests.factories import OfficeFactory
from tests.notifications.delivery import free_port, shared_database_url, wait_until

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

APP_NAME = "romantik-restart-test"


def _drop_server_connections() -> None:
    """What a PostgreSQL restart does to the web server: every one of its connections is gone."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = %s", [APP_NAME]
        )


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode()
    except URLError as error:
        if hasattr(error, "code"):
            return error.code, error.read().decode()
        raise


def _server_sessions() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE application_name = %s", [APP_NAME])
        return cursor.fetchone()[0]


def test_requests_succeed_after_the_database_dropped_every_connection(tmp_path):
    OfficeFactory(code="6202", name="BPS Kabupaten Kotawaringin Timur")
    port = free_port()
    env = {
        **os.environ,
        # Named, so the test drops the server's connections only (not those of other threads of this process).
        "DATABASE_URL": f"{shared_database_url()}?application_name={APP_NAME}",
        "CONN_MAX_AGE": "600",
        "ALLOWED_HOSTS": "127.0.0.1",
        "DEBUG": "false",
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
    }
    log = (tmp_path / "gunicorn.log").open("wb")
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "romantik.wsgi:application", "--bind", f"127.0.0.1:{port}",
         "--workers", "1", "--threads", "1"],
        cwd=settings.BASE_DIR, env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        def up():
            try:
                return _get(f"{base}/health/")[0] == 200
            except (URLError, ConnectionError):
                return False

        wait_until(up, timeout=60, what="gunicorn to answer")
        status, page = _get(f"{base}/layanan/")
        assert status == 200 and "BPS Kabupaten Kotawaringin Timur" in page
        assert _server_sessions() >= 1  # the worker keeps its connection (CONN_MAX_AGE)

        _drop_server_connections()
        time.sleep(0.5)

        for _ in range(3):
            status, page = _get(f"{base}/layanan/")
            assert status == 200 and "BPS Kabupaten Kotawaringin Timur" in page
        assert _get(f"{base}/health/")[0] == 200
    finally:
        server.terminate()
        server.wait(20)
        log.close()
        _drop_server_connections()
    assert b"Traceback" not in (tmp_path / "gunicorn.log").read_bytes()

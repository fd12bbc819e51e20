import os
import shutil

import pytest
from django.conf import settings

IN_CI = bool(os.environ.get("CI"))


def skip_or_fail(reason: str):
    """Local runs may skip what needs a service or the browser; CI must never skip it."""
    if IN_CI:
        pytest.fail(f"CI is set, so this must not skip: {reason}")
    pytest.skip(reason)


@pytest.fixture(autouse=True)
def _isolated_files(settings, tmp_path):
    """Each test writes mail and media under its own temporary folder."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    # Hashing 50 demo passwords with PBKDF2 would dominate the run time.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # The per-process cache holds rate limits (allauth's, complaints'): each test starts with none.
    from django.core.cache import cache

    cache.clear()


def drop_dead_connection():
    """Fault tests terminate PostgreSQL sessions (a database restart, killed workers): a test that starts
    after one never inherits a dead connection; Django reconnects as it does for a request.

    Django keeps the main thread's connection in one slot while no event loop runs and in another while
    one does (Playwright's sync API runs one): the browser fixture calls this again once Playwright runs."""
    from django.db import connection

    if connection.vendor == "postgresql" and connection.connection is not None and not connection.in_atomic_block:
        if not connection.is_usable():
            connection.close()


@pytest.fixture(autouse=True)
def _live_database_connection():
    drop_dead_connection()
    yield


@pytest.fixture
def demo(db):
    from romantik.seeding import demo_load

    return demo_load()


@pytest.fixture
def chromium_path():
    path = os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if not path:
        skip_or_fail("Debian's chromium is not installed (apt-get install chromium)")
    return path


@pytest.fixture
def uses_postgres():
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        skip_or_fail("needs PostgreSQL: set DATABASE_URL")


@pytest.fixture
def broker_down(monkeypatch, settings):
    """Point Celery at a port where nothing listens, as if the broker were down.

    Celery reads CELERY_BROKER_URL from the environment before its own config,
    and caches its connection pools: both are reset around the test."""
    from romantik.celery import app

    monkeypatch.setenv("CELERY_BROKER_URL", "redis://127.0.0.1:9/0")
    app.conf.broker_url = "redis://127.0.0.1:9/0"
    app._after_fork()  # drop cached connection and producer pools
    yield
    monkeypatch.undo()
    app.conf.broker_url = settings.CELERY_BROKER_URL
    app._after_fork()


def close_other_db_sessions():
    """Threads (a Celery worker, concurrent requests) leave PostgreSQL sessions open
    that would block dropping the test database."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )

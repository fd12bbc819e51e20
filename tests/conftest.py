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

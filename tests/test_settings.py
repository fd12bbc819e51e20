"""The same code runs on the embedded default and on PostgreSQL, Redis and SMTP."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

PROBE = """
import json, django
django.setup()
from django.conf import settings
from romantik.celery import app
print(json.dumps({
    "engine": settings.DATABASES["default"]["ENGINE"],
    "db_name": settings.DATABASES["default"]["NAME"],
    "broker": app.conf.broker_url,
    "email_backend": settings.EMAIL_BACKEND,
    "email_host": getattr(settings, "EMAIL_HOST", ""),
    "email_port": getattr(settings, "EMAIL_PORT", 0),
    "email_path": getattr(settings, "EMAIL_FILE_PATH", ""),
}))
"""


def probe(tmp_path, **env) -> dict:
    clean = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "CELERY_BROKER_URL", "EMAIL_URL"}}
    clean.update(DJANGO_SETTINGS_MODULE="romantik.settings", ROMANTIK_VAR_DIR=str(tmp_path), **env)
    out = subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, env=clean, capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_embedded_default_needs_no_configuration(tmp_path):
    config = probe(tmp_path)
    assert config["engine"] == "django.db.backends.sqlite3"
    assert config["db_name"] == str(tmp_path / "romantik.sqlite3")
    assert config["broker"].startswith("filesystem://")
    assert config["email_backend"] == "django.core.mail.backends.filebased.EmailBackend"
    assert config["email_path"] == str(tmp_path / "mail")
    assert (tmp_path / "mail").is_dir() and (tmp_path / "celery" / "queue").is_dir()


def test_environment_selects_postgresql_redis_and_smtp(tmp_path):
    config = probe(
        tmp_path,
        DATABASE_URL="postgres://romantik@db:5432/romantik",
        CELERY_BROKER_URL="redis://redis:6379/0",
        EMAIL_URL="smtp://mailpit:1025",
    )
    assert config["engine"] == "django.db.backends.postgresql"
    assert config["db_name"] == "romantik"
    assert config["broker"] == "redis://redis:6379/0"
    assert config["email_backend"] == "django.core.mail.backends.smtp.EmailBackend"
    assert (config["email_host"], config["email_port"]) == ("mailpit", 1025)

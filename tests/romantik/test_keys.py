"""SECRET_KEY and the certificates' key (romantik/keys.py): the built-in key was public, so anyone could forge
e-mail confirmations and kiosk links with it and derive the key that encrypts the heads' certificates.
Production now refuses to start without a key of its own; the embedded default keeps working."""

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

from romantik import keys

REPO = Path(settings.BASE_DIR)
OLD_BUILT_IN_KEY = "insecure-dev-key-change-me-in-production-0123456789abcdef"
GOOD_KEY = "k" * 20 + "-production-secret-that-is-long-and-random-9f8e7d6c5b4a3210"
GOOD_LETTER_KEY = "a-separate-production-key-for-signing-certificates-0123456789"
PRINT_KEYS = (
    "import django, json; django.setup(); from django.conf import settings as s; "
    "print(json.dumps([s.SECRET_KEY, s.LETTER_KEY_ENCRYPTION_KEY]))"
)


def _run(tmp_path, args, **env):
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"SECRET_KEY", "DEBUG", "LETTER_KEY_ENCRYPTION_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    clean.update(DJANGO_SETTINGS_MODULE="romantik.settings", ROMANTIK_VAR_DIR=str(tmp_path), **env)
    return subprocess.run(
        [sys.executable, *args], cwd=REPO, env=clean, capture_output=True, text=True, timeout=120
    )


def _settings(tmp_path, **env):
    return _run(tmp_path, ["-c", PRINT_KEYS], **env)


# --- production refuses to start --------------------------------------------------------------------------


def test_production_without_a_secret_key_refuses_to_start(tmp_path):
    result = _settings(tmp_path, DEBUG="false")
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and "SECRET_KEY is not set" in result.stderr
    assert OLD_BUILT_IN_KEY not in result.stdout
    assert not (tmp_path / "secret_key").exists()  # production never makes itself a key nobody keeps


def test_gunicorns_application_refuses_to_load_without_a_secret_key(tmp_path):
    result = _run(tmp_path, ["-c", "import romantik.wsgi"], DEBUG="false")
    assert result.returncode != 0 and "SECRET_KEY is not set" in result.stderr


@pytest.mark.parametrize("published", [OLD_BUILT_IN_KEY, "change-me-in-production", "change-me"])
def test_production_refuses_a_published_secret_key(tmp_path, published):
    result = _settings(tmp_path, DEBUG="false", SECRET_KEY=published)
    assert result.returncode != 0
    assert "SECRET_KEY is a published default" in result.stderr


def test_production_refuses_a_published_certificate_key(tmp_path):
    result = _settings(tmp_path, DEBUG="false", SECRET_KEY=GOOD_KEY, LETTER_KEY_ENCRYPTION_KEY="a-long-random-string")
    assert result.returncode != 0
    assert "LETTER_KEY_ENCRYPTION_KEY is a published default" in result.stderr


def test_production_with_its_own_keys_starts(tmp_path):
    result = _settings(tmp_path, DEBUG="false", SECRET_KEY=GOOD_KEY, LETTER_KEY_ENCRYPTION_KEY=GOOD_LETTER_KEY)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == f'["{GOOD_KEY}", "{GOOD_LETTER_KEY}"]'


# --- check --deploy flags weak keys -----------------------------------------------------------------------


def _check_deploy(tmp_path, **env):
    return _run(tmp_path, ["manage.py", "check", "--deploy"], **env)


def test_check_deploy_flags_the_old_built_in_key_and_the_certificate_key_derived_from_it(tmp_path):
    # DEBUG on lets it load (a developer's choice); check --deploy must still say it is no production key.
    result = _check_deploy(tmp_path, DEBUG="true", SECRET_KEY=OLD_BUILT_IN_KEY)
    assert result.returncode != 0
    assert "romantik.E001" in result.stderr  # Django's own security.W009 lets this 56-character key through
    assert "romantik.E003" in result.stderr  # the certificates' key is derived from it


def test_check_deploy_flags_a_short_key(tmp_path):
    result = _check_deploy(tmp_path, DEBUG="false", SECRET_KEY="short-random-value-9f8e7d6c")
    assert result.returncode != 0 and "romantik.E001" in result.stderr


def test_check_deploy_flags_a_published_certificate_key_with_debug_on(tmp_path):
    result = _check_deploy(tmp_path, DEBUG="true", SECRET_KEY=GOOD_KEY, LETTER_KEY_ENCRYPTION_KEY="change-me")
    assert result.returncode != 0 and "romantik.E002" in result.stderr


def test_check_deploy_warns_when_the_certificate_key_is_derived_from_a_good_secret_key(tmp_path):
    result = _check_deploy(tmp_path, DEBUG="false", SECRET_KEY=GOOD_KEY)
    assert "romantik.W001" in result.stderr and "romantik.E00" not in result.stderr


# --- the embedded default still needs no configuration ------------------------------------------------------


def test_the_embedded_default_uses_the_installations_own_key_file(tmp_path):
    # What `make` does before anything else (Makefile: $(KEY_FILE)).
    made = subprocess.run(
        [sys.executable, "-I", "romantik/keys.py", str(tmp_path / "secret_key")], cwd=REPO, capture_output=True
    )
    assert made.returncode == 0, made.stderr
    key_file = tmp_path / "secret_key"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    key = key_file.read_text().strip()
    assert keys.weakness(key) is None
    result = _settings(tmp_path)  # DEBUG off, no SECRET_KEY: as `make run` starts the server
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == f'["{key}", ""]'


def test_debug_on_creates_the_key_file_once(tmp_path):
    first = _settings(tmp_path, DEBUG="true")
    assert first.returncode == 0, first.stderr
    key_file = tmp_path / "secret_key"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    second = _settings(tmp_path, DEBUG="true")
    assert first.stdout.splitlines()[-1] == second.stdout.splitlines()[-1]
    assert key_file.read_text().strip() in first.stdout


def test_key_file_create_keeps_an_existing_key(tmp_path):
    path = tmp_path / "sub" / "secret_key"
    key = keys.key_file_create(path)
    assert keys.key_file_create(path) == key and len(key) >= keys.MIN_LENGTH


@pytest.mark.parametrize(
    "value, weak",
    [
        (OLD_BUILT_IN_KEY, True),
        ("change-me-in-production", True),
        ("django-insecure-" + "x1y2z3" * 10, True),
        ("a" * 60, True),  # long, but one character
        ("short-random-9f8e7d", True),
        (GOOD_KEY, False),
    ],
)
def test_weakness(value, weak):
    assert (keys.weakness(value) is not None) is weak


# --- the production shape carries no usable key -------------------------------------------------------------


def test_docker_compose_and_dockerfile_carry_no_default_key():
    import yaml

    compose = yaml.safe_load((REPO / "docker-compose.yml").read_text())
    environment = compose["x-app"]["environment"]
    for name in ("SECRET_KEY", "LETTER_KEY_ENCRYPTION_KEY"):
        assert environment[name].startswith(f"${{{name}:?"), environment[name]  # required, no default
    dockerfile = (REPO / "Dockerfile").read_text()
    assert "SECRET_KEY=" not in "".join(line for line in dockerfile.splitlines() if line.startswith("ENV"))
    assert OLD_BUILT_IN_KEY not in dockerfile
    assert "var/" in (REPO / ".dockerignore").read_text().split()  # the developer's var/secret_key stays out
    for path in ("docker-compose.yml", "Dockerfile", ".env.example", "romantik/settings.py"):
        text = (REPO / path).read_text()
        assert "change-me-in-production" not in text and OLD_BUILT_IN_KEY not in text, path

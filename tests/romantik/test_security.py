"""Deployment settings, the Content-Security-Policy, lockout after failed log-ins (django-axes) and
two-factor authentication for heads and office admins (allauth TOTP)."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from romantik.enums import Role
from romantik.models import OfficeRole
from romantik.security import totp_code_now, totp_secret_of
from tests.factories import PASSWORD, OfficeFactory, UserFactory, staff

REPO = Path(settings.BASE_DIR)
PRODUCTION_ENV = {
    "DEBUG": "false",
    "SECRET_KEY": "k" * 20 + "-production-secret-that-is-long-and-random-9f8e7d6c5b4a3210",
    "ALLOWED_HOSTS": "romantik.bps.go.id",
    "SESSION_COOKIE_SECURE": "true",
    "CSRF_COOKIE_SECURE": "true",
    "SECURE_SSL_REDIRECT": "true",
    "SECURE_HSTS_SECONDS": "31536000",
    "SECURE_HSTS_PRELOAD": "true",
    "LETTER_KEY_ENCRYPTION_KEY": "a-separate-production-key-for-signing-certificates-0123456789",
}


def _production_env(tmp_path) -> dict:
    env = {**os.environ, **PRODUCTION_ENV, "ROMANTIK_VAR_DIR": str(tmp_path)}
    # The browser tests set this in the test process (Playwright runs an event loop); production never does.
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    return env


def test_check_deploy_is_clean_under_production_settings(tmp_path):
    env = _production_env(tmp_path)
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.django_db
def test_every_page_sends_a_policy_without_inline_script(client):
    response = client.get(reverse("home"))
    policy = response.headers["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    assert directives["script-src"] == "'self'"
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert directives["frame-ancestors"] == "'self'"


def _served_templates():
    for folder in [REPO / "templates", *REPO.glob("*/templates")]:
        if ".venv" in folder.parts:
            continue
        yield from folder.rglob("*.html")


# WeasyPrint renders these to PDF; browsers never see them.
PDF_TEMPLATES = {"letters/letter.html", "submissions/blank_form.html", "handover/evidence_summary.html"}


def test_no_template_has_inline_script_or_style_attributes():
    offenders = []
    for path in _served_templates():
        if any(str(path).endswith(name) for name in PDF_TEMPLATES):
            continue
        text = path.read_text()
        for match in re.finditer(r"<script\b[^>]*>", text):
            if "src=" not in match.group(0):
                offenders.append(f"{path}: inline <script>")
        if re.search(r"\son[a-z]+\s*=\s*[\"']", text):
            offenders.append(f"{path}: inline event handler")
        if re.search(r"\sstyle\s*=\s*[\"']", text) or "<style" in text:
            offenders.append(f"{path}: inline style")
    assert offenders == []


def test_production_cookies_and_hsts(tmp_path):
    code = (
        "import django, json; django.setup(); from django.conf import settings as s; "
        "print(json.dumps([s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS, "
        "s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_HTTPONLY, s.DEBUG]))"
    )
    env = {**_production_env(tmp_path), "DJANGO_SETTINGS_MODULE": "romantik.settings"}
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO, env=env, capture_output=True, text=True)
    assert result.stdout.strip().splitlines()[-1] == "[true, true, 31536000, true, true, true, false]", result.stderr


# --- lockout ------------------------------------------------------------------------------------


def _log_in(client, email, password, ip="10.0.0.7"):
    return client.post(reverse("account_login"), {"login": email, "password": password}, REMOTE_ADDR=ip)


@pytest.mark.django_db
def test_five_failed_log_ins_lock_the_address_and_account_pair_out(client):
    user = UserFactory(email="rina@dinkes.example.go.id")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = _log_in(client, user.email, "salah-sandi")
        assert response.status_code == 200  # the form again, with its message
    assert _log_in(client, user.email, "salah-sandi").status_code == 429  # the fifth failure locks
    locked = _log_in(client, user.email, PASSWORD)  # now even the right password is refused
    assert locked.status_code == 429
    assert "Masuk sementara dikunci" in locked.content.decode()
    assert "_auth_user_id" not in client.session
    # The same person from another network is not locked out by someone else's guesses.
    other = _log_in(client, user.email, PASSWORD, ip="10.9.9.9")
    assert other.status_code == 302


@pytest.mark.django_db
def test_a_successful_log_in_resets_the_failures(client):
    user = UserFactory(email="andi@dinkes.example.go.id")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        _log_in(client, user.email, "salah-sandi")
    assert _log_in(client, user.email, PASSWORD).status_code == 302
    client.logout()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        _log_in(client, user.email, "salah-sandi")
    assert _log_in(client, user.email, PASSWORD).status_code == 302


# --- two-factor authentication ------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.HEAD, Role.OFFICE_ADMIN])
def test_heads_and_office_admins_must_set_up_two_factor_before_working(client, role):
    office = OfficeFactory()
    person = UserFactory()
    OfficeRole.objects.create(user=person, office=office, role=role)  # no authenticator yet
    response = _log_in(client, person.email, PASSWORD)
    assert response.status_code == 302
    workspace = client.get(reverse("office_workspace", kwargs={"code": office.code}))
    assert workspace.status_code == 302 and workspace.url == reverse("mfa_activate_totp")
    # Setting it up asks for the password again (allauth), then the code from the app lets them in.
    again = client.get(reverse("mfa_activate_totp"))
    assert again.url.startswith(reverse("account_reauthenticate"))
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    page = client.get(reverse("mfa_activate_totp"))
    assert page.status_code == 200
    secret = page.context["form"].secret
    done = client.post(reverse("mfa_activate_totp"), {"code": totp_code_now(secret)})
    assert done.status_code == 302
    assert totp_secret_of(person) == secret
    assert client.get(reverse("office_workspace", kwargs={"code": office.code})).status_code == 200


@pytest.mark.django_db
def test_a_reviewer_is_not_asked_for_two_factor(client):
    office = OfficeFactory()
    reviewer = staff(office, Role.REVIEWER)
    _log_in(client, reviewer.email, PASSWORD)
    assert client.get(reverse("office_workspace", kwargs={"code": office.code})).status_code == 200


@pytest.mark.django_db
def test_a_head_with_two_factor_needs_the_code_to_log_in(client):
    office = OfficeFactory()
    head = staff(office, Role.HEAD)
    response = _log_in(client, head.email, PASSWORD)
    assert response.status_code == 302 and response.url == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session
    wrong = client.post(reverse("mfa_authenticate"), {"code": "000000"})
    assert wrong.status_code == 200 and "_auth_user_id" not in client.session
    right = client.post(reverse("mfa_authenticate"), {"code": totp_code_now(totp_secret_of(head))})
    assert right.status_code == 302
    assert client.session["_auth_user_id"] == str(head.pk)
    assert client.get(reverse("office_workspace", kwargs={"code": office.code})).status_code == 200

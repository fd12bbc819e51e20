"""Request bodies are limited before anything reads them (romantik.middleware.RequestBodyLimitMiddleware): an
anonymous 400 MB upload used to be read, parsed and spooled to disk in full before a form refused it."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

MB = 1024 * 1024
REPO = Path(settings.BASE_DIR)


class Body:
    """A request body of `size` bytes that fails the test once anything reads more than `allowed` of it."""

    def __init__(self, size: int, allowed: int = 0):
        self.size, self.allowed, self.read_bytes = size, allowed, 0

    def read(self, size=-1):
        size = self.size - self.read_bytes if size is None or size < 0 else size
        size = min(size, self.size - self.read_bytes)
        self.read_bytes += size
        assert self.read_bytes <= self.allowed, f"the body was read: {self.read_bytes} bytes"
        return b"\0" * size

    def readline(self, size=-1):
        return self.read(64 * 1024 if size is None or size < 0 else size)


def _post(client, path, body: Body, **extra):
    return client.generic(
        "POST",
        path,
        b"",
        content_type="multipart/form-data; boundary=----batas",
        **{"CONTENT_LENGTH": str(body.size), "wsgi.input": body, **extra},
    )


@pytest.mark.django_db
def test_an_anonymous_400_mb_upload_is_refused_before_its_body_is_read(client, tmp_path, settings):
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path)
    body = Body(400 * MB)
    response = _post(client, reverse("complaints:file"), body)
    assert response.status_code == 413
    assert body.read_bytes == 0
    assert list(tmp_path.iterdir()) == []  # nothing spooled to disk
    html = response.content.decode()
    assert "Unggahan terlalu besar" in html and f"paling besar {settings.ATTACHMENT_MAX_MB} MB" in html
    assert '<html lang="id">' in html


@pytest.mark.django_db
def test_the_refusal_speaks_english_on_request_and_json_under_the_api(client):
    english = _post(client, reverse("complaints:file"), Body(400 * MB), HTTP_ACCEPT_LANGUAGE="en")
    assert english.status_code == 413 and "The upload is too large" in english.content.decode()
    api = _post(client, "/api/v1/pengajuan/1/lampiran/", Body(400 * MB))
    assert api.status_code == 413 and api["Content-Type"] == "application/json"
    assert api.json()["error"]["code"] == "too_large" and api.json()["error"]["fields"] == {}


@pytest.mark.django_db
def test_a_body_without_a_length_is_refused_unread(client):
    body = Body(50 * MB)
    response = client.generic(
        "POST",
        reverse("complaints:file"),
        b"",
        content_type="multipart/form-data; boundary=----batas",
        **{"HTTP_TRANSFER_ENCODING": "chunked", "wsgi.input": body},
    )
    assert response.status_code == 411 and body.read_bytes == 0
    assert "Permintaan tidak menyebutkan panjangnya" in response.content.decode()


@pytest.mark.django_db
def test_the_limit_is_exact(client, settings):
    settings.REQUEST_BODY_MAX_BYTES = 1000
    at_limit = client.post(reverse("complaints:track"), "x=" + "y" * 998, content_type="text/plain")
    assert at_limit.status_code != 413
    over = client.post(reverse("complaints:track"), "x=" + "y" * 999, content_type="text/plain")
    assert over.status_code == 413


def test_the_default_limit_is_just_above_the_largest_legal_upload():
    assert settings.ATTACHMENT_MAX_MB == 10 and settings.REQUEST_BODY_MAX_MB == 13
    assert settings.REQUEST_BODY_MAX_BYTES == 13 * MB
    # A file a little over the limit still reaches the form and its message naming both sizes
    # (tests/submissions/test_attachments.py: 12.4 MB); one far over it never does.
    assert settings.MIDDLEWARE[0] == "romantik.middleware.RequestBodyLimitMiddleware"


def _settings_probe(**env):
    clean = {k: v for k, v in os.environ.items() if k not in {"ATTACHMENT_MAX_MB", "REQUEST_BODY_MAX_MB"}}
    clean.update(DJANGO_SETTINGS_MODULE="romantik.settings", **env)
    code = "import django; django.setup(); from django.conf import settings as s; print(s.REQUEST_BODY_MAX_BYTES)"
    return subprocess.run([sys.executable, "-c", code], cwd=REPO, env=clean, capture_output=True, text=True)


def expected_mb(attachment_mb: int) -> int:
    return attachment_mb + max(1, -(-attachment_mb // 4))


def test_the_limit_follows_the_attachment_limit_and_refuses_one_below_it():
    assert _settings_probe(ATTACHMENT_MAX_MB="25").stdout.split()[-1] == str(expected_mb(25) * MB)
    assert _settings_probe(REQUEST_BODY_MAX_MB="40").stdout.split()[-1] == str(40 * MB)
    too_small = _settings_probe(ATTACHMENT_MAX_MB="20", REQUEST_BODY_MAX_MB="15")
    assert too_small.returncode != 0 and "REQUEST_BODY_MAX_MB (15) must be larger" in too_small.stderr


@pytest.mark.parametrize("attachment_mb", [0, 1, 3, 4, 10, 25, 100])
def test_nginx_computes_the_same_limit(attachment_mb):
    script = REPO / "deploy/nginx/body-limit.envsh"
    assert os.access(script, os.X_OK)  # the nginx image sources *.envsh files only when executable
    out = subprocess.run(
        ["sh", "-c", f'. "{script}"; echo "$REQUEST_BODY_MAX_MB"'],
        env={"PATH": os.environ["PATH"], "ATTACHMENT_MAX_MB": str(attachment_mb), "REQUEST_BODY_MAX_MB": ""},
        capture_output=True,
        text=True,
        check=True,
    )
    assert int(out.stdout) == expected_mb(attachment_mb)

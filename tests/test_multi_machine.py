"""More than one machine (issue 20): two web servers (gunicorn, production settings, each with a var/ folder and
media folder of its own, as two machines would have) in front of one PostgreSQL, one Redis and one S3-compatible
object store (moto's server mode, started here: tests/s3_server.py). What one server does the other sees:

- a file uploaded through one is downloaded through the other, with the permission check in front of it;
- a session made by logging in on one is valid on the other (and ends on both when logged out);
- a rate limit counts the attempts made on both.

Nothing here is shared through this machine's disk: a portal that kept files, sessions or counts locally would
fail each of these."""

import http.cookiejar
import os
import re
import secrets
import subprocess
import sys
import urllib.parse
import urllib.request
import uuid
from pathlib import Path
from urllib.error import HTTPError, URLError

import pytest
import redis
from django.conf import settings
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.urls import reverse

from submissions.enums import AttachmentKind
from tests.conftest import skip_or_fail
from tests.factories import PASSWORD, SubmissionFactory, pdf_bytes, world_build
from tests.notifications.delivery import free_port, shared_database_url, wait_until
from tests.s3_server import bucket_create, bucket_keys, s3_environment, s3_server

pytestmark = [pytest.mark.postgres, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

TRACKING_LIMIT = 4


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """One person's browser: one cookie jar, whichever server it talks to (cookies are not per port)."""

    def __init__(self, forwarded_for: str):
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), NoRedirect)
        self.forwarded_for = forwarded_for  # the client address nginx would append (TRUSTED_PROXY_COUNT=1)

    def request(self, url: str, *, data: bytes | None = None, content_type: str = "") -> tuple[int, dict, bytes]:
        request = urllib.request.Request(url, data=data, headers={"X-Forwarded-For": self.forwarded_for})
        if content_type:
            request.add_header("Content-Type", content_type)
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status, dict(response.headers), response.read()
        except HTTPError as error:
            return error.code, dict(error.headers), error.read()

    def csrf(self, url: str) -> str:
        status, _headers, body = self.request(url)
        assert status == 200, (url, status)
        return re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1).decode()

    def post_form(self, url: str, fields: dict) -> tuple[int, dict, bytes]:
        fields = {"csrfmiddlewaretoken": self.csrf(url), **fields}
        return self.request(
            url, data=urllib.parse.urlencode(fields).encode(), content_type="application/x-www-form-urlencoded"
        )

    def post_file(self, url: str, fields: dict, *, name: str, filename: str, content: bytes, mime: str):
        fields = {"csrfmiddlewaretoken": self.csrf(url), **fields}
        boundary = uuid.uuid4().hex
        parts = [
            f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n{value}\r\n'.encode()
            for key, value in fields.items()
        ]
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
            f"Content-Type: {mime}\r\n\r\n".encode()
            + content
            + b"\r\n"
        )
        parts.append(f"--{boundary}--\r\n".encode())
        return self.request(url, data=b"".join(parts), content_type=f"multipart/form-data; boundary={boundary}")

    def log_in(self, base: str, email: str) -> None:
        login = f"{base}{reverse('account_login')}"
        status, headers, _body = self.post_form(login, {"login": email, "password": PASSWORD})
        assert status == 302 and not headers["Location"].startswith(reverse("account_login")), (status, headers)


def _redis_url() -> str:
    broker = os.environ.get("CELERY_BROKER_URL", "")
    if not broker.startswith("redis://"):
        skip_or_fail("two web servers share their cache in Redis: set CELERY_BROKER_URL=redis://…")
    return broker  # the worker's own Redis database (tests/pytest_env.py); the cache's keys start with ":1:"


@pytest.fixture
def shared_services(tmp_path):
    """One database, one Redis, one object store: the environment both servers get."""
    redis_url = _redis_url()
    with s3_server() as endpoint:
        bucket = bucket_create(endpoint)
        yield {
            "endpoint": endpoint,
            "bucket": bucket,
            "redis": redis_url,
            "environment": {
                "DATABASE_URL": shared_database_url(),
                "CONN_MAX_AGE": "60",
                "CACHE_URL": redis_url,
                **s3_environment(endpoint, bucket),
                "DEBUG": "false",
                "ALLOWED_HOSTS": "127.0.0.1",
                "TRUSTED_PROXY_COUNT": "1",
                "TRACKING_RATE_LIMIT": str(TRACKING_LIMIT),
            },
        }
        client = redis.Redis.from_url(redis_url)
        for pattern in (":1:rl:*", ":1:allauth:rl:*", ":1:django.contrib.sessions.cached_db*"):  # counts, sessions
            for key in client.scan_iter(pattern):
                client.delete(key)


@pytest.fixture
def two_servers(shared_services, tmp_path):
    """Two gunicorn servers on two ports, each with its own var/ and media folders (two machines' disks)."""
    servers, logs = [], []
    try:
        for name in ("a", "b"):
            machine = tmp_path / f"machine-{name}"
            (machine / "media").mkdir(parents=True)
            port = free_port()
            log = (tmp_path / f"gunicorn-{name}.log").open("wb")
            logs.append(log)
            environment = {
                **os.environ,
                **shared_services["environment"],
                "ROMANTIK_VAR_DIR": str(machine / "var"),
                "MEDIA_ROOT": str(machine / "media"),
            }
            process = subprocess.Popen(
                [sys.executable, "-m", "gunicorn", "-c", "python:romantik.gunicorn_conf", "romantik.wsgi:application",
                 "--bind", f"127.0.0.1:{port}", "--workers", "1"],
                cwd=settings.BASE_DIR, env=environment, stdout=log, stderr=subprocess.STDOUT,
            )  # fmt: skip
            servers.append({"process": process, "base": f"http://127.0.0.1:{port}", "machine": machine})

        def up(server):
            def answers():
                if server["process"].poll() is not None:
                    raise AssertionError(f"gunicorn stopped: {server['process'].returncode}")
                try:
                    with urllib.request.urlopen(f"{server['base']}/health/", timeout=10) as response:
                        return response.status == 200
                except (URLError, ConnectionError):
                    return False

            return answers

        for server in servers:
            wait_until(up(server), timeout=90, what="gunicorn to answer /health/ (database, broker, bucket)")
        yield servers
    finally:
        for server in servers:
            server["process"].terminate()
        for server in servers:
            server["process"].wait(30)
        for log in logs:
            log.close()
    for name in ("a", "b"):
        assert b"Traceback" not in (tmp_path / f"gunicorn-{name}.log").read_bytes(), name


def _files_under(folder: Path) -> list[Path]:
    return [path for path in folder.rglob("*") if path.is_file() and "media" in path.parts]


def test_two_web_servers_share_files_sessions_and_rate_limits(two_servers, shared_services):
    a, b = (server["base"] for server in two_servers)
    world = world_build()
    owner, stranger = world["user"], world["other_agency"]
    hasher = PBKDF2PasswordHasher()  # the servers' hasher (the tests' own, MD5, is not in production's list)
    for user in (owner, stranger):
        user.password = hasher.encode(PASSWORD, hasher.salt(), iterations=1000)
        user.save(update_fields=["password"])
    submission = SubmissionFactory(owner=owner)
    address = f"198.51.100.{secrets.randbelow(250) + 1}"  # TEST-NET-2: this run's own client address
    browser = Browser(forwarded_for=address)

    # A session made on A is valid on B: the submission's attachments page (log-in and permission required).
    attachments = reverse("submissions:attachments", kwargs={"pk": submission.pk})
    assert browser.request(f"{b}{attachments}")[0] == 302  # not logged in yet
    browser.log_in(a, owner.email)
    for base in (b, a):
        status, _headers, page = browser.request(f"{base}{attachments}")
        assert status == 200 and submission.title.encode() in page, (base, status)
    sessions = redis.Redis.from_url(shared_services["redis"]).keys(":1:django.contrib.sessions.cached_db*")
    assert sessions  # read from the shared cache (and kept in PostgreSQL)

    # A file uploaded through A is downloaded through B; the other agency's member is refused on both.
    content = pdf_bytes(2)
    status, headers, _body = browser.post_file(
        f"{a}{attachments}",
        {"kind": AttachmentKind.OTHER.value, "description": "Kuesioner"},
        name="file",
        filename="Kuesioner.pdf",
        content=content,
        mime="application/pdf",
    )
    assert status == 302, (status, headers)
    attachment = submission.attachments.get()
    assert bucket_keys(shared_services["endpoint"], shared_services["bucket"], "attachments/") == [
        attachment.file.name
    ]
    download = reverse("submissions:attachment_download", kwargs={"pk": submission.pk, "att": attachment.pk})
    status, headers, body = browser.request(f"{b}{download}")
    assert status == 200 and body == content
    assert headers["Content-Disposition"] == 'attachment; filename="Kuesioner.pdf"'
    other = Browser(forwarded_for=address)
    other.log_in(b, stranger.email)
    for base in (a, b):
        assert other.request(f"{base}{download}")[0] == 404
    assert Browser(forwarded_for=address).request(f"{b}{download}")[0] == 302  # no session: to the log-in
    for server in two_servers:  # neither machine's disk holds it
        assert _files_under(server["machine"]) == []

    # Failed tracking look-ups count on both servers: the limit is used up after TRACKING_LIMIT of them together.
    guess = {"number": "ADU-6202-2026-00001", "key": "salah-tebak"}
    track = reverse("complaints:track")
    visitor = Browser(forwarded_for=address)
    for attempt in range(TRACKING_LIMIT):
        assert visitor.post_form(f"{(a, b)[attempt % 2]}{track}", guess)[0] == 400, attempt
    for base in (a, b):
        assert visitor.post_form(f"{base}{track}", guess)[0] == 429, base
    elsewhere = Browser(forwarded_for="203.0.113.9")  # another client address still has its tries
    assert elsewhere.post_form(f"{b}{track}", guess)[0] == 400

    # Logged out on B, the session ends on A too.
    status, _headers, _body = browser.post_form(f"{b}{reverse('account_logout')}", {})
    assert status == 302
    status, headers, _body = browser.request(f"{a}{attachments}")
    assert status == 302 and reverse("account_login") in headers["Location"]

"""The complaint pages' limits behind the TLS proxy: each client has its own count (not the proxy's address,
which every visitor shares), a client cannot choose its key with its own X-Forwarded-For, and the count is
shared by every web process (django-ratelimit in the default cache)."""

import os
import subprocess
import sys

import pytest
from django.conf import settings as django_settings

from complaints.models import Complaint

pytestmark = pytest.mark.django_db

PROXY = "172.18.0.5"
ALICE, MALLORY = "203.0.113.10", "198.51.100.66"


@pytest.fixture(autouse=True)
def _behind_the_proxy(settings):
    settings.TRUSTED_PROXY_COUNT = 1


def _through_proxy(address, spoofed=None) -> dict:
    return {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": f"{spoofed}, {address}" if spoofed else address}


def _file(client, world, email, address, spoofed=None):
    data = {
        "office": world["office"].pk,
        "category": "perilaku_petugas",
        "description": "Petugas PST tidak ramah.",
        "contact_name": "Warga",
        "contact_email": email,
        "situs_web": "",
    }
    return client.post("/pengaduan/", data, **_through_proxy(address, spoofed))


def test_two_clients_behind_the_proxy_have_their_own_filing_counts(client, world, settings):
    settings.COMPLAINT_RATE_LIMIT = (2, 3600)
    for n in range(2):
        assert _file(client, world, f"spam{n}@example.com", MALLORY).status_code == 302
    assert _file(client, world, "spam9@example.com", MALLORY).status_code == 429
    # Alice, behind the same proxy, files hers.
    assert _file(client, world, "alice@example.com", ALICE).status_code == 302
    assert Complaint.objects.count() == 3


def test_a_forged_x_forwarded_for_does_not_choose_the_key(client, world, settings):
    settings.COMPLAINT_RATE_LIMIT = (2, 3600)
    # Mallory claims to be Alice: her filings count for her own address, not Alice's...
    for n in range(2):
        assert _file(client, world, f"spam{n}@example.com", MALLORY, spoofed=ALICE).status_code == 302
    assert _file(client, world, "alice@example.com", ALICE).status_code == 302
    # ...and a new claimed address per try does not give her a new count.
    for n in range(3):
        assert _file(client, world, f"lagi{n}@example.com", MALLORY, spoofed=f"192.0.2.{n}").status_code == 429


def test_tracking_guesses_count_per_client_behind_the_proxy(client, world, file_complaint, settings):
    settings.TRACKING_RATE_LIMIT = (3, 900)
    complaint = file_complaint()
    for n in range(3):
        guess = {"number": complaint.number, "key": f"tebakan-{n}"}
        response = client.post("/pengaduan/lacak/", guess, **_through_proxy(MALLORY, spoofed=f"192.0.2.{n}"))
        assert response.status_code == 400
    right = {"number": complaint.number, "key": complaint.tracking_key}
    assert client.post("/pengaduan/lacak/", right, **_through_proxy(MALLORY, spoofed=ALICE)).status_code == 429
    assert client.post("/pengaduan/lacak/", right, **_through_proxy(ALICE)).status_code == 302


COUNT_ELSEWHERE = """
import sys, django
django.setup()
from django.test import RequestFactory
from complaints import limits
request = RequestFactory().post("/pengaduan/", REMOTE_ADDR="172.18.0.5", HTTP_X_FORWARDED_FOR=sys.argv[1])
for n in range(int(sys.argv[2])):
    limits.filing_count(request, f"lain{n}@example.com")
"""


def test_another_web_process_shares_the_count(client, world, settings):
    """gunicorn runs several workers: filings through one count in the others (no per-process counter)."""
    settings.COMPLAINT_RATE_LIMIT = (2, 3600)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "romantik.settings",
        "TRUSTED_PROXY_COUNT": "1",
        "COMPLAINT_RATE_LIMIT": "2",
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    result = subprocess.run(
        [sys.executable, "-c", COUNT_ELSEWHERE, MALLORY, "2"],
        cwd=django_settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert _file(client, world, "spam@example.com", MALLORY).status_code == 429
    assert _file(client, world, "alice@example.com", ALICE).status_code == 302

"""The client's address behind the TLS proxy (romantik.clientip, TRUSTED_PROXY_COUNT), used by every limit and
by the log-in lockout; the lockout is per account and address together; the default cache is shared by every
process and counts atomically (romantik.cache), and django-ratelimit's check refuses one that is not.

Behind nginx every request comes from the proxy's address: keyed on REMOTE_ADDR, one visitor's failures lock
everyone out; keyed on a header the client chose, an attacker picks its victim's key or a new key per try."""

import os
import pickle
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.test import RequestFactory
from django.urls import reverse

from romantik.clientip import client_ip
from tests.factories import PASSWORD, UserFactory

REPO = Path(settings.BASE_DIR)
PROXY = "172.18.0.5"  # nginx, as gunicorn sees every request behind it
ALICE, MALLORY = "203.0.113.10", "198.51.100.66"


def _request(remote=PROXY, forwarded=None):
    headers = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **headers)


# --- the function ---------------------------------------------------------------------------------------


def test_without_proxies_the_header_is_ignored(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(_request(remote=MALLORY, forwarded=ALICE)) == MALLORY


@pytest.mark.parametrize(
    ("forwarded", "expected"),
    [
        (ALICE, ALICE),  # what nginx sends: the address it received the connection from
        (f"{ALICE}, {MALLORY}", MALLORY),  # Mallory sent "X-Forwarded-For: Alice"; nginx appended her own
        (f"1.1.1.1, 2.2.2.2,{MALLORY}", MALLORY),
        (f"not-an-address, {MALLORY}", MALLORY),
        ("2001:DB8::0001", "2001:db8::1"),  # one spelling per address
        ("", PROXY),  # no header: the connection's address
        (f"{ALICE}, garbage", PROXY),  # the proxy's own entry unreadable: never the client's choice
    ],
)
def test_behind_one_proxy_only_the_entry_it_added_counts(settings, forwarded, expected):
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(_request(forwarded=forwarded)) == expected


def test_behind_two_proxies_the_second_entry_from_the_right(settings):
    settings.TRUSTED_PROXY_COUNT = 2
    assert client_ip(_request(forwarded=f"{ALICE}, {MALLORY}, 10.0.0.2")) == MALLORY
    # Through the nearer proxy only: what it saw.
    assert client_ip(_request(forwarded=MALLORY)) == MALLORY


def test_every_limit_and_the_lockout_read_the_address_through_it(settings):
    from allauth.account.adapter import get_adapter
    from axes.helpers import get_client_ip_address
    from django_ratelimit.core import _get_ip
    from rest_framework.request import Request

    from api.throttling import AddressRateThrottle

    settings.TRUSTED_PROXY_COUNT = 1
    request = _request(forwarded=f"{ALICE}, {MALLORY}")
    assert get_client_ip_address(request) == MALLORY  # django-axes
    assert _get_ip(request) == MALLORY  # django-ratelimit (complaints)
    assert get_adapter(request).get_client_ip(request) == MALLORY  # allauth's log-in limits
    assert AddressRateThrottle().get_ident(Request(request)) == MALLORY  # the API without a token


# --- the lockout behind the proxy -------------------------------------------------------------------------


def _log_in(client, email, password, address, spoofed=None):
    """A log-in through nginx from `address`; `spoofed` is an X-Forwarded-For the client sent itself."""
    forwarded = f"{spoofed}, {address}" if spoofed else address
    return client.post(
        reverse("account_login"),
        {"login": email, "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=forwarded,
    )


@pytest.mark.django_db
def test_locking_an_account_out_from_one_address_leaves_it_open_from_another(client, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    rina = UserFactory(email="rina@dinkes.example.go.id")
    other = UserFactory(email="budi@dinkes.example.go.id")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _log_in(client, rina.email, "salah-sandi", MALLORY)
    assert _log_in(client, rina.email, PASSWORD, MALLORY).status_code == 429  # that pair is locked
    # Rina from her own network logs in; so does another account from Mallory's address.
    assert _log_in(client, rina.email, PASSWORD, ALICE).status_code == 302
    client.logout()
    assert _log_in(client, other.email, PASSWORD, MALLORY).status_code == 302


@pytest.mark.django_db
def test_a_forged_x_forwarded_for_neither_locks_the_victim_out_nor_escapes_the_lockout(client, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    rina = UserFactory(email="rina@dinkes.example.go.id")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _log_in(client, rina.email, "salah-sandi", MALLORY, spoofed=ALICE)
    # Mallory claimed to be Alice: her failures count for her own address...
    assert _log_in(client, rina.email, PASSWORD, MALLORY, spoofed="192.0.2.99").status_code == 429
    # ...and Alice is not locked out.
    assert _log_in(client, rina.email, PASSWORD, ALICE).status_code == 302


@pytest.mark.django_db
def test_no_limit_per_account_alone_lets_anyone_keep_an_account_out(client, settings):
    """allauth's limit per login name ("20/5m/key") blocked the account from everywhere after 20 failures
    from anywhere; the limits are per address, and the lockout per address and account."""
    settings.TRUSTED_PROXY_COUNT = 1
    rina = UserFactory(email="rina@dinkes.example.go.id")
    for n in range(6):  # 24 failures from six addresses, each below the lockout
        for _ in range(settings.AXES_FAILURE_LIMIT - 1):
            _log_in(client, rina.email, "salah-sandi", f"198.51.100.{n + 1}")
    assert _log_in(client, rina.email, PASSWORD, ALICE).status_code == 302


@pytest.mark.django_db
def test_allauths_limit_per_address_counts_each_client_behind_the_proxy(client, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.ACCOUNT_RATE_LIMITS = {"login_failed": "3/m/ip"}
    settings.AXES_FAILURE_LIMIT = 100
    rina = UserFactory(email="rina@dinkes.example.go.id")
    for _ in range(3):
        _log_in(client, rina.email, "salah-sandi", MALLORY)
    refused = _log_in(client, rina.email, PASSWORD, MALLORY, spoofed=ALICE)
    assert refused.status_code == 200 and "_auth_user_id" not in client.session  # allauth's "too many"
    assert _log_in(client, rina.email, PASSWORD, ALICE).status_code == 302


# --- the shared cache -------------------------------------------------------------------------------------


def _subprocess_env(**extra) -> dict:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "romantik.settings", **extra}
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    return env


# The project's settings and default cache, without the apps (the cache needs none; loading them took most of each
# process's time). Each process counts once all are ready (a file each in argv[2]), so their increments overlap.
COUNTER = """
import os, sys, time
from django.core.cache import cache
count, ready, processes = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])
cache.add("tests:shared-counter", 0, 600)
open(os.path.join(ready, str(os.getpid())), "w").close()
deadline = time.monotonic() + 60
while len(os.listdir(ready)) < processes and time.monotonic() < deadline:
    time.sleep(0.005)
for _ in range(count):
    cache.incr("tests:shared-counter")
"""


def test_the_default_cache_is_shared_by_processes_and_counts_atomically(tmp_path):
    from django.core.cache import cache

    assert "locmem" not in settings.CACHES["default"]["BACKEND"]
    cache.delete("tests:shared-counter")
    args = ["40", str(tmp_path), "4"]
    workers = [
        subprocess.Popen([sys.executable, "-c", COUNTER, *args], cwd=REPO, env=_subprocess_env()) for _ in range(4)
    ]
    assert [worker.wait(timeout=120) for worker in workers] == [0, 0, 0, 0]
    assert cache.get("tests:shared-counter") == 160  # no increment lost between processes


def test_counting_keeps_the_entrys_expiry(tmp_path):
    """Django's file cache resets the expiry to its default timeout (300 s) on every increment."""
    from romantik.cache import SharedFileCache

    cache = SharedFileCache(str(tmp_path), {})
    cache.add("window", 0, 1)
    with open(cache._key_to_file("window"), "rb") as f:
        expiry = pickle.load(f)  # the moment the window ends, as the entry holds it
    assert cache.incr("window") == 1
    with open(cache._key_to_file("window"), "rb") as f:
        assert pickle.load(f) == expiry
    while time.time() <= expiry:  # until the window's end, not a fixed time
        time.sleep(max(0.0, expiry - time.time()) + 0.01)
    assert cache.get("window") is None
    with pytest.raises(ValueError):
        cache.incr("window")
    cache.add("hour", 0, 3600)
    cache.incr("hour")
    with open(cache._key_to_file("hour"), "rb") as f:
        assert pickle.load(f) > time.time() + 3500


@pytest.mark.parametrize(
    ("cache_url", "refused"),
    [
        ("locmemcache://", True),  # each process its own
        ("filecache:///tmp/romantik-test-cache", True),  # Django's: increments not atomic
        ("", False),  # the embedded default: romantik.cache
        ("redis://127.0.0.1:6379/14", False),  # production's (the check does not connect)
    ],
)
def test_django_ratelimits_check_refuses_a_cache_that_is_not_shared(cache_url, refused):
    env = _subprocess_env(CACHE_URL=cache_url)
    if not cache_url:
        env.pop("CACHE_URL", None)
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--fail-level", "WARNING"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert ("django_ratelimit.E003" in result.stderr) is refused, result.stderr
    assert (result.returncode != 0) is refused, result.stdout + result.stderr

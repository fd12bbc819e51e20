import json
import os
import shutil
import tempfile
import time
import types

import pytest
from django.conf import settings

IN_CI = bool(os.environ.get("CI"))


def skip_or_fail(reason: str):
    """Local runs may skip what needs a service or the browser; CI must never skip it."""
    if IN_CI:
        pytest.fail(f"CI is set, so this must not skip: {reason}")
    pytest.skip(reason)


TEST_SETTINGS = {
    "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
    # Hashing 50 demo passwords with PBKDF2 would dominate the run time.
    "PASSWORD_HASHERS": ["django.contrib.auth.hashers.MD5PasswordHasher"],
    # Every test client loads the middleware again, and WhiteNoise would scan all static files each time
    # (~40 ms, over a thousand times a run): it looks a file up when one is asked for instead.
    "WHITENOISE_AUTOREFRESH": True,
}


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    """On SQLite, the test database is a file in this worker's var/ folder, as the embedded default's is, not
    Django's shared-cache in-memory database: there a Celery worker thread writing a row while the test reads
    the table fails at once with "database table is locked" (shared-cache table locks ignore busy_timeout,
    seen in CI); a file in WAL mode lets one read while the other writes, as the web server and worker do."""
    database = settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.sqlite3":
        database.setdefault("TEST", {})["NAME"] = os.path.join(settings.VAR_DIR, "test.sqlite3")


@pytest.fixture(scope="session", autouse=True)
def _test_settings():
    """TEST_SETTINGS for the whole run: one override, not one per test (each fires Django's setting_changed
    receivers on the way in and out).

    Django's overrides are a stack: leaving one puts back the settings as they were when it was entered. So every
    override that outlives a test (`module_db`'s) asks for this fixture, and is entered after it: one entered
    before it would, on leaving at the end of its module, drop TEST_SETTINGS for the rest of the worker's run
    (it did, for every worker's first module: WhiteNoise then scanned every static file at each new client,
    ~40 ms a test, a tenth of the quick run's time). `_isolated_files` checks it before every test."""
    from django.test.utils import override_settings

    with override_settings(**TEST_SETTINGS):
        yield


def _test_settings_in_force():
    from django.conf import settings

    lost = [name for name, value in TEST_SETTINGS.items() if getattr(settings, name, None) != value]
    assert not lost, f"TEST_SETTINGS no longer in force ({', '.join(lost)}): an override left out of order"


@pytest.fixture(scope="session")
def _files_root(tmp_path_factory):
    return tmp_path_factory.mktemp("files")


@pytest.fixture(autouse=True)
def _isolated_files(request, _test_settings, _files_root):
    """Each test writes media under its own temporary folder; the files of its module's world (`module_db`) are
    copied in, so the test may change or delete them without touching its neighbours'. The folder is made by
    mkdtemp, not `tmp_path`: pytest numbers those by listing every earlier one, a cost that grew to ~2.4 ms a
    test by the end of a worker's run."""
    from django.test.utils import override_settings

    _test_settings_in_force()
    media = os.path.join(tempfile.mkdtemp(dir=_files_root), "media")
    if "module_db" in request.fixturenames:
        shutil.copytree(request.getfixturevalue("module_db"), media, dirs_exist_ok=True)
    # The cache holds rate limits and lockouts (allauth, axes, complaints): each test starts with none.
    from django.core.cache import cache

    cache.clear()
    with override_settings(MEDIA_ROOT=media):
        yield


@pytest.fixture(autouse=True)
def _ratelimit_clock_stands_still(monkeypatch):
    """django-ratelimit's windows are fixed, each ending at a moment of its own: one ending between a test's
    requests resets its count (seen once: 302 where the fourth guess was due a 429). During a test its clock
    stands still, so a test's requests fall in one window; the limits' own code runs unchanged."""
    import django_ratelimit.core

    now = time.time()
    monkeypatch.setattr(django_ratelimit.core, "time", types.SimpleNamespace(time=lambda: now))


@pytest.fixture(scope="module")
def module_db(_test_settings, django_db_setup, django_db_blocker, tmp_path_factory):
    """One transaction for a whole test module, rolled back at its end: a module-scoped world (offices,
    people, submissions in every state, a signed letter) is built once, and each test of the module runs
    in a savepoint inside it (pytest-django's own per-test transaction), so it sees the world as built
    and its changes vanish after it. Yields the world's media folder (see `_isolated_files`).

    Only for modules whose tests are not transactional (`django_db(transaction=True)` would flush it).
    Objects of the world are shared by the module's tests: a test reloads what it changes."""
    from django.db import transaction
    from django.test.utils import override_settings

    media = tmp_path_factory.mktemp("module-media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=str(media)):
        with transaction.atomic():
            yield media
            transaction.set_rollback(True)


@pytest.fixture(scope="module")
def shared_world_module(module_db):
    """The shared world (tests/factories.py `world_build`: BPS RI, Kalimantan Tengah with offices 6202 and 6203,
    two agencies and their users, a person for each role), built once for a module (see `module_db`)."""
    from tests.factories import world_build

    return world_build()


def office_world_build() -> dict:
    """The shared world (tests/factories.py `world_build`: BPS RI, a regency office with every role, a second
    office, two agencies with a user each) and a complete FS3 submitted by the agency user."""
    from tests.factories import world_build

    return world_build(submission=True)


@pytest.fixture(scope="module")
def office_world_module(module_db):
    """The office world, built once for a module (see `module_db`)."""
    return office_world_build()


@pytest.fixture
def office_world(request, db):
    """The office world for a test. In a module without transactional tests it is built once for the module
    (`office_world_module`, set up before the test's own transaction: `pytest_collection_modifyitems`) and each
    test reads its rows again (`world_fresh`) inside its own savepoint; a module with a transactional test (a real
    worker, threads) builds it for each test, as `module_db` cannot serve it."""
    from tests.factories import world_fresh

    if request.node.path in request.config.stash[WORLD_PER_TEST_FILES]:
        return office_world_build()
    return world_fresh(request.getfixturevalue("office_world_module"))


# A per-test world fixture and the module-scoped world it reads again in a module without transactional tests.
MODULE_WORLDS = {"office_world": "office_world_module"}


@pytest.fixture
def shared_world(db, shared_world_module):
    """The module's shared world, every row read again for the test: it may change and save them."""
    from tests.factories import world_fresh

    return world_fresh(shared_world_module)


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
def _default_language():
    """A request in English leaves English active in the thread: the next test starts in the portal's language,
    whichever test the worker ran before it."""
    yield
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _live_database_connection():
    drop_dead_connection()
    yield


def _test_client_log_in_passes_two_factor(sender, request, user, **kwargs):
    """client.login() and client.force_login() stand for a finished log-in, the second factor included for a
    person with an authenticator app (the real log-in asks for its code: tests/romantik/test_two_factor.py).
    Their request is a bare HttpRequest; a real one never is."""
    from allauth.account.internal.flows.login import record_authentication
    from allauth.mfa.models import Authenticator
    from django.http import HttpRequest

    if type(request) is not HttpRequest:
        return
    authenticator = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    if authenticator is not None:
        record_authentication(request, user, "mfa", id=authenticator.pk, type=authenticator.type)


@pytest.fixture(autouse=True)
def _client_log_in_with_two_factor():
    from django.contrib.auth.signals import user_logged_in

    user_logged_in.connect(_test_client_log_in_passes_two_factor, dispatch_uid="tests-client-two-factor")
    yield
    user_logged_in.disconnect(dispatch_uid="tests-client-two-factor")


@pytest.fixture
def demo(db):
    from portal.seeding import demo_load

    return demo_load()


@pytest.fixture(scope="module")
def demo_module(module_db):
    """The demo data (`demo_load`), loaded once for a module (see `module_db`)."""
    from portal.seeding import demo_load

    return demo_load()


@pytest.fixture
def demo_shared(db, demo_module):
    """The module's demo data: a module whose tests only read it, or change it in their own savepoint, asks for
    this instead of `demo` (which loads it again for each test, a few seconds each)."""
    return demo_module


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


@pytest.fixture
def empty_broker_queue():
    """The configured broker's queue, emptied before the test: tasks that earlier transactional tests of this
    process queued, and no worker took, would otherwise run in the test's worker against rows their flush
    removed, and hold the SQLite test database's table locks while the test writes ("database table is locked")."""
    from romantik.celery import app

    app.control.purge()


def start_test_worker():
    """An in-process Celery worker (solo pool) on the configured broker, as a context manager. Tests that use it
    also use `empty_broker_queue`."""
    from celery.contrib.testing.worker import start_worker

    from romantik.celery import app

    return start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10)


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


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """Transactional tests (browser tests, real workers, live servers): the database flush after one empties only the
    tables holding rows (tests/flush.py). Browser tests that run one after another share one Chromium, stopped after
    the last of them (its fixtures and flush done) before a test that must not see Playwright's event loop."""
    from tests.browser.conftest import browser_stop
    from tests.flush import flush_filled_tables_only

    if not drives_chromium(item):
        if not is_transactional(item):
            return (yield)
        with flush_filled_tables_only():
            return (yield)
    try:
        with flush_filled_tables_only():
            return (yield)
    finally:
        if nextitem is None or not drives_chromium(nextitem):
            browser_stop()


def drives_chromium(item) -> bool:
    """A browser test (marker `browser`) using Chromium (tests/browser/conftest.py `browser`; test_permission_matrix.py
    has a fixture of that name too, a test client)."""
    return item.get_closest_marker("browser") is not None and "browser" in getattr(item, "fixturenames", ())


# What behaves differently on the embedded default (SQLite search fallback, the filesystem broker with a real
# worker, mail and settings read from nothing) and the smoke of every page (the permission matrix, the role
# pages): the only tests `.ci/run` repeats there (`-m embedded`). PostgreSQL + Redis run everything.
EMBEDDED_DIFFERS = {
    "tests/test_settings.py",
    "tests/test_health.py",
    "tests/test_permission_matrix.py",
    "tests/romantik/test_pages.py",
    "tests/catalogue/test_search.py",
    "tests/catalogue/test_similar.py",
    "tests/notifications/test_outbox.py",
    "tests/notifications/test_whatsapp.py",
    "tests/letters/test_render.py",
    "tests/review/test_reminders.py",
    "tests/bench/test_seed_bench.py",
}


# Over a few seconds each (a real Celery worker, the whole demo seed, PDFs rendered and read, property runs over
# every API operation): left out of `make test-quick`, run by `make test` and CI. A file, or a file::test.
SLOW = {
    "tests/api/test_schemathesis.py",
    "tests/submissions/test_blank_form.py",
    "tests/romantik/test_seed_demo.py",
    "tests/letters/test_signing_worker.py",
    "tests/letters/test_render.py::test_real_worker_renders_the_draft_after_the_decision",
    "tests/letters/test_render.py::test_a_render_the_broker_never_took_is_done_by_the_periodic_flush",
    "tests/letters/test_certificates.py::test_seed_demo_issues_demo_certificates_for_every_demo_head",
    "tests/notifications/test_outbox.py::test_real_worker_delivers_over_smtp_after_commit",
    "tests/notifications/test_outbox.py::test_broker_down_keeps_the_message_and_the_flush_sends_it",
    "tests/notifications/test_whatsapp.py::test_real_worker_delivers_whatsapp_exactly_once",
    "tests/complaints/test_demo_seed.py",
    # Every URL as eight people (~2,500 requests, two minutes alone): after touching a URL or a permission, run
    # `pytest tests/test_permission_matrix.py`; `make test` and CI always do.
    "tests/test_permission_matrix.py",
    "tests/romantik/test_keys.py",  # starts Django and gunicorn processes to see them refuse to start
    "tests/letters/test_sign.py",  # each signs a rendered letter for real (pyHanko, PAdES), 1.5–4.5 s
    "tests/letters/test_numbering.py",  # signs letters of two offices' sequences for real
    "tests/letters/test_signing_task.py",  # the signing task's runs and faults, each signing for real
    "tests/letters/test_batch_sign.py",  # batches of letters signed for real with one passphrase
    "tests/catalogue/test_refresh.py::test_demo_seed_issues_three_activities_through_the_workflow",
    "tests/submissions/test_tables.py::test_variables_import_limits_size_and_rows",
    "tests/bench/test_seed_bench.py",
}


@pytest.hookimpl(wrapper=True)
def pytest_collection_modifyitems(config, items):
    known = set()
    for item in items:
        path, _, rest = item.nodeid.partition("::")
        function = f"{path}::{rest.split('[', 1)[0]}"
        if path in EMBEDDED_DIFFERS:
            item.add_marker(pytest.mark.embedded)
        if path in SLOW or function in SLOW:
            item.add_marker(pytest.mark.slow)
            known |= {path, function}
    # A renamed or removed test must leave the list too (only checked when the whole suite is collected).
    if len({item.nodeid.split("::", 1)[0] for item in items}) > 100:
        assert SLOW <= known, f"SLOW names tests that do not exist: {sorted(SLOW - known)}"
    # What follows sees only the tests that run: `-m "not slow"` (make test-quick) drops a file's slow tests
    # first, so one slow test asking for no world does not cost its quick neighbours a world each.
    yield
    items[:] = heaviest_files_first(items)
    per_test = config.stash[WORLD_PER_TEST_FILES] = world_per_test_files(items)
    # The module world must be set up before the test's own transaction (the `db` fixture): set up inside it, it
    # would vanish with the first test's rollback. Fixtures are set up in the order of `fixturenames`.
    for item in items:
        for world, module_world in MODULE_WORLDS.items():
            if world in getattr(item, "fixturenames", ()) and item.path not in per_test:
                item.fixturenames.insert(0, module_world)


# The test files whose tests get a world of their own each (`office_world`), not the module's (`module_db`).
WORLD_PER_TEST_FILES = pytest.StashKey[set]()


def world_per_test_files(items) -> set:
    """The files a module-scoped world cannot serve: one with a transactional test (`module_db` cannot hold it),
    one with a database test that asks for no world (it would find the module's world in its tables and count
    it), and one marked `world_per_test` (a test that changes where the world's files are stored)."""
    files = set()
    for item in items:
        fixtures = getattr(item, "fixturenames", ())
        uses_db = item.get_closest_marker("django_db") is not None or "db" in fixtures
        asks_world = any(world in fixtures for world in MODULE_WORLDS)
        if is_transactional(item) or (uses_db and not asks_world) or item.get_closest_marker("world_per_test"):
            files.add(item.path)
    return files


def is_transactional(item) -> bool:
    marker = item.get_closest_marker("django_db")
    return marker is not None and bool(marker.kwargs.get("transaction") or (marker.args and marker.args[0]))


# Seconds each test file took in a whole run (`make test-durations` writes it): pytest-xdist hands files out
# heaviest first (`heaviest_files_first`). A file not listed yet is estimated from its tests' markers.
DURATIONS_FILE = os.path.join(os.path.dirname(__file__), "durations.json")


def item_estimate(item) -> float:
    """Seconds a test not in DURATIONS_FILE may take: a browser or slow test many times a quick one."""
    if item.get_closest_marker("browser") or item.get_closest_marker("slow"):
        return 10.0
    if is_transactional(item):
        return 1.0
    return 0.2


def heaviest_files_first(items):
    """The files in order of their cost, heaviest first, each file's tests in their own order. pytest-xdist
    (`--dist loadfile --no-loadscope-reorder`, Makefile) hands files out in this order: a long browser file
    started last would leave the other workers idle while it runs (xdist's own order counts tests only)."""
    try:
        with open(DURATIONS_FILE) as file:
            measured = json.load(file)
    except FileNotFoundError:
        measured = {}
    cost = {}
    for item in items:
        path = item.nodeid.split("::", 1)[0]
        cost[path] = cost.get(path, 0.0) + item_estimate(item)
    cost.update({path: seconds for path, seconds in measured.items() if path in cost})
    return sorted(items, key=lambda item: -cost[item.nodeid.split("::", 1)[0]])


_file_seconds: dict[str, float] = {}


def pytest_runtest_logreport(report):
    if os.environ.get("ROMANTIK_RECORD_DURATIONS"):
        path = report.nodeid.split("::", 1)[0]
        _file_seconds[path] = _file_seconds.get(path, 0.0) + report.duration


def pytest_sessionfinish(session):
    """`make test-durations`: the controller (under xdist it receives every worker's reports) writes the file."""
    if os.environ.get("ROMANTIK_RECORD_DURATIONS") and not hasattr(session.config, "workerinput") and _file_seconds:
        with open(DURATIONS_FILE, "w") as file:
            json.dump({path: round(seconds, 1) for path, seconds in sorted(_file_seconds.items())}, file, indent=0)
            file.write("\n")

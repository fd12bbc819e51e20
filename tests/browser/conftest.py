import os

import pytest

# Flags this machine needs (see the env skill): no sandbox as root, no background networking.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


# A navigation on a busy 2-core CI machine (xdist's other worker rendering a large PDF next to chromium and the
# live server) once took longer than Playwright's 30 s default; a hung page still fails, after 90 s.
NAVIGATION_TIMEOUT_MS = 90_000


class _Browser:
    """The launched browser, whose new contexts wait long enough for a busy machine."""

    def __init__(self, browser):
        self._browser = browser

    def new_context(self, **kwargs):
        context = self._browser.new_context(**kwargs)
        context.set_default_navigation_timeout(NAVIGATION_TIMEOUT_MS)
        return context

    def __getattr__(self, name):
        return getattr(self._browser, name)


class _Shared:
    """Playwright and Chromium, started by the first browser test of a run of browser tests in this process and
    stopped before any other test (`browser_stop`, from tests/conftest.py): starting Playwright's driver and
    Chromium took 2–3.5 s per test on a loaded 2-core machine. Each test still gets fresh browser contexts
    (cookies, storage, pages of its own); whatever a test leaves open is closed after it."""

    manager = None  # sync_playwright()'s context manager while Playwright runs
    browser = None


def _browser_start(chromium_path: str):
    from playwright.sync_api import sync_playwright

    from tests.conftest import drop_dead_connection

    if _Shared.browser is not None and _Shared.browser.is_connected():
        return _Shared.browser
    browser_stop()  # a browser that crashed or was closed: start afresh
    manager = sync_playwright()
    playwright = manager.__enter__()
    _Shared.manager = manager
    # From here on Django keeps this thread's connection in its event-loop slot: a connection left
    # there by an earlier browser run may have been terminated by a fault test since.
    drop_dead_connection()
    _Shared.browser = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
    return _Shared.browser


def browser_stop() -> None:
    """Close Chromium and stop Playwright, if they run: before a test that is not a browser test (Playwright's sync
    API marks an event loop as running in this thread, which Django and asgiref code of other tests must not see)
    and at the end of the run."""
    if _Shared.manager is None:
        return
    from django.db import connections

    from tests.conftest import drop_dead_connection

    manager, browser = _Shared.manager, _Shared.browser
    _Shared.manager = _Shared.browser = None
    try:
        if browser is not None and browser.is_connected():
            browser.close()
    finally:
        connections.close_all()  # leave no session in the event-loop slot for later tests or the database drop
        manager.__exit__(None, None, None)
    # Back in the other slot: a test that terminated other sessions (close_other_db_sessions, run from the
    # event-loop slot) killed this one too; drop it so the next test reconnects.
    drop_dead_connection()


@pytest.fixture
def browser(chromium_path):
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop
    from django.db import connections

    from tests.conftest import drop_dead_connection

    launched = _browser_start(chromium_path)
    drop_dead_connection()  # in the event-loop slot: an earlier test may have terminated its session
    yield _Browser(launched)
    try:
        for context in launched.contexts:  # what the test left open: the next test starts with none
            context.close()
    except Exception:  # a browser that no longer answers: the next browser test starts another
        browser_stop()
    # The database flush after the test reconnects: a test that terminated other sessions killed this one too.
    connections.close_all()


def pytest_sessionfinish(session):
    browser_stop()  # a run stopped early (-x, Ctrl+C) never reached the teardown of its last browser test

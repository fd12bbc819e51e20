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


@pytest.fixture
def browser(chromium_path):
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop
    from django.db import connections
    from playwright.sync_api import sync_playwright

    from tests.conftest import drop_dead_connection

    with sync_playwright() as p:
        # From here on Django keeps this thread's connection in its event-loop slot: a connection left
        # there by an earlier browser test may have been terminated by a fault test since.
        drop_dead_connection()
        browser = p.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        yield _Browser(browser)
        browser.close()
        connections.close_all()  # leave no session in that slot for later tests or the database drop
    # Back in the other slot: a test that terminated other sessions (close_other_db_sessions, run from the
    # event-loop slot) killed this one too; drop it so the database flush after the test reconnects.
    drop_dead_connection()

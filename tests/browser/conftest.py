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
        yield browser
        browser.close()
        connections.close_all()  # leave no session in that slot for later tests or the database drop

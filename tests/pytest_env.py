"""Loaded with `-p tests.pytest_env` before Django's settings: tests keep their
database file, mail and broker queue out of the developer's var/.

Under pytest-xdist every worker is a process of its own that inherits the
controller's environment: each gets its own var/ folder (filesystem broker,
mail files) and its own Redis database, so a Celery worker started by one test
process never takes a task published by another. PostgreSQL test databases are
already per worker (pytest-django adds the `gw0` suffix)."""

import os
import secrets
import tempfile
from urllib.parse import urlsplit, urlunsplit

WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")  # "gw0", "gw1", … or "" without xdist


def worker_index() -> int:
    return int(WORKER[2:]) if WORKER.startswith("gw") else 0


def redis_database(url: str, base: int) -> str:
    """`url` pointed at Redis database `base` + this worker's index (Redis has 16: 0–15)."""
    index = base + worker_index()
    assert index < 16, f"no Redis database {index}: run fewer xdist workers"
    return urlunsplit(urlsplit(url)._replace(path=f"/{index}"))


if WORKER:
    os.environ["ROMANTIK_VAR_DIR"] = tempfile.mkdtemp(prefix=f"romantik-test-{WORKER}-")
    broker = os.environ.get("CELERY_BROKER_URL", "")
    if broker.startswith("redis://"):
        configured = int(urlsplit(broker).path.strip("/") or 0)
        os.environ["CELERY_BROKER_URL"] = redis_database(broker, configured)
        # The first Redis database no worker's broker uses (for tests that need one of their own, each adding its
        # worker's index): the brokers take `configured` … `configured` + workers - 1.
        workers = int(os.environ.get("PYTEST_XDIST_WORKER_COUNT", "1"))
        os.environ["ROMANTIK_TEST_REDIS_FREE"] = str(configured + workers)
else:
    os.environ.setdefault("ROMANTIK_VAR_DIR", tempfile.mkdtemp(prefix="romantik-test-"))
# A key of this run's own: with DEBUG off the settings refuse to load without one (romantik/keys.py).
os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))

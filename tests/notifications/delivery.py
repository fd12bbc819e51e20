"""Real parts for delivery tests: a local SMTP server (aiosmtpd) that can fail or hold a session,
a private redis-server that can be stopped and started again, and a Celery worker (and beat) run as
separate processes on the test database, so they can be killed like in production."""

import asyncio
import email
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP
from django.conf import settings
from django.db import connection

from tests.conftest import close_other_db_sessions, skip_or_fail

REPO = Path(settings.BASE_DIR)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until(predicate, *, timeout: float = 60, interval: float = 0.2, what: str = "condition"):
    """Poll until `predicate()` is truthy; generous timeouts because CI machines are busy."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"Timed out after {timeout:.0f} s waiting for {what}")
        time.sleep(interval)


class Mailbox:
    """aiosmtpd handler: keeps what it accepted; can refuse the next N messages with a
    temporary error, refuse everything, or hold the next session at RCPT until released."""

    def __init__(self):
        self.accepted = []  # email.message.Message objects, in arrival order
        self.refused = 0
        self._fail_next = 0
        self.fail_always = False
        self._hold_next = False
        self.held = threading.Event()  # set when a session is being held
        self.release = threading.Event()
        self.sessions_open = 0  # SMTP sessions whose handling has not ended (`_SessionCountingSMTP`)

    def fail_next(self, count: int) -> None:
        self._fail_next = count

    def hold_next(self) -> None:
        self.held.clear()
        self.release.clear()
        self._hold_next = True

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802 - aiosmtpd hook
        if self._hold_next:
            self._hold_next = False
            self.held.set()
            while not self.release.is_set():  # the sender is killed while we wait here
                await asyncio.sleep(0.05)
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd hook
        if self.fail_always or self._fail_next > 0:
            self._fail_next = max(self._fail_next - 1, 0)
            self.refused += 1
            return "451 4.3.0 Server sibuk, coba lagi nanti"
        self.accepted.append(email.message_from_bytes(envelope.content))
        return "250 OK"

    def message_ids(self) -> Counter:
        return Counter(m["Message-ID"] for m in self.accepted)


class _SessionCountingSMTP(SMTP):
    """aiosmtpd's SMTP session, counted in its Mailbox from the connection until its handling has ended: with no
    session open, no mail is on its way to the server."""

    def connection_made(self, transport):
        handling = self._handler_coroutine
        super().connection_made(transport)
        if self._handler_coroutine is not handling:  # a new connection (not STARTTLS on an open one)
            mailbox = self.event_handler
            mailbox.sessions_open += 1

            def ended(_task):
                mailbox.sessions_open -= 1

            self._handler_coroutine.add_done_callback(ended)


class _Controller(Controller):
    def factory(self):
        return _SessionCountingSMTP(self.handler, **self.SMTP_kwargs)


class SmtpServer:
    def __init__(self):
        self.mailbox = Mailbox()
        self.port = free_port()
        self._controller = _Controller(self.mailbox, hostname="127.0.0.1", port=self.port)

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.port}"

    def __enter__(self):
        self._controller.start()
        return self

    def __exit__(self, *exc):
        self.mailbox.release.set()
        self._controller.stop()


class RedisServer:
    """A private redis-server on a free port, stoppable mid-test without touching the machine's Redis."""

    def __init__(self, tmp_path: Path):
        self.port = free_port()
        self.dir = tmp_path
        self.process = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        binary = os.environ.get("REDIS_SERVER") or "redis-server"
        self.process = subprocess.Popen(
            [binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
             "--dir", str(self.dir)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_until(self._answers, timeout=20, what="redis-server to answer")

    def _answers(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=1) as s:
                s.sendall(b"PING\r\n")
                return s.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def stop(self) -> None:
        if self.process is not None:
            self.process.kill()
            self.process.wait(10)
            self.process = None


def shared_database_url() -> str:
    """The URL of the database the tests run on, for processes started by the test."""
    s = connection.settings_dict
    if s["ENGINE"] != "django.db.backends.postgresql":
        skip_or_fail("a worker process needs a database it can share: set DATABASE_URL to PostgreSQL")
    password = f":{s['PASSWORD']}" if s.get("PASSWORD") else ""
    return f"postgres://{s['USER']}{password}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


def children_of(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # pid (comm) state ppid ...: comm may contain spaces, so split after the last ")".
        if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
            found.append(int(entry.name))
    return found


def group_alive(pgid: int) -> bool:
    """Whether a process of group `pgid` still runs (a zombie, dead but not yet reaped, does not)."""
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        # After "(comm)": state ppid pgrp ...
        if int(fields[2]) == pgid and fields[0] != "Z":
            return True
    return False


class CeleryProcesses:
    """`celery worker` (prefork, one child) and optionally `celery beat`, as in production."""

    def __init__(self, *, broker_url: str, smtp_url: str, log_dir: Path, beat: bool = False, **env):
        self.env = {
            **os.environ,
            "DATABASE_URL": shared_database_url(),
            "CELERY_BROKER_URL": broker_url,
            "EMAIL_URL": smtp_url,
            "MEDIA_ROOT": str(settings.MEDIA_ROOT),
            "SITE_URL": settings.SITE_URL,
            "OUTBOX_BACKOFF_BASE_SECONDS": "1",
            "OUTBOX_FLUSH_SECONDS": "1",
            "OUTBOX_FLUSH_GRACE_SECONDS": "2",
            "CELERY_TASK_ALWAYS_EAGER": "false",
            **{k: str(v) for k, v in env.items()},
        }
        self.log_dir = log_dir
        self.beat = beat
        self.worker = None
        self.beat_process = None
        self._worker_log = log_dir / "worker.log"

    def _spawn(self, args: list[str], log: Path) -> subprocess.Popen:
        handle = log.open("ab")
        return subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "romantik", *args],
            cwd=REPO,
            env=self.env,
            stdout=handle,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: killpg takes the pool child too
        )

    def start_worker(self) -> None:
        self.worker = self._spawn(
            ["worker", "-P", "prefork", "-c", "1", "-l", "INFO", "-n", f"test-{os.getpid()}@%h",
             "--without-gossip", "--without-mingle", "--without-heartbeat"],
            self._worker_log,
        )
        wait_until(lambda: "ready." in self.log(), timeout=90, what="the Celery worker to be ready")

    def start(self) -> "CeleryProcesses":
        self.start_worker()
        if self.beat:
            schedule = self.log_dir / "celerybeat-schedule"
            self.beat_process = self._spawn(["beat", "-l", "INFO", "-s", str(schedule)], self.log_dir / "beat.log")
        return self

    def stopped(self) -> bool:
        """The worker, its pool and beat have all exited (after `stop` or `kill_all`): each ran in a process group of
        its own (`_spawn`), and no live process is left in any of them."""
        started = [process for process in (self.worker, self.beat_process) if process is not None]
        return all(process.poll() is not None for process in started) and not any(
            group_alive(process.pid) for process in started
        )

    def log(self) -> str:
        return self._worker_log.read_text(errors="replace") if self._worker_log.exists() else ""

    def pool_child(self) -> int:
        return wait_until(lambda: children_of(self.worker.pid), timeout=30, what="the pool child")[0]

    def kill_pool_child(self) -> int:
        """SIGKILL the process running the task, as the kernel's OOM killer would."""
        child = self.pool_child()
        os.kill(child, signal.SIGKILL)
        return child

    def kill_all(self) -> None:
        """SIGKILL the worker and its children at once, as when its machine dies."""
        os.killpg(self.worker.pid, signal.SIGKILL)
        self.worker.wait(10)

    def stop(self) -> None:
        for process in (self.beat_process, self.worker):
            if process is not None and process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
                try:
                    process.wait(20)
                except subprocess.TimeoutExpired:
                    os.killpg(process.pid, signal.SIGKILL)
                    process.wait(10)
        close_other_db_sessions()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()

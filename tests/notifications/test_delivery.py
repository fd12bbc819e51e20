"""Every message arrives exactly once: a real Celery worker process on real Redis sends the messages
of a full submission journey to a local SMTP server; fault tests stop the broker during a submission,
make the SMTP server fail, and kill the worker mid-send.

"Exactly once" is checked against the outbox: every e-mail row is SENT and the SMTP server accepted
exactly one mail with that row's Message-ID, and nothing else."""

import datetime
import os
import time
from collections import Counter

import pytest
from django.conf import settings
from django.db import transaction
from django.urls import reverse

from letters.enums import RenderState
from letters.issuing import letter_sign
from letters.pki import demo_certificate_issue
from letters.services import letter_send_to_head
from notifications.enums import Channel, MessageState
from notifications.models import Message
from notifications.services import message_id_header, message_queue, message_resend
from review import services as review
from romantik.celery import app as celery_app
from submissions.models import Submission
from submissions.services import submission_submit
from submissions.states import State
from tests.conftest import skip_or_fail
from tests.factories import UserFactory, fill_complete, submission_for
from tests.pytest_env import redis_database
from tests.review.conftest import office_world  # noqa: F401 - the world of the journey

from .delivery import CeleryProcesses, RedisServer, SmtpServer, wait_until

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

PASSPHRASE = "kunci-uji-pengiriman-77"


def _point_celery_at(url: str) -> None:
    """The test process publishes to the same broker as the worker (Celery caches its pools)."""
    celery_app.conf.broker_url = url
    celery_app._after_fork()


@pytest.fixture
def machine_redis(monkeypatch):
    """The machine's Redis (CELERY_BROKER_URL), on a database of its own (per xdist worker), emptied first."""
    configured = settings.CELERY_BROKER_URL
    if not configured.startswith("redis://"):
        skip_or_fail("needs Redis: set CELERY_BROKER_URL=redis://127.0.0.1:6379/N")
    import redis

    # Above every worker's broker database (tests/pytest_env.py): 13 and 14 with two workers whose brokers are 11, 12.
    url = redis_database(configured, int(os.environ.get("ROMANTIK_TEST_REDIS_FREE", "13")))
    client = redis.Redis.from_url(url)
    client.flushdb()
    monkeypatch.setenv("CELERY_BROKER_URL", url)
    _point_celery_at(url)
    yield url
    monkeypatch.undo()
    _point_celery_at(configured)
    client.flushdb()
    client.close()


@pytest.fixture
def private_redis(tmp_path, monkeypatch):
    """A redis-server of this test only, so it can be stopped without touching anyone else's."""
    server = RedisServer(tmp_path)
    try:
        server.start()
    except FileNotFoundError:
        skip_or_fail("redis-server is not installed (apt-get install redis-server)")
    monkeypatch.setenv("CELERY_BROKER_URL", server.url)
    _point_celery_at(server.url)
    yield server
    server.stop()
    monkeypatch.undo()
    _point_celery_at(settings.CELERY_BROKER_URL)


@pytest.fixture
def smtp():
    with SmtpServer() as server:
        yield server


def _email_rows():
    return list(Message.objects.filter(channel=Channel.EMAIL).order_by("pk"))


def all_sent(*, at_least: int = 1, timeout: float = 120) -> list[Message]:
    def done():
        rows = _email_rows()
        return rows if len(rows) >= at_least and all(m.state == MessageState.SENT for m in rows) else None

    return wait_until(done, timeout=timeout, what="every outbox message to be sent")


def assert_each_arrived_once(mailbox, rows, *senders: CeleryProcesses):
    """Every row's mail arrived exactly once, and nothing else. Asked once every process that could send (`senders`:
    the workers, their pools, beat) has exited, and every SMTP session the server had has ended: a duplicate can no
    longer be on its way, however slow it would have been."""
    assert senders
    wait_until(lambda: all(celery.stopped() for celery in senders), timeout=30, what="every sending process to exit")
    wait_until(lambda: mailbox.sessions_open == 0, timeout=30, what="the SMTP server's sessions to end")
    expected = Counter(message_id_header(m) for m in rows)
    assert mailbox.message_ids() == expected
    assert all(count == 1 for count in mailbox.message_ids().values())


def _logs(celery: CeleryProcesses) -> str:
    return celery.log()[-4000:]


# --- the full journey ---------------------------------------------------------------------------


def test_every_message_of_a_full_journey_arrives_exactly_once(machine_redis, smtp, tmp_path, office_world):  # noqa: F811
    """Submitted (in the fixture) → accepted → assigned → a note and back for revision → resubmitted →
    accepted → layak → letter rendered by the worker → sent to the head → signed and issued."""
    w = office_world
    office, head = w["office"], w["head"]
    office.letter_code = "62020"
    office.save(update_fields=["letter_code"])
    head.nip, head.position = "198001012006041001", "Kepala BPS Kabupaten Kotawaringin Timur"
    head.save(update_fields=["nip", "position"])
    demo_certificate_issue(user=head, office=office, passphrase=PASSPHRASE)

    with CeleryProcesses(broker_url=machine_redis, smtp_url=smtp.url, log_dir=tmp_path) as celery:
        s = review.review_accept(submission=w["submission"], actor=w["front_desk"])
        review.review_assign(submission=s, reviewers=[w["reviewer"]], actor=w["coordinator"])
        note = review.note_add(submission=s, section="3", field="objective", text="Tujuan perlu dirinci.",
                               actor=w["reviewer"])
        review.review_return_for_revision(submission=s, actor=w["reviewer"])
        review.note_respond(note=note, actor=w["agency"], response="Sudah dirinci.")
        s.refresh_from_db()
        s.dissemination_end = s.dissemination_end + datetime.timedelta(days=30)
        s.save()
        s = submission_submit(submission=s, actor=w["agency"])
        s = review.review_accept(submission=s, actor=w["reviewer"])
        s = review.review_decide(submission=s, actor=w["reviewer"], decision=State.FEASIBLE, text="Saran.")
        letter = s.letter

        def rendered():
            letter.refresh_from_db()
            return letter.render_state == RenderState.READY

        wait_until(rendered, timeout=120, what="the worker to render the letter")
        letter = letter_send_to_head(letter=letter, actor=w["reviewer"])
        letter_sign(letter=letter, signer=head, passphrase=PASSPHRASE)
        rows = all_sent(at_least=8)
        assert "Traceback" not in celery.log(), _logs(celery)

    assert Submission.objects.get(pk=s.pk).state == State.ISSUED
    templates = {m.template for m in rows}
    assert {
        "submission_submitted", "submission_incoming", "submission_accepted", "submission_assigned",
        "submission_needs_revision", "submission_resubmitted", "decision_awaiting_approval",
        "letter_awaiting_signature", "letter_issued",
    } <= templates, templates
    assert_each_arrived_once(smtp.mailbox, rows, celery)
    # Each mail went to the row's address, with a link to the page concerned.
    by_id = {m["Message-ID"]: m for m in smtp.mailbox.accepted}
    for row in rows:
        mail = by_id[message_id_header(row)]
        assert mail["To"] == row.address
        assert settings.SITE_URL in mail.get_payload(decode=True).decode()


# --- faults -------------------------------------------------------------------------------------


def test_broker_stopped_during_a_submission_loses_nothing_and_sends_once(
    private_redis, smtp, tmp_path, client, office_world  # noqa: F811
):
    """The submission is saved while Redis is down; its messages wait in the outbox, and the periodic
    flush sends them when Redis is back."""
    w = office_world
    draft = fill_complete(submission_for(w["agency"], title="Survei Saat Broker Mati"))
    client.force_login(w["agency"])
    with CeleryProcesses(broker_url=private_redis.url, smtp_url=smtp.url, log_dir=tmp_path, beat=True) as celery:
        all_sent(at_least=2)  # the fixture's own submission, delivered before the fault
        before = len(smtp.mailbox.accepted)

        private_redis.stop()
        started = time.monotonic()
        response = client.post(reverse("submissions:submit", kwargs={"pk": draft.pk}))
        assert time.monotonic() - started < 15  # the request is not held up by the dead broker
        assert response.status_code == 302
        draft.refresh_from_db()
        assert draft.state == State.SUBMITTED and draft.number
        waiting = Message.objects.filter(subject_ref=f"submissions.submission:{draft.pk}")
        assert waiting.count() >= 2
        assert set(waiting.values_list("state", flat=True)) == {MessageState.QUEUED}
        time.sleep(3)
        assert len(smtp.mailbox.accepted) == before  # nothing can be sent while the broker is down

        private_redis.start()  # same port, empty: the tasks published before the stop are gone too
        rows = all_sent(at_least=before + waiting.count(), timeout=150)
        assert "Traceback" not in celery.log(), _logs(celery)
    assert_each_arrived_once(smtp.mailbox, rows, celery)


def _queue_one(address="penerima@dinas.go.id", key="uji-1") -> Message:
    user = UserFactory(email=address)
    with transaction.atomic():
        return message_queue(
            template="membership_verified",
            recipient=user,
            context={"agency": "Dinas Uji", "note": "", "url": "/mulai/"},
            idempotency_key=key,
        )


def test_smtp_failures_are_retried_with_backoff_and_delivered_once(machine_redis, smtp, tmp_path):
    smtp.mailbox.fail_next(2)
    with CeleryProcesses(broker_url=machine_redis, smtp_url=smtp.url, log_dir=tmp_path) as celery:
        message = _queue_one()
        (message,) = all_sent(timeout=90)
    assert smtp.mailbox.refused == 2
    assert message.attempts == 3  # two refusals (backoff 1 s, then 2 s), then accepted
    assert "451" in message.last_error
    assert_each_arrived_once(smtp.mailbox, [message], celery)


def test_smtp_failing_on_every_try_marks_the_message_failed_and_a_resend_delivers_it_once(
    machine_redis, smtp, tmp_path
):
    smtp.mailbox.fail_always = True
    with CeleryProcesses(
        broker_url=machine_redis, smtp_url=smtp.url, log_dir=tmp_path, OUTBOX_MAX_ATTEMPTS=3
    ) as celery:
        message = _queue_one()

        def failed():
            message.refresh_from_db()
            return message.state == MessageState.FAILED

        wait_until(failed, timeout=90, what="the message to be marked failed")
        assert (message.attempts, smtp.mailbox.refused, smtp.mailbox.accepted) == (3, 3, [])
        assert "451" in message.last_error

        smtp.mailbox.fail_always = False
        with transaction.atomic():
            message_resend(message=message)
        (message,) = all_sent(timeout=60)
    assert_each_arrived_once(smtp.mailbox, [message], celery)


def test_worker_killed_mid_send_delivers_the_message_once(machine_redis, smtp, tmp_path):
    """The pool process dies while the SMTP session is open: its transaction rolls back, the task is
    not acknowledged (late ack) and is handed to the new pool process, which sends the mail once."""
    smtp.mailbox.hold_next()
    with CeleryProcesses(broker_url=machine_redis, smtp_url=smtp.url, log_dir=tmp_path) as celery:
        message = _queue_one()
        assert smtp.mailbox.held.wait(60), _logs(celery)
        killed = celery.kill_pool_child()
        smtp.mailbox.release.set()
        (message,) = all_sent(timeout=90)
        assert celery.pool_child() != killed
        log = celery.log()
    assert "WorkerLostError" in log or "signal 9" in log, log[-3000:]
    assert message.attempts == 1  # the killed attempt left no trace: it never committed
    assert_each_arrived_once(smtp.mailbox, [message], celery)


def test_whole_worker_killed_mid_send_the_flush_sends_once_and_the_redelivered_task_does_nothing(
    machine_redis, smtp, tmp_path
):
    """The worker and its pool die together (the machine is lost): the task stays unacknowledged in
    Redis. A new worker's periodic flush sends the queued row; when Redis hands the old task out again
    (visibility timeout), the idempotent delivery finds the row sent and sends nothing."""
    import redis

    visibility = {
        "CELERY_VISIBILITY_TIMEOUT": 5,
        "CELERY_UNACKED_RESTORE_INTERVAL": 1,
        "CELERY_UNACKED_RESTORE_THROTTLE": 1,
    }
    smtp.mailbox.hold_next()
    first = CeleryProcesses(broker_url=machine_redis, smtp_url=smtp.url, log_dir=tmp_path, **visibility).start()
    try:
        message = _queue_one()
        assert smtp.mailbox.held.wait(60), _logs(first)
        first.kill_all()
    finally:
        first.stop()
    smtp.mailbox.release.set()
    message.refresh_from_db()
    assert message.state == MessageState.QUEUED and smtp.mailbox.accepted == []
    broker = redis.Redis.from_url(machine_redis)
    assert broker.hlen("unacked") == 1  # the killed task, waiting for its visibility timeout

    with CeleryProcesses(
        broker_url=machine_redis, smtp_url=smtp.url, log_dir=tmp_path, beat=True, **visibility
    ) as second:
        (message,) = all_sent(timeout=90)
        wait_until(lambda: broker.hlen("unacked") == 0, timeout=90, what="the old task to be redelivered and acked")
    broker.close()
    assert message.attempts == 1
    assert_each_arrived_once(smtp.mailbox, [message], first, second)

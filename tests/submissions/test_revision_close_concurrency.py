"""Closing what waits too long (review/closing.py): sweeps running at once (a duplicated beat entry, two workers)
warn and close each revision once. On its own module: a transactional test flushes the database, which would
wipe a module's shared world (tests/conftest.py `module_db`)."""

import threading
from datetime import timedelta

import pytest
from django.db import connection

from notifications.enums import Channel
from notifications.models import Message
from review.closing import revision_close_sweep
from submissions.models import Submission, Transition
from submissions.states import State
from tests.factories import world_build
from tests.submissions.test_revision_close import CLOSES, _returned


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_sweeps_warn_and_close_once():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locks")
    w = world_build()
    s = _returned(w)
    errors = []

    def run(day):
        try:
            revision_close_sweep(today=day)
        except Exception as exc:  # noqa: BLE001
            errors.append(exc)
        finally:
            connection.close()

    for day in (CLOSES - timedelta(days=30), CLOSES - timedelta(days=7), CLOSES):
        threads = [threading.Thread(target=run, args=(day,)) for _ in range(3)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    assert not errors, errors
    emails = Message.objects.filter(channel=Channel.EMAIL)
    warnings = sorted(
        k.split(":")[4]
        for k in emails.filter(template="revision_close_warning").values_list("idempotency_key", flat=True)
    )
    assert warnings == ["warn-30", "warn-7"]
    assert emails.filter(template="submission_closed").count() == 1
    assert Transition.objects.filter(submission=s, to_state=State.CLOSED).count() == 1
    assert Submission.objects.get(pk=s.pk).state == State.CLOSED

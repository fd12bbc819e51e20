"""The deadline sweep (review/reminders.py) on the real 2027 calendar.

Around Lebaran 2027: 8 Mar (Mon) Nyepi, 9 Mar cuti bersama, 10-11 Mar Idulfitri, 12 Mar and 15 Mar (Mon)
cuti bersama. A due date of Wed 17 Mar 2027 is 1 working day away on 16 Mar and 3 working days away on
Thu 4 Mar (the working days after it: 5, 16, 17 Mar).
"""

import threading
from datetime import date, datetime, timedelta

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from notifications.enums import Channel
from notifications.models import Message
from review import reminders
from review.models import Assignment
from romantik.calendar import national_holidays
from submissions.models import Submission
from submissions.states import State
from tests.factories import submission_for

DUE = date(2027, 3, 17)


def _keys(template):
    return sorted(
        Message.objects.filter(template=template, channel=Channel.EMAIL).values_list("idempotency_key", flat=True)
    )


def _in_review(w, due=DUE, **fields):
    s = w["submission"]
    Assignment.objects.create(submission=s, reviewer=w["reviewer"], assigned_by=w["coordinator"])
    Submission.objects.filter(pk=s.pk).update(state=State.IN_REVIEW, due_date=due, **fields)
    return Submission.objects.get(pk=s.pk)


def test_the_dates_are_the_2027_lebaran_days_off():
    days_off = national_holidays(2027)
    for day in (8, 9, 10, 11, 12, 15):
        assert date(2027, 3, day) in days_off
    assert date(2027, 3, 16) not in days_off and date(2027, 3, 4) not in days_off


def test_reminders_3_and_1_working_days_before_across_lebaran(office_world):
    w = office_world
    s = _in_review(w)
    expected = lambda n: sorted(f"reminder:{s.pk}:due-{n}:{p.pk}" for p in (w["reviewer"], w["coordinator"]))  # noqa: E731

    reminders.reminders_sweep(today=date(2027, 3, 3))  # 4 working days left
    assert _keys("reminder_due") == []
    reminders.reminders_sweep(today=date(2027, 3, 4))  # 3 working days left
    assert _keys("reminder_due") == expected(3)
    for day in (5, 8, 9, 12, 15):  # 2 working days left through the whole Lebaran break: nothing new
        reminders.reminders_sweep(today=date(2027, 3, day))
    assert _keys("reminder_due") == expected(3)
    reminders.reminders_sweep(today=date(2027, 3, 16))  # 1 working day left
    assert _keys("reminder_due") == sorted(expected(3) + expected(1))
    # Only the assigned reviewer and the coordinator: not the second reviewer, the head or the agency.
    recipients = set(Message.objects.filter(template="reminder_due").values_list("recipient", flat=True))
    assert recipients == {w["reviewer"].pk, w["coordinator"].pk}


def test_a_missed_sweep_sends_the_nearest_threshold_once(office_world):
    w = office_world
    s = _in_review(w)
    reminders.reminders_sweep(today=date(2027, 3, 5))  # the 4 Mar sweep did not run: 2 days left -> threshold 3
    assert {k.split(":")[2] for k in _keys("reminder_due")} == {"due-3"}
    assert s.pk


def test_the_office_setting_changes_the_thresholds(office_world):
    w = office_world
    w["office"].reminder_days = [5]
    w["office"].save()
    s = _in_review(w)
    reminders.reminders_sweep(today=date(2027, 3, 1))  # 6 working days left
    assert _keys("reminder_due") == []
    # 5 working days before 17 Mar: 2 Mar (3, 4, 5, 16, 17).
    reminders.reminders_sweep(today=date(2027, 3, 2))
    assert {k.split(":")[2] for k in _keys("reminder_due")} == {"due-5"}
    assert s.pk


def test_a_sweep_run_twice_sends_once(office_world):
    w = office_world
    _in_review(w)
    before = Message.objects.count()
    reminders.reminders_sweep(today=date(2027, 3, 4))
    count = Message.objects.count()
    reminders.reminders_sweep(today=date(2027, 3, 4))
    assert Message.objects.count() == count == before + 2


def test_no_reminder_after_a_decision(office_world):
    w = office_world
    s = _in_review(w)
    Submission.objects.filter(pk=s.pk).update(state=State.FEASIBLE, decided_at=timezone.now())
    assert reminders.reminders_sweep(today=date(2027, 3, 4)) == 0
    assert _keys("reminder_due") == []


def test_the_state_is_rechecked_at_send_time(office_world, monkeypatch):
    """The query saw a running clock; the decision came before the send: nothing is queued."""
    w = office_world
    s = _in_review(w)
    stale = Submission.objects.filter(pk=s.pk).only("pk", "office_id")
    list(stale)
    Submission.objects.filter(pk=s.pk).update(state=State.FEASIBLE, decided_at=timezone.now())
    monkeypatch.setattr(reminders._Sweep, "due_query", lambda self: Submission.objects.filter(pk=s.pk))
    reminders.reminders_sweep(today=date(2027, 3, 4))
    assert _keys("reminder_due") == [] and _keys("reminder_overdue_digest") == []


def test_no_reminder_while_waiting_for_revision(office_world):
    w = office_world
    s = _in_review(w)
    Submission.objects.filter(pk=s.pk).update(state=State.NEEDS_REVISION, clock_paused_on=date(2027, 3, 1))
    reminders.reminders_sweep(today=date(2027, 3, 4))
    assert _keys("reminder_due") == []


def test_overdue_digest_to_the_coordinator_and_the_head_once_a_day(office_world):
    w = office_world
    s = _in_review(w, due=date(2027, 3, 16))
    reminders.reminders_sweep(today=date(2027, 3, 18))
    reminders.reminders_sweep(today=date(2027, 3, 18))
    office = w["office"]
    assert _keys("reminder_overdue_digest") == sorted(
        f"overdue:{office.pk}:2027-03-18:{p.pk}" for p in (w["coordinator"], w["head"])
    )
    message = Message.objects.get(template="reminder_overdue_digest", recipient=w["head"])
    assert message.context["count"] == 1
    assert message.context["items"][0]["url"] == reverse("review:detail", kwargs={"pk": s.pk})
    assert _keys("reminder_due") == []  # overdue work gets the digest, not a "due in" reminder
    reminders.reminders_sweep(today=date(2027, 3, 19))
    assert len(_keys("reminder_overdue_digest")) == 4


def test_revision_wait_reminder_to_the_agency_after_m_days(office_world):
    w = office_world
    s = _in_review(w)
    Submission.objects.filter(pk=s.pk).update(state=State.NEEDS_REVISION, clock_paused_on=date(2027, 7, 1), round=2)
    reminders.reminders_sweep(today=date(2027, 7, 14))  # 13 days
    assert _keys("reminder_revision_waiting") == []
    reminders.reminders_sweep(today=date(2027, 7, 15))  # 14 days (office default)
    reminders.reminders_sweep(today=date(2027, 7, 16))
    assert _keys("reminder_revision_waiting") == [f"revision-wait:{s.pk}:2:{w['agency'].pk}"]
    message = Message.objects.get(template="reminder_revision_waiting")
    assert message.recipient == w["agency"] and message.context["url"] == s.get_absolute_url()


def test_idle_draft_notice(office_world):
    w = office_world
    draft = submission_for(w["agency"])
    saved = timezone.make_aware(datetime(2027, 6, 1, 10, 0))
    Submission.objects.filter(pk=draft.pk).update(updated_at=saved)
    reminders.reminders_sweep(today=date(2027, 6, 30))  # 29 days
    assert _keys("reminder_draft_idle") == []
    reminders.reminders_sweep(today=date(2027, 7, 1))  # 30 days
    reminders.reminders_sweep(today=date(2027, 7, 2))
    assert _keys("reminder_draft_idle") == [f"idle-draft:{draft.pk}:30:{w['agency'].pk}"]


def test_old_work_outside_the_window_is_not_read(office_world):
    """A draft idle for a year is past the lookback: the query does not return it every day."""
    w = office_world
    draft = submission_for(w["agency"])
    Submission.objects.filter(pk=draft.pk).update(updated_at=timezone.now() - timedelta(days=400))
    sweep = reminders._Sweep(timezone.localdate())
    assert draft.pk not in set(sweep.due_query().values_list("pk", flat=True))


def test_the_messages_render(office_world):
    from notifications.services import message_render

    w = office_world
    s = _in_review(w)
    reminders.reminders_sweep(today=date(2027, 3, 4))
    Submission.objects.filter(pk=s.pk).update(due_date=date(2027, 3, 1))
    reminders.reminders_sweep(today=date(2027, 3, 4))
    for message in Message.objects.filter(template__startswith="reminder_"):
        subject, body = message_render(message=message)
        assert subject and s.number in subject + body


def test_the_task_is_scheduled_daily():
    from django.conf import settings

    entry = settings.CELERY_BEAT_SCHEDULE["reminders-sweep"]
    assert entry["task"] == "review.tasks.reminders_sweep_task"
    assert entry["schedule"].hour == {7} and entry["schedule"].minute == {0}


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_sweeps_send_once(office_world):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locks")
    w = office_world
    _in_review(w)
    errors = []

    def run():
        try:
            reminders.reminders_sweep(today=date(2027, 3, 4))
        except Exception as exc:  # noqa: BLE001
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert len(_keys("reminder_due")) == 2

"""What the national benchmark (bench/national.py) relies on, at two sizes each: the deadline sweep costs the same
queries for 1 or 12 reminders due, the review page the same for 3 or 40 offices to consult, and reminders are
queued many at a time (`notifications.services.message_queue_many`) without losing the outbox's guarantees."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from notifications.enums import Channel, MessageState
from notifications.models import ChannelPreference, Message
from notifications.services import message_queue_many, messages_deliver
from review import reminders
from review.models import Assignment
from romantik.enums import Role
from submissions.models import Submission
from submissions.states import State
from tests.factories import (
    AgencyFactory,
    OfficeFactory,
    RegionFactory,
    agency_user,
    fill_complete,
    staff,
    submission_for,
)

TODAY = date(2027, 7, 5)  # Monday; July 2027 has no holiday: 3 working days later is Thursday 8 July


@pytest.fixture
def world(db):
    OfficeFactory(code="0000", level="pusat", name="BPS RI")
    province = RegionFactory(code="62", name="KALIMANTAN TENGAH")
    regency = RegionFactory(code="6202", name="KABUPATEN UJI", level="kabkota", parent=province)
    office = OfficeFactory(code="6202", name="BPS Kabupaten Uji", region=regency)
    other = OfficeFactory(code="6203", name="BPS Kabupaten Lain")
    agency = AgencyFactory(name="Dinas Kesehatan", region=regency)
    return {
        "office": office,
        "other": other,
        "agency": agency_user(agency),
        "reviewer": staff(office, Role.REVIEWER),
        "coordinator": staff(office, Role.COORDINATOR),
        "head": staff(office, Role.HEAD),
        "other_coordinator": staff(other, Role.COORDINATOR),
    }


def _in_review(w, office, due: date, *, reviewer=None) -> Submission:
    s = submission_for(w["agency"], title=f"Survei {due} {office.code}")
    Submission.objects.filter(pk=s.pk).update(
        state=State.IN_REVIEW, office=office, number=f"{office.code}-2027-{s.pk:05d}", due_date=due
    )
    if reviewer is not None:
        Assignment.objects.create(submission=s, reviewer=reviewer)
    return s


def _sweep_queries() -> tuple[int, int]:
    with CaptureQueriesContext(connection) as captured:
        queued = reminders.reminders_sweep(today=TODAY)
    return len(captured), queued


def test_sweep_queries_do_not_grow_with_the_reminders_due(world):
    w = world
    due = TODAY + timedelta(days=3)  # 3 working days away: the due-3 reminder
    _in_review(w, w["office"], due, reviewer=w["reviewer"])
    _in_review(w, w["office"], TODAY - timedelta(days=1))  # overdue: the digest
    small, queued_small = _sweep_queries()
    assert queued_small == 2 + 2  # reviewer and coordinator; digest to coordinator and head
    Message.objects.all().delete()
    for n in range(11):
        office = w["office"] if n % 2 else w["other"]
        _in_review(w, office, due, reviewer=w["reviewer"] if n % 3 else None)
        _in_review(w, office, TODAY - timedelta(days=n + 1))
    large, queued_large = _sweep_queries()
    assert queued_large > 3 * queued_small
    assert large == small


def test_sweep_after_a_missed_day_queues_nothing_twice(world):
    w = world
    s = _in_review(w, w["office"], TODAY + timedelta(days=3), reviewer=w["reviewer"])
    assert reminders.reminders_sweep(today=TODAY) == 2
    keys = set(Message.objects.values_list("idempotency_key", flat=True))
    assert keys == {f"reminder:{s.pk}:due-3:{p.pk}" for p in (w["reviewer"], w["coordinator"])}
    assert reminders.reminders_sweep(today=TODAY) == 2  # found already queued
    assert Message.objects.count() == 2


def test_review_page_queries_do_not_grow_with_the_offices_to_consult(world, client):
    from submissions.services import submission_submit

    w = world
    s = submission_submit(submission=fill_complete(submission_for(w["agency"])), actor=w["agency"])
    client.force_login(w["coordinator"])
    url = reverse("review:detail", kwargs={"pk": s.pk})
    client.get(url)

    def count() -> tuple[int, str]:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200
        return len(captured), response.content.decode()

    few, _html = count()
    for n in range(38):
        OfficeFactory(code=f"{7100 + n}", name=f"BPS Uji {n}")
    many, html = count()
    assert few == many
    # Every other office is offered, by code and name, in one <select>.
    assert html.count('<option value="') - html.count('<option value="">') >= 39
    assert f"{w['other'].code} {w['other'].name}</option>" in html


def test_queue_many_writes_once_and_delivers(world, mailoutbox, django_capture_on_commit_callbacks):
    w = world
    item = {"template": "reminder_due", "context": {"number": "6202-2027-00001", "title": "Survei", "days": 3}}
    items = [
        {**item, "recipient": person, "idempotency_key": f"k:{person.pk}", "office": w["office"]}
        for person in (w["reviewer"], w["coordinator"])
    ]
    with django_capture_on_commit_callbacks() as callbacks:
        assert message_queue_many(items=items) == 2
    assert len(callbacks) == 1  # one dispatch for the whole batch
    assert message_queue_many(items=items) == 2  # the same keys: nothing new
    messages = list(Message.objects.order_by("pk"))
    assert [(m.recipient, m.channel, m.state) for m in messages] == [
        (w["reviewer"], Channel.EMAIL, MessageState.QUEUED),
        (w["coordinator"], Channel.EMAIL, MessageState.QUEUED),
    ]
    assert messages_deliver(message_ids=[m.pk for m in messages]) == 2
    assert messages_deliver(message_ids=[m.pk for m in messages]) == 2  # a redelivered task sends nothing
    assert sorted(mail.to[0] for mail in mailoutbox) == sorted([w["reviewer"].email, w["coordinator"].email])


def test_queue_many_adds_the_whatsapp_copy_like_message_queue(world, settings):
    settings.WHATSAPP_API_URL = "http://127.0.0.1:9/whatsapp"
    w = world
    # WhatsApp goes to a number its owner verified (tests/notifications/test_wa_verification.py).
    ChannelPreference.objects.create(
        user=w["reviewer"], whatsapp_number="6281234567890", whatsapp_verified_at=timezone.now()
    )
    w["office"].whatsapp_enabled = True
    w["office"].save(update_fields=["whatsapp_enabled"])
    message_queue_many(
        items=[
            {
                "template": "reminder_due",
                "context": {},
                "recipient": w["reviewer"],
                "idempotency_key": "k",
                "office": None,
            }
        ]
    )
    assert sorted(Message.objects.values_list("idempotency_key", "channel", "address")) == [
        ("k", Channel.EMAIL, w["reviewer"].email),
        ("k:wa", Channel.WHATSAPP, "6281234567890"),
    ]


def test_cached_form_html_is_crispys_and_follows_fields_choices_and_language(world):
    from crispy_forms.templatetags.crispy_forms_filters import as_crispy_form
    from django.utils import translation

    from review.forms import CommentForm, ConsultationForm, NoteForm
    from review.templatetags.review_forms import crispy_cached

    w = world
    forms = [
        NoteForm(initial={"section": "3"}, questions=[("objective", "Tujuan")], auto_id="note-3-%s"),
        ConsultationForm(office=w["office"], auto_id="consult-%s"),
        CommentForm(auto_id="comment-%s"),
    ]
    for form in forms:
        assert crispy_cached(form) == as_crispy_form(form)
        assert crispy_cached(form) == as_crispy_form(form)  # the second time from memory
    other = NoteForm(initial={"section": "4"}, questions=[("coverage", "Cakupan")], auto_id="note-4-%s")
    assert "Cakupan" in crispy_cached(other) and "Tujuan" not in crispy_cached(other)
    with translation.override("en"):
        english = crispy_cached(CommentForm(auto_id="comment-%s"))
    with translation.override("id"):
        indonesian = crispy_cached(CommentForm(auto_id="comment-%s"))
    assert english != indonesian
    bound = CommentForm({"text": "x" * 3}, auto_id="comment-%s")
    assert "x" * 3 in crispy_cached(bound)  # a bound form shows what was typed: never from memory


@pytest.mark.postgres
def test_sweep_queries_are_constant_beyond_a_batch(world, monkeypatch):
    """More reminders due than a batch (several fetches of the server-side cursor): still the same queries as
    for one reminder (issue 20: the sweep grew 17 -> 66 queries from 10k to 100k submissions)."""
    w = world
    due = TODAY + timedelta(days=3)
    _in_review(w, w["office"], due, reviewer=w["reviewer"])
    _in_review(w, w["office"], TODAY - timedelta(days=1))
    small, _queued = _sweep_queries()
    Message.objects.all().delete()
    monkeypatch.setattr(reminders, "BATCH_SIZE", 4)
    for n in range(14):
        office = w["office"] if n % 2 else w["other"]
        _in_review(w, office, due, reviewer=w["reviewer"])
        _in_review(w, office, TODAY - timedelta(days=n + 1))
    large, queued = _sweep_queries()
    assert queued > 15 * 2 and large == small
    assert reminders.reminders_sweep(today=TODAY) == queued  # found already queued: nothing twice

"""The handler's writes: the status table, the log, replies and notes, the kind, and repeated clicks."""

import itertools

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import RequestFactory
from django.utils import translation

from complaints.enums import ALLOWED, EventKind, Status
from complaints.models import ComplaintEvent
from complaints.services import complaint_reply, complaint_set_kind, complaint_set_status
from notifications.models import Message
from notifications.services import message_render
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

STATUSES = list(Status)


def _to(complaint, status, actor):
    """Bring a fresh complaint to `status` through allowed steps."""
    path = {
        Status.RECEIVED: [],
        Status.IN_PROGRESS: [Status.IN_PROGRESS],
        Status.RESOLVED: [Status.RESOLVED],
        Status.REJECTED: [Status.REJECTED],
    }[status]
    for step in path:
        complaint, _event = complaint_set_status(complaint=complaint, actor=actor, to=step, note="Catatan.")
    return complaint


@pytest.mark.parametrize(("start", "to"), [(a, b) for a, b in itertools.product(STATUSES, STATUSES) if a != b])
def test_every_status_change_follows_the_table(world, file_complaint, start, to):
    handler = world["handler"]
    complaint = _to(file_complaint(), start, handler)
    events_before = complaint.events.count()
    if to in ALLOWED[start]:
        complaint, event = complaint_set_status(complaint=complaint, actor=handler, to=to, note="Alasan.")
        assert complaint.status == to
        assert (event.from_status, event.to_status, event.actor, event.public, event.text) == (
            start,
            to,
            handler,
            True,
            "Alasan.",
        )
        assert complaint.events.count() == events_before + 1
    else:
        with pytest.raises(ValidationError) as raised:
            complaint_set_status(complaint=complaint, actor=handler, to=to, note="Alasan.")
        assert "to" in raised.value.message_dict
        complaint.refresh_from_db()
        assert complaint.status == start
        assert complaint.events.count() == events_before


def test_the_table_never_leads_back_to_received():
    assert all(Status.RECEIVED not in targets for targets in ALLOWED.values())


def test_a_status_change_tells_the_complainant_in_their_words(world, file_complaint):
    complaint = file_complaint()
    key = complaint.tracking_key
    complaint, event = complaint_set_status(complaint=complaint, actor=world["handler"], to="diproses")
    message = Message.objects.get(template="complaint_status")
    assert (message.address, message.idempotency_key) == ("yusuf@example.com", f"complaint-event:{event.pk}")
    subject, body = message_render(message=message)
    with translation.override("id"):  # the complainant has no account: Indonesian
        label = str(Status.IN_PROGRESS.label)
    assert complaint.number in subject and label in subject
    assert f"/pengaduan/lacak/?nomor={complaint.number}" in body
    assert key not in body  # only the receipt carries the tracking key


def test_closing_needs_a_note_for_the_complainant(world, file_complaint):
    complaint = file_complaint()
    for to in (Status.RESOLVED, Status.REJECTED):
        with pytest.raises(ValidationError) as raised:
            complaint_set_status(complaint=complaint, actor=world["handler"], to=to, note="  ")
        assert list(raised.value.message_dict) == ["note"]


def test_first_response_closing_and_reopening_set_their_times(world, file_complaint):
    handler = world["handler"]
    complaint = file_complaint()
    complaint, _ = complaint_set_status(complaint=complaint, actor=handler, to="diproses")
    first = complaint.first_response_at
    assert first is not None and complaint.resolved_at is None
    complaint, _ = complaint_set_status(complaint=complaint, actor=handler, to="selesai", note="Sudah terbit.")
    assert complaint.first_response_at == first and complaint.resolved_at is not None
    complaint, _ = complaint_set_status(complaint=complaint, actor=handler, to="diproses", note="Dibuka lagi.")
    assert complaint.resolved_at is None


def test_a_repeated_status_click_is_a_no_op(world, file_complaint):
    complaint = file_complaint()
    complaint_set_status(complaint=complaint, actor=world["handler"], to="diproses")
    complaint, event = complaint_set_status(complaint=complaint, actor=world["handler"], to="diproses")
    assert event is None
    assert complaint.events.filter(kind=EventKind.STATUS).count() == 2  # filing + one change
    assert Message.objects.filter(template="complaint_status").count() == 1


def test_the_first_public_reply_is_the_first_response_an_internal_note_is_not(world, file_complaint):
    complaint = file_complaint()
    note, created = complaint_reply(complaint=complaint, actor=world["handler"], text="Cek CCTV.", public=False)
    complaint.refresh_from_db()
    assert created and note.kind == EventKind.NOTE and not note.public
    assert complaint.first_response_at is None
    assert not Message.objects.filter(template="complaint_replied").exists()
    reply, created = complaint_reply(complaint=complaint, actor=world["handler"], text="Mohon maaf, kami periksa.")
    complaint.refresh_from_db()
    assert created and reply.kind == EventKind.REPLY and reply.public
    assert complaint.first_response_at == reply.created_at
    subject, body = message_render(message=Message.objects.get(template="complaint_replied"))
    assert complaint.number in subject and "Mohon maaf, kami periksa." in body


def test_a_repeated_reply_click_is_a_no_op(world, file_complaint):
    complaint = file_complaint()
    first, created = complaint_reply(complaint=complaint, actor=world["handler"], text="Sedang kami periksa.")
    again, created_again = complaint_reply(complaint=complaint, actor=world["handler"], text=" Sedang kami periksa. ")
    assert (created, created_again, again) == (True, False, first)
    assert complaint.events.filter(kind=EventKind.REPLY).count() == 1
    assert Message.objects.filter(template="complaint_replied").count() == 1


def test_an_empty_reply_is_refused(world, file_complaint):
    with pytest.raises(ValidationError):
        complaint_reply(complaint=file_complaint(), actor=world["handler"], text="   ")


def test_only_handlers_of_the_office_write(world, file_complaint):
    complaint = file_complaint()
    for person in ("reviewer", "other_handler", "member"):
        with pytest.raises(PermissionDenied):
            complaint_set_status(complaint=complaint, actor=world[person], to="diproses")
        with pytest.raises(PermissionDenied):
            complaint_reply(complaint=complaint, actor=world[person], text="Halo")
        with pytest.raises(PermissionDenied):
            complaint_set_kind(complaint=complaint, actor=world[person], kind="tidak_sederhana")
    # Office admins and heads handle complaints too.
    for person in ("admin", "head"):
        complaint_reply(complaint=complaint, actor=world[person], text=f"Balasan {person}")
    assert complaint.events.filter(kind=EventKind.REPLY).count() == 2


def test_changing_the_kind_recomputes_the_resolution_due_date_and_is_logged_internally(world, file_complaint):
    complaint = file_complaint()
    simple_due = complaint.resolution_due
    complaint, event = complaint_set_kind(complaint=complaint, actor=world["handler"], kind="tidak_sederhana")
    assert complaint.resolution_due > simple_due
    assert (event.kind, event.public, event.text) == (EventKind.KIND, False, "tidak_sederhana")
    complaint, again = complaint_set_kind(complaint=complaint, actor=world["handler"], kind="tidak_sederhana")
    assert again is None
    complaint, _ = complaint_set_kind(complaint=complaint, actor=world["handler"], kind="sederhana")
    assert complaint.resolution_due == simple_due


# --- through the pages --------------------------------------------------------------------------------------


def _detail(world, complaint) -> str:
    return f"/kantor/{world['office'].code}/pengaduan/{complaint.pk}/"


def test_handler_replies_changes_status_and_kind_through_the_page(client, world, file_complaint):
    complaint = file_complaint()
    client.login(request=RequestFactory().get("/"), email=world["handler"].email, password=PASSWORD)
    base = _detail(world, complaint)
    assert client.post(f"{base}balas/", {"text": "Kami periksa.", "visibility": "publik"}).status_code == 302
    assert client.post(f"{base}balas/", {"text": "Internal.", "visibility": "internal"}).status_code == 302
    assert client.post(f"{base}status/", {"to": "diproses", "note": ""}).status_code == 302
    assert client.post(f"{base}jenis/", {"kind": "tidak_sederhana"}).status_code == 302
    page = client.get(base)
    assert [(e.kind, e.public) for e in page.context["events"]] == [
        ("status", True),
        ("balasan", True),
        ("catatan", False),
        ("status", True),
        ("jenis", False),
    ]
    assert "Internal." in page.content.decode()


def test_closing_without_a_note_is_refused_next_to_the_field_on_the_page(client, world, file_complaint):
    complaint = file_complaint()
    client.login(request=RequestFactory().get("/"), email=world["handler"].email, password=PASSWORD)
    response = client.post(f"{_detail(world, complaint)}status/", {"to": "selesai", "note": ""})
    assert response.status_code == 400
    assert list(response.context["status_form"].errors) == ["note"]
    complaint.refresh_from_db()
    assert complaint.status == Status.RECEIVED


def test_a_status_the_table_forbids_is_not_offered_nor_accepted(client, world, file_complaint):
    handler = world["handler"]
    complaint = file_complaint()
    complaint_set_status(complaint=complaint, actor=handler, to="ditolak", note="Bukan wewenang BPS.")
    client.login(request=RequestFactory().get("/"), email=handler.email, password=PASSWORD)
    page = client.get(_detail(world, complaint))
    assert [value for value, _label in page.context["status_form"].fields["to"].choices] == ["diproses", "ditolak"]
    response = client.post(f"{_detail(world, complaint)}status/", {"to": "selesai", "note": "x"})
    assert response.status_code == 400
    assert ComplaintEvent.objects.filter(complaint=complaint, to_status="selesai").count() == 0


def test_a_repeated_click_on_the_page_says_nothing_changed(client, world, file_complaint):
    complaint = file_complaint()
    client.login(request=RequestFactory().get("/"), email=world["handler"].email, password=PASSWORD)
    client.post(f"{_detail(world, complaint)}status/", {"to": "diproses"}, follow=True)
    response = client.post(f"{_detail(world, complaint)}status/", {"to": "diproses"}, follow=True)
    assert [m.level_tag for m in response.context["messages"]] == ["info"]
    assert complaint.events.count() == 2

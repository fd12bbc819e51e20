"""Following a complaint with its number and tracking key (the link only the complainant received), and
"my complaints".

The attack these tests keep out: the number is sequential and the contact e-mail address is known to the
officer complained about, so number + e-mail must open nothing; only the key sent to the complainant does."""

import hashlib
import re

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client, RequestFactory

from complaints import tracking
from complaints.models import Complaint
from complaints.services import complaint_reply, complaint_set_status, complaint_tracking_link_send
from notifications.models import Message
from notifications.services import SCRUBBED, message_deliver, message_render
from tests.factories import PASSWORD, pdf_bytes

pytestmark = pytest.mark.django_db

URL = "/pengaduan/lacak/"


def _page(complaint) -> str:
    return f"/pengaduan/lacak/{complaint.number}/"


def _link(complaint, key=None) -> str:
    return f"{_page(complaint)}?kode={key if key is not None else complaint.tracking_key}"


def _attachment(complaint) -> str:
    return f"/pengaduan/{complaint.number}/lampiran/"


# --- the attack -----------------------------------------------------------------------------------------


def test_number_and_e_mail_address_no_longer_open_a_complaint(client, world, file_complaint):
    """What the officer complained about knows: the (sequential) number and the complainant's address."""
    complaint = file_complaint(
        attachment=SimpleUploadedFile("bukti.pdf", pdf_bytes(), content_type="application/pdf")
    )
    complaint_reply(complaint=complaint, actor=world["handler"], text="Kami sedang memeriksa.")
    for data in (
        {"number": complaint.number, "email": "yusuf@example.com"},
        {"number": complaint.number, "key": "yusuf@example.com"},
        {"number": complaint.number, "email": "yusuf@example.com", "key": ""},
    ):
        assert client.post(URL, data).status_code == 400
    for url in (_page(complaint), _attachment(complaint), f"{_page(complaint)}?email=yusuf@example.com"):
        assert client.get(url).status_code == 404, url
    assert "Kami sedang memeriksa." not in client.get(_page(complaint)).content.decode()


def test_the_neighbouring_number_with_a_known_key_opens_nothing(client, world, file_complaint):
    """Holding one complaint's key (one's own) does not open the next number."""
    mine, theirs = file_complaint(contact_email="saya@example.com"), file_complaint()
    assert client.get(_link(theirs, mine.tracking_key)).status_code == 400
    assert client.post(URL, {"number": theirs.number, "key": mine.tracking_key}).status_code == 400
    assert client.get(_page(theirs)).status_code == 404


# --- the key ---------------------------------------------------------------------------------------------


def test_the_key_is_random_and_stored_only_as_its_hash(world, file_complaint):
    first, second = file_complaint(), file_complaint()
    assert len(first.tracking_key) >= 24 and first.tracking_key != second.tracking_key
    stored = Complaint.objects.get(pk=first.pk)
    assert stored.tracking_key_hash == hashlib.sha256(first.tracking_key.encode()).hexdigest()
    assert not hasattr(stored, "tracking_key")  # only the instance the filing returned carries it
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM complaints_complaint")
        assert first.tracking_key not in repr(cursor.fetchall())


def test_the_key_is_compared_in_constant_time_whether_or_not_the_number_exists(world, file_complaint, monkeypatch):
    complaint = file_complaint()
    calls = []
    real = tracking.hmac.compare_digest
    monkeypatch.setattr(tracking.hmac, "compare_digest", lambda a, b: calls.append((a, b)) or real(a, b))
    from complaints.selectors import complaint_by_tracking

    assert complaint_by_tracking(complaint.number, complaint.tracking_key) == complaint
    assert complaint_by_tracking(complaint.number, "salah") is None
    assert complaint_by_tracking("ADU-6202-2020-99999", "salah") is None
    assert len(calls) == 3


def test_the_tracking_link_opens_the_complaint_and_leaves_the_key_out_of_the_address(client, world, file_complaint):
    complaint = file_complaint()
    response = client.get(_link(complaint))
    assert response.status_code == 302 and response["Location"] == _page(complaint)
    page = client.get(response["Location"])
    assert page.status_code == 200 and page.context["complaint"] == complaint
    assert complaint.tracking_key not in page.content.decode()


def test_number_and_code_typed_on_the_tracking_page_open_it(client, world, file_complaint):
    complaint = file_complaint()
    response = client.post(URL, {"number": complaint.number.lower(), "key": f" {complaint.tracking_key} "})
    assert response.status_code == 302 and response["Location"] == _page(complaint)
    assert client.get(_page(complaint)).status_code == 200


def test_a_pasted_tracking_link_works_in_the_code_field(client, world, file_complaint):
    complaint = file_complaint()
    pasted = f"https://romantik.bps.go.id{_link(complaint)}"
    assert client.post(URL, {"number": complaint.number, "key": pasted}).status_code == 302


@pytest.mark.parametrize(
    ("number", "key"),
    [
        ("right", "salah-kode"),  # right number, wrong key
        ("ADU-6202-2020-99999", "right"),  # no such number
        ("ADU-6202-2020-99999", "salah-kode"),
    ],
)
def test_a_wrong_pair_gets_one_message_whatever_was_wrong(client, world, file_complaint, number, key):
    complaint = file_complaint()
    number = complaint.number if number == "right" else number
    key = complaint.tracking_key if key == "right" else key
    response = client.post(URL, {"number": number, "key": key}, headers={"accept-language": "en"})
    assert response.status_code == 400
    assert response.context["form"].non_field_errors() == [
        "No complaint matches this tracking number and tracking code. Check both: they are in the e-mail we "
        "sent when the complaint was filed, or in a newer one with a new tracking link."
    ]
    assert response.context["form"]["number"].value() == number  # what was typed stays
    assert client.get(_page(complaint)).status_code == 404


def test_a_wrong_link_shows_the_tracking_form_with_the_number(client, world, file_complaint):
    complaint = file_complaint()
    response = client.get(_link(complaint, "bukan-kodenya"), headers={"accept-language": "en"})
    assert response.status_code == 400
    form = response.context["form"]
    assert form["number"].value() == complaint.number
    assert form.non_field_errors()[0].startswith("No complaint matches")
    assert client.get(_page(complaint)).status_code == 404


def test_guesses_are_rate_limited_even_for_a_right_pair_afterwards(client, world, file_complaint, settings):
    settings.TRACKING_RATE_LIMIT = (3, 900)
    complaint = file_complaint()
    for n in range(2):
        assert client.post(URL, {"number": complaint.number, "key": f"tebakan-{n}"}).status_code == 400
    assert client.get(_link(complaint, "tebakan-link")).status_code == 400  # wrong links count too
    assert client.post(URL, {"number": complaint.number, "key": complaint.tracking_key}).status_code == 429
    assert client.get(_link(complaint)).status_code == 429
    # Another client address is not affected.
    other = client.post(URL, {"number": complaint.number, "key": complaint.tracking_key}, REMOTE_ADDR="10.1.1.1")
    assert other.status_code == 302


def test_the_e_mail_link_fills_in_the_number(client, world, file_complaint):
    complaint = file_complaint()
    form = client.get(URL, {"nomor": complaint.number}).context["form"]
    assert form["number"].value() == complaint.number


# --- what the complainant receives -----------------------------------------------------------------------------


def test_the_filed_page_shows_the_tracking_link_once_and_it_works_elsewhere(client, world):
    response = client.post(
        "/pengaduan/",
        {
            "office": world["office"].pk,
            "category": "perilaku_petugas",
            "description": "Petugas PST tidak ramah.",
            "contact_name": "Yusuf",
            "contact_email": "yusuf@example.com",
            "situs_web": "",
        },
    )
    complaint = Complaint.objects.get()
    page = client.get(response["Location"])
    link = page.context["link"]
    assert re.fullmatch(rf"http://testserver/pengaduan/lacak/{complaint.number}/\?kode=[\w-]{{24,}}", link)
    assert link in page.content.decode()
    assert tracking.key_matches(complaint, link.rsplit("=", 1)[1])
    again = client.get(response["Location"])  # a reload: the number, not the key again
    assert again.status_code == 200 and again.context["link"] == "" and "kode=" not in again.content.decode()
    assert client.get(_page(complaint)).status_code == 200  # the session that filed it follows it
    # Anywhere else, the link opens it.
    elsewhere = Client()
    assert elsewhere.get(_page(complaint)).status_code == 404
    assert elsewhere.get(link.removeprefix("http://testserver")).status_code == 302
    assert elsewhere.get(_page(complaint)).status_code == 200


def test_the_receipt_carries_the_link_and_the_outbox_blanks_it_once_sent(world, file_complaint):
    complaint = file_complaint()
    receipt = Message.objects.get(template="complaint_filed")
    _subject, body = message_render(message=receipt)
    assert _link(complaint) in body and complaint.tracking_key in body
    message_deliver(message_id=receipt.pk)
    assert _link(complaint) in mail.outbox[0].body  # the complainant got it
    receipt.refresh_from_db()
    assert receipt.state == "sent"
    assert (receipt.context["url"], receipt.context["tracking_key"]) == (SCRUBBED, SCRUBBED)
    assert complaint.tracking_key not in repr(receipt.context)
    assert receipt.context["number"] == complaint.number  # the rest stays, for the message log


def test_later_messages_never_carry_the_key(world, file_complaint):
    complaint = file_complaint()
    complaint_reply(complaint=complaint, actor=world["handler"], text="Kami periksa.")
    complaint_set_status(complaint=complaint, actor=world["handler"], to="selesai", note="Sudah terbit.")
    for template in ("complaint_replied", "complaint_status", "complaint_new"):
        message = Message.objects.get(template=template)
        assert complaint.tracking_key not in repr(message.context), template
        assert complaint.tracking_key not in message_render(message=message)[1], template


# --- a new link from the office -----------------------------------------------------------------------------


def _send_link(client, world, complaint):
    client.login(request=RequestFactory().get("/"), email=world["handler"].email, password=PASSWORD)
    response = client.post(f"/kantor/6202/pengaduan/{complaint.pk}/tautan-lacak/", {"confirm": "on"})
    client.logout()
    return response


def test_the_office_sends_a_new_link_and_the_old_link_and_its_sessions_stop_working(client, world, file_complaint):
    complaint = file_complaint()
    follower = Client()
    assert follower.get(_link(complaint)).status_code == 302
    assert follower.get(_page(complaint)).status_code == 200

    response = _send_link(client, world, complaint)
    assert response.status_code == 302
    message = Message.objects.get(template="complaint_link")
    assert (message.address, message.recipient) == ("yusuf@example.com", None)
    new_key = message.context["tracking_key"]
    assert complaint.tracking_key not in repr(message.context)
    # The handler never sees the key: not on the page they come back to, not in the log.
    client.login(request=RequestFactory().get("/"), email=world["handler"].email, password=PASSWORD)
    assert new_key not in client.get(response["Location"]).content.decode()
    event = complaint.events.get(kind="tautan")
    assert (event.public, event.actor, new_key in event.text) == (False, world["handler"], False)

    assert follower.get(_page(complaint)).status_code == 404  # the old session no longer follows
    assert Client().get(_link(complaint)).status_code == 400  # the old link
    fresh = Client()
    assert fresh.get(_link(complaint, new_key)).status_code == 302
    assert fresh.get(_page(complaint)).status_code == 200
    message_deliver(message_id=message.pk)
    message.refresh_from_db()
    assert (message.context["url"], message.context["tracking_key"]) == (SCRUBBED, SCRUBBED)
    assert _link(complaint, new_key) in mail.outbox[-1].body
    # The complainant's page never shows internal lines.
    assert "tautan" not in [e.kind for e in fresh.get(_page(complaint)).context["events"]]


def test_sending_a_new_link_needs_the_confirmation_and_a_handler(client, world, file_complaint):
    complaint = file_complaint()
    url = f"/kantor/6202/pengaduan/{complaint.pk}/tautan-lacak/"
    client.login(request=RequestFactory().get("/"), email=world["handler"].email, password=PASSWORD)
    assert client.post(url, {}).status_code == 400
    for person in ("reviewer", "other_handler", "member"):
        client.login(request=RequestFactory().get("/"), email=world[person].email, password=PASSWORD)
        assert client.post(url, {"confirm": "on"}).status_code == 404
    assert not Message.objects.filter(template="complaint_link").exists()
    assert Complaint.objects.get().tracking_key_hash == tracking.key_hash(complaint.tracking_key)


def test_complaints_filed_before_tracking_keys(client, world, file_complaint):
    """Migrated complaints have no key: nothing opens an anonymous one until the office sends a link;
    a signed-in complainant still follows theirs from the account."""
    anonymous = file_complaint()
    owned = file_complaint(complainant=world["member"], contact_email=world["member"].email)
    Complaint.objects.update(tracking_key_hash="")
    for complaint in (anonymous, owned):
        assert client.get(_link(complaint)).status_code == 400
        assert client.post(URL, {"number": complaint.number, "key": ""}).status_code == 400
    assert not tracking.key_matches(Complaint.objects.get(pk=anonymous.pk), "")

    member = Client()
    member.login(request=RequestFactory().get("/"), email=world["member"].email, password=PASSWORD)
    assert member.get(_page(owned)).status_code == 200

    office = Client()
    office.login(request=RequestFactory().get("/"), email=world["handler"].email, password=PASSWORD)
    page = office.get(f"/kantor/6202/pengaduan/{anonymous.pk}/")
    assert 'data-testid="no-tracking-key"' in page.content.decode()
    complaint_tracking_link_send(complaint=anonymous, actor=world["handler"])
    key = Message.objects.get(template="complaint_link").context["tracking_key"]
    assert client.get(_link(anonymous, key)).status_code == 302
    assert client.get(_page(anonymous)).status_code == 200


# --- the pages ----------------------------------------------------------------------------------------------


def test_the_page_shows_replies_and_status_changes_but_never_internal_notes(client, world, file_complaint):
    complaint = file_complaint()
    complaint_reply(complaint=complaint, actor=world["handler"], text="Kami sedang memeriksa.")
    complaint_reply(complaint=complaint, actor=world["handler"], text="Petugas X ditegur.", public=False)
    complaint_set_status(complaint=complaint, actor=world["handler"], to="diproses", note="Sedang ditangani.")
    client.get(_link(complaint))
    page = client.get(_page(complaint))
    html = page.content.decode()
    assert [e.kind for e in page.context["events"]] == ["status", "balasan", "status"]
    assert "Kami sedang memeriksa." in html and "Sedang ditangani." in html
    assert "Petugas X ditegur." not in html
    # Handlers are not named to the public; the office is.
    assert world["handler"].full_name not in html
    assert 'data-status="diproses"' in html


def test_signed_in_complainant_sees_my_complaints_and_opens_them_without_the_key(client, world, file_complaint):
    mine = file_complaint(complainant=world["member"], contact_email=world["member"].email)
    file_complaint()  # someone else's
    client.login(request=RequestFactory().get("/"), email=world["member"].email, password=PASSWORD)
    assert list(client.get(URL).context["mine"]) == [mine]
    assert list(client.get("/pengaduan/saya/").context["complaints"]) == [mine]
    assert client.get(_page(mine)).status_code == 200
    # Their later messages link to the page itself, which the account opens.
    complaint_reply(complaint=mine, actor=world["handler"], text="Kami periksa.")
    assert Message.objects.get(template="complaint_replied").context["url"] == _page(mine)


def test_my_complaints_needs_signing_in(client, world):
    response = client.get("/pengaduan/saya/")
    assert response.status_code == 302 and "/akun/login/" in response["Location"]


@pytest.mark.parametrize("count", [1, 8])
def test_my_complaints_queries_do_not_grow_with_rows(client, world, file_complaint, django_assert_num_queries, count):
    for n in range(count):
        office = world["office"] if n % 2 else world["other_office"]
        file_complaint(office=office, complainant=world["member"], contact_email=world["member"].email)
    client.login(request=RequestFactory().get("/"), email=world["member"].email, password=PASSWORD)
    # session, user, complaints with their office, and the navigation's office roles and agency membership
    with django_assert_num_queries(5):
        response = client.get("/pengaduan/saya/")
    assert len(response.context["complaints"]) == count


@pytest.mark.parametrize("replies", [1, 8])
def test_the_tracking_page_queries_do_not_grow_with_the_log(
    client, world, file_complaint, django_assert_num_queries, replies
):
    complaint = file_complaint()
    for n in range(replies):
        complaint_reply(complaint=complaint, actor=world["handler"], text=f"Balasan {n}")
    client.get(_link(complaint))
    # session, complaint with office and submission, events with their actors
    with django_assert_num_queries(3):
        response = client.get(_page(complaint))
    assert len(response.context["events"]) == replies + 1

"""Seed 003 (BPS Kabupaten Kayong Utara, 6111) promises notifications by e-mail *and* WhatsApp: a person verifies
their number with a 6-digit code sent over WhatsApp on /akun/notifikasi/, and from then on every message of theirs
is also written for WhatsApp. Here on the embedded default: the file backend (var/whatsapp/*.json)."""

import json
import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from notifications.enums import Channel, MessageState
from notifications.models import Message, WhatsAppCode
from notifications.services import (
    SCRUBBED,
    WHATSAPP_CODE_MAX_ATTEMPTS,
    channels_for,
    message_deliver,
    message_queue,
    outbox_flush,
    whatsapp_code_send,
    whatsapp_code_verify,
)
from romantik.enums import Role
from romantik.models import Office
from romantik.seeding import offices_load, regions_load
from tests.factories import AgencyFactory, agency_user, staff

pytestmark = pytest.mark.django_db

URL = "/akun/notifikasi/"
NUMBER = "6281234567890"


def kayong_utara(**user_fields) -> tuple[Office, object]:
    """The seed offices (6111 with whatsapp_enabled, as seed 003 promises) and an agency user of Kayong Utara who
    gave a phone number at sign-up."""
    regions_load()
    offices_load()
    office = Office.objects.get(code="6111")
    agency = AgencyFactory(name="Dinas Komunikasi dan Informatika Kabupaten Kayong Utara", region=office.region)
    fields = {"phone": "0812-3456-7890", "language": "id", "full_name": "Wulan Sari", **user_fields}
    return office, agency_user(agency, **fields)


def whatsapp_files(folder) -> list[dict]:
    """The WhatsApp messages written, oldest first (by outbox id: "…-10.json" sorts before "…-9.json")."""
    records = [json.loads(path.read_text(encoding="utf-8")) for path in Path(folder).glob("*.json")]
    return sorted(records, key=lambda record: record["message_id"])


def code_in(record: dict) -> str:
    return re.search(r"\b(\d{6})\b", record["text"]).group(1)


@pytest.fixture
def files(settings, tmp_path):
    """The embedded default: no WhatsApp API, so messages are written as files (here the test's own folder)."""
    settings.WHATSAPP_BACKEND = ""
    settings.WHATSAPP_API_URL = ""
    settings.WHATSAPP_FILE_PATH = str(tmp_path / "whatsapp")
    return tmp_path / "whatsapp"


def send_and_read_code(user, files, number="0812 3456 7890") -> str:
    whatsapp_code_send(user=user, number=number)
    outbox_flush(grace=timedelta(0))
    return code_in(whatsapp_files(files)[-1])


def test_the_seed_promises_whatsapp_for_6111_only():
    regions_load()
    offices_load()
    assert set(Office.objects.filter(whatsapp_enabled=True).values_list("code", flat=True)) == {"6111"}


def test_a_6111_user_verifies_their_number_and_then_gets_every_message_by_whatsapp_too(files):
    office, user = kayong_utara()
    assert channels_for(user) == {"email"}  # the sign-up's number is not verified yet

    pending = whatsapp_code_send(user=user, number="0812 3456 7890")
    assert pending.number == NUMBER
    code_message = Message.objects.get(template="whatsapp_code")
    assert (code_message.channel, code_message.address, code_message.office, code_message.recipient) == (
        Channel.WHATSAPP,
        NUMBER,
        office,
        user,
    )
    assert outbox_flush(grace=timedelta(0)) == 1
    [record] = whatsapp_files(files)
    assert record["to"] == NUMBER
    assert record["message_template"] == "whatsapp_code"
    code = code_in(record)
    assert record["text"].startswith(f"Kode verifikasi Romantik Anda: {code}\n\n")
    assert "berlaku 10 menit" in record["text"]
    # The approved (authentication) template the Cloud API would be sent, with the code in its copy button.
    assert record["template"]["name"] == "romantik_kode_verifikasi"
    assert record["template"]["components"][1]["parameters"] == [{"type": "text", "text": code}]
    code_message.refresh_from_db()
    assert code_message.context["code"] == SCRUBBED  # the outbox keeps no working code

    preference = whatsapp_code_verify(user=user, code=code)
    assert (preference.whatsapp_number, preference.whatsapp) == (NUMBER, True)
    assert preference.whatsapp_verified_at is not None
    assert not WhatsAppCode.objects.filter(user=user).exists()
    assert channels_for(user) == {"email", "whatsapp"}

    message_queue(
        template="membership_verified",
        recipient=user,
        context={"agency": "Dinas Kominfo", "note": "", "url": "/mulai/"},
        idempotency_key="verified-1",
        office=office,
    )
    copy = Message.objects.get(idempotency_key="verified-1:wa")
    assert (copy.channel, copy.address, copy.office) == (Channel.WHATSAPP, NUMBER, office)
    assert outbox_flush(grace=timedelta(0)) == 2  # the e-mail and the WhatsApp message
    record = whatsapp_files(files)[-1]
    assert record["message_id"] == copy.pk
    assert record["text"].startswith("Akun Anda telah diverifikasi untuk Dinas Kominfo: kini Anda dapat mengajukan")
    assert record["template"]["name"] == "romantik_membership_verified"


def test_a_wrong_code_counts_and_too_many_end_the_code(files):
    _office, user = kayong_utara()
    code = send_and_read_code(user, files)
    wrong = f"{(int(code) + 1) % 10**6:06d}"
    with pytest.raises(ValidationError) as refused:
        whatsapp_code_verify(user=user, code=wrong)
    assert refused.value.message_dict == {"code": ["Kode ini salah. Sisa 4 kali percobaan."]}
    with pytest.raises(ValidationError) as refused:
        whatsapp_code_verify(user=user, code="12ab")
    assert refused.value.message_dict == {"code": ["Kode terdiri atas 6 angka."]}
    for _attempt in range(WHATSAPP_CODE_MAX_ATTEMPTS - 1):
        with pytest.raises(ValidationError):
            whatsapp_code_verify(user=user, code=wrong)
    with pytest.raises(ValidationError) as refused:
        whatsapp_code_verify(user=user, code=code)  # right, but too late
    assert refused.value.message_dict == {"code": ["Terlalu banyak kode yang salah. Minta kode baru."]}
    assert channels_for(user) == {"email"}


def test_a_code_expires_after_ten_minutes(files):
    _office, user = kayong_utara()
    code = send_and_read_code(user, files)
    with pytest.raises(ValidationError) as refused:
        whatsapp_code_verify(user=user, code=code, now=timezone.now() + timedelta(minutes=10, seconds=1))
    assert refused.value.message_dict == {"code": ["Kode ini sudah kedaluwarsa. Minta kode baru."]}
    WhatsAppCode.objects.filter(user=user).delete()
    with pytest.raises(ValidationError) as refused:
        whatsapp_code_verify(user=user, code=code)
    assert refused.value.message_dict == {
        "code": ["Minta kode terlebih dahulu: masukkan nomor Anda lalu tekan “Kirim kode”."]
    }


def test_resending_waits_a_minute_and_stops_after_five_an_hour(files):
    _office, user = kayong_utara()
    start = timezone.now()
    whatsapp_code_send(user=user, number=NUMBER, now=start)
    with pytest.raises(ValidationError) as refused:
        whatsapp_code_send(user=user, number=NUMBER, now=start + timedelta(seconds=30))
    assert refused.value.message_dict == {
        "number": ["Kode baru saja dikirim. Tunggu 30 detik sebelum meminta kode lain."]
    }
    for minute in range(1, 5):
        whatsapp_code_send(user=user, number=NUMBER, now=start + timedelta(minutes=minute))
    with pytest.raises(ValidationError) as refused:
        whatsapp_code_send(user=user, number=NUMBER, now=start + timedelta(minutes=6))
    assert refused.value.message_dict == {
        "number": ["Terlalu banyak kode diminta dalam satu jam terakhir. Coba lagi satu jam lagi."]
    }
    assert Message.objects.filter(template="whatsapp_code").count() == 5
    # Only the newest code counts.
    outbox_flush(grace=timedelta(0))
    codes = [code_in(record) for record in whatsapp_files(files)]
    assert len(codes) == 5
    if codes[0] != codes[-1]:
        with pytest.raises(ValidationError):
            whatsapp_code_verify(user=user, code=codes[0])
    whatsapp_code_verify(user=user, code=codes[-1])


def test_a_number_that_is_no_mobile_number_is_refused_next_to_the_field(files):
    _office, user = kayong_utara()
    with pytest.raises(ValidationError) as refused:
        whatsapp_code_send(user=user, number="0561 123")
    assert refused.value.message_dict == {
        "number": ["Masukkan nomor ponsel yang terhubung dengan WhatsApp, misalnya 0812-3456-7890."]
    }


def test_users_of_an_office_without_whatsapp_are_not_offered_it(files, client):
    regions_load()
    offices_load()
    kotim = Office.objects.get(code="6202")
    user = agency_user(AgencyFactory(region=kotim.region), phone="0812-3456-7890", language="id")
    with pytest.raises(ValidationError) as refused:
        whatsapp_code_send(user=user, number=NUMBER)
    assert refused.value.messages == ["Notifikasi WhatsApp tidak tersedia untuk akun Anda."]
    client.force_login(user)
    page = client.get(URL).content.decode()
    assert "Kantor BPS Anda tidak mengirim notifikasi lewat WhatsApp" in page
    assert 'data-testid="number-form"' not in page
    assert client.post(URL, {"action": "nomor", "number": NUMBER}).status_code == 200
    assert not Message.objects.exists()


def test_staff_of_6111_verify_like_anyone(files):
    regions_load()
    offices_load()
    reviewer = staff(Office.objects.get(code="6111"), Role.REVIEWER, phone="", language="id")
    code = send_and_read_code(reviewer, files, number="+62 813 1111 2222")
    whatsapp_code_verify(user=reviewer, code=code)
    assert channels_for(reviewer) == {"email", "whatsapp"}


# --- the page -------------------------------------------------------------------------------------------------


def test_the_page_prefills_the_sign_up_number_and_walks_through_the_code(files, client):
    _office, user = kayong_utara()
    client.force_login(user)
    assert reverse("notification_preferences") == URL
    page = client.get(URL).content.decode()
    assert f'href="{URL}"' in page  # the user menu (the name in the top bar) leads here
    assert f"Kami selalu mengirim notifikasi melalui e-mail ke {user.email}." in page
    assert "BPS Kabupaten Kayong Utara juga mengirim notifikasi lewat WhatsApp" in page
    assert 'value="+62 812-3456-7890"' in page
    assert "Ini nomor yang Anda isi saat mendaftar. Nomor ini belum terverifikasi." in page
    assert "Belum ada nomor WhatsApp terverifikasi" in page

    invalid = client.post(URL, {"action": "nomor", "number": "nomor saya"})
    assert invalid.status_code == 400
    assert "Masukkan nomor ponsel yang terhubung dengan WhatsApp" in invalid.content.decode()
    assert 'value="nomor saya"' in invalid.content.decode()  # what was typed stays

    response = client.post(URL, {"action": "nomor", "number": "0812-3456-7890"}, follow=True)
    page = response.content.decode()
    assert "Kami mengirim kode 6 angka lewat WhatsApp ke +62 812-3456-7890. Ketikkan kode itu di bawah." in page
    assert 'data-testid="code-form"' in page
    outbox_flush(grace=timedelta(0))
    code = code_in(whatsapp_files(files)[-1])

    too_soon = client.post(URL, {"action": "kirim-ulang"}, follow=True).content.decode()
    assert "Kode baru saja dikirim. Tunggu" in too_soon
    wrong = client.post(URL, {"action": "kode", "code": "000000" if code != "000000" else "111111"})
    assert wrong.status_code == 400
    assert "Kode ini salah. Sisa 4 kali percobaan." in wrong.content.decode()

    page = client.post(URL, {"action": "kode", "code": code}, follow=True).content.decode()
    assert "Nomor WhatsApp Anda terverifikasi. Notifikasi juga akan dikirim ke sana." in page
    assert "Nomor terverifikasi: <strong>+62 812-3456-7890</strong>" in page
    assert 'data-testid="whatsapp-state">aktif<' in page
    assert channels_for(user) == {"email", "whatsapp"}

    page = client.post(URL, {"action": "kanal"}, follow=True).content.decode()
    assert "WhatsApp dinonaktifkan: Anda menerima notifikasi hanya lewat email." in page
    assert channels_for(user) == {"email"}


def test_the_page_says_when_whatsapp_is_not_set_up(client, settings):
    settings.WHATSAPP_BACKEND = "off"
    _office, user = kayong_utara()
    client.force_login(user)
    page = client.get(URL).content.decode()
    assert "WhatsApp belum disiapkan di portal ini: Anda menerima semua notifikasi hanya lewat email." in page
    assert 'data-testid="number-form"' not in page
    settings.WHATSAPP_BACKEND = "cloud"
    settings.WHATSAPP_API_URL = ""
    assert "WhatsApp belum disiapkan di portal ini" in client.get(URL).content.decode()


def test_a_failed_code_message_is_visible_as_failed(files, settings):
    """A number WhatsApp refuses: the code's message fails like any other, on the office's page (test_wa_health)."""
    _office, user = kayong_utara()
    whatsapp_code_send(user=user, number=NUMBER)
    settings.WHATSAPP_BACKEND = "off"
    message = message_deliver(message_id=Message.objects.get(template="whatsapp_code").pk)
    assert message.state == MessageState.FAILED
    assert "WhatsApp is not configured" in message.last_error


def test_the_daily_sweep_copies_its_messages_to_verified_numbers_only(files):
    """message_queue_many (the reminders) writes the WhatsApp row as message_queue does."""
    from notifications.services import message_queue_many

    office, user = kayong_utara()
    other = agency_user(user.membership.agency, phone="0813-0000-1111")  # gave a number, never verified it
    whatsapp_code_verify(user=user, code=send_and_read_code(user, files))
    items = [
        {
            "recipient": person,
            "idempotency_key": f"draft-idle:{person.pk}",
            "template": "reminder_draft_idle",
            "context": {"title": "Survei Padi", "days": 7, "office": office.name, "url": "/pengajuan/1/"},
            "office": office,
        }
        for person in (user, other)
    ]
    assert message_queue_many(items=items) == 2
    rows = Message.objects.filter(template="reminder_draft_idle")
    assert sorted(rows.values_list("channel", "address")) == sorted(
        [("email", user.email), ("email", other.email), ("whatsapp", NUMBER)]
    )
    outbox_flush(grace=timedelta(0))
    assert whatsapp_files(files)[-1]["message_template"] == "reminder_draft_idle"

"""Seed 003's promise in Chromium: an agency user of BPS Kabupaten Kayong Utara (6111, notifications by e-mail
*and* WhatsApp) opens their notification page from the user menu, finds the number they gave at sign-up, asks for a
code, reads it from the WhatsApp file (the embedded default writes WhatsApp messages to var/whatsapp like mail),
verifies it, and a later notification (a new API token) is written as a WhatsApp file too."""

import json
import re
from datetime import timedelta
from pathlib import Path

import pytest

from notifications.services import outbox_flush
from tests.browser.helpers import ARTIFACTS, click_and_wait, log_in
from tests.factories import PASSWORD
from tests.notifications.test_wa_verification import NUMBER, kayong_utara

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _files(folder: Path) -> list[dict]:
    records = [json.loads(path.read_text(encoding="utf-8")) for path in folder.glob("*.json")]
    return sorted(records, key=lambda record: record["message_id"])


def test_a_6111_user_verifies_whatsapp_and_gets_notifications_there(browser, live_server, settings, tmp_path):
    settings.SITE_URL = live_server.url
    settings.WHATSAPP_BACKEND = ""
    settings.WHATSAPP_API_URL = ""
    folder = tmp_path / "whatsapp"
    settings.WHATSAPP_FILE_PATH = str(folder)
    _office, user = kayong_utara(email="wulan@diskominfo.kayongutarakab.go.id")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(locale="id-ID")
    page = context.new_page()
    try:
        log_in(page, live_server.url, user.email, PASSWORD)
        click_and_wait(page, page.get_by_test_id("signed-in-as"))
        assert page.url.endswith("/akun/notifikasi/")
        card = page.get_by_test_id("whatsapp-card")
        assert "BPS Kabupaten Kayong Utara juga mengirim notifikasi lewat WhatsApp" in card.inner_text()
        assert page.get_by_test_id("whatsapp-state").inner_text() == "nonaktif"
        number = page.get_by_label("Nomor WhatsApp")
        assert number.input_value() == "+62 812-3456-7890"  # from sign-up, not verified yet
        assert page.get_by_test_id("number-from-signup").is_visible()

        # A number that is none: the message stands next to the field, in Indonesian.
        number.fill("0561-21")
        click_and_wait(page, page.get_by_test_id("send-code"))
        assert "Masukkan nomor ponsel yang terhubung dengan WhatsApp" in page.locator(".invalid-feedback").inner_text()

        page.get_by_label("Nomor WhatsApp").fill("0812 3456 7890")
        click_and_wait(page, page.get_by_test_id("send-code"))
        assert "Kami mengirim kode 6 angka lewat WhatsApp ke +62 812-3456-7890" in page.locator(".alert").inner_text()

        outbox_flush(grace=timedelta(0))  # what the Celery worker does
        [record] = _files(folder)
        assert record["to"] == NUMBER
        code = re.search(r"\b\d{6}\b", record["text"]).group(0)

        page.get_by_label("Kode dari WhatsApp").fill(code)
        click_and_wait(page, page.get_by_test_id("verify-code"))
        assert "Nomor WhatsApp Anda terverifikasi" in page.locator(".alert").inner_text()
        assert "Nomor terverifikasi: +62 812-3456-7890" in page.get_by_test_id("whatsapp-verified").inner_text()
        assert page.get_by_test_id("whatsapp-state").inner_text() == "aktif"
        assert page.get_by_label("Kirimkan juga pesan WhatsApp kepada saya").is_checked()
        page.screenshot(path=str(ARTIFACTS / "wa-profile-verified.png"), full_page=True)

        # A later notification: creating an API token tells the user by e-mail and now by WhatsApp.
        page.goto(f"{live_server.url}/akun/token-api/")
        page.get_by_test_id("token-form").locator("input[type=text]").first.fill("Skrip sinkronisasi")
        click_and_wait(page, page.get_by_test_id("token-form").locator("button[type=submit]"))
        assert page.get_by_test_id("new-token").is_visible()
        outbox_flush(grace=timedelta(0))
        records = _files(folder)
        assert len(records) == 2
        assert records[-1]["to"] == NUMBER
        assert records[-1]["message_template"] == "api_token_created"
        assert "Skrip sinkronisasi" in records[-1]["text"]
    finally:
        context.close()

"""The guest book filled by the visitor (issue 17, Banjarmasin 001 and Kotabaru 002), in headless Chromium: the
front desk of 6371 issues a kiosk link and a waiting-room screen link; on the tablet (no log-in) a visitor signs the
guest book and gets a ticket; the officer sees the entry marked "Kios" and calls it; the screen (no log-in) shows
the number; the officer revokes the screen link and the screen stops showing the queue."""

import re

import pytest

from submissions.enums import GuestSource, GuestStatus
from submissions.models import GuestBookEntry
from tests.browser.helpers import ARTIFACTS, click_and_wait, log_in, seed_demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

OFFICER = "frontdesk.6371@demo.bps.go.id"
VISITOR = "rahmat.hidayat@dislautkan-bjm.demo.go.id"


def test_visitor_at_the_kiosk_gets_a_ticket_the_officer_calls_it_and_the_screen_link_shows_it(browser, live_server):
    seed_demo()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    base = live_server.url

    # The officer issues the office's kiosk and screen links from the front-desk page.
    officer = browser.new_context(locale="id-ID")
    desk = officer.new_page()
    log_in(desk, base, OFFICER, "romantik-demo")
    desk.goto(f"{base}/kantor/6371/pst/")
    for purpose in ("kios", "layar"):
        click_and_wait(desk, desk.locator(f"[data-testid=device-link-{purpose}] [data-testid=device-link-issue]"))
    kiosk_url = desk.locator("[data-testid=device-link-kios] [data-testid=device-link-url]").input_value()
    screen_url = desk.locator("[data-testid=device-link-layar] [data-testid=device-link-url]").input_value()
    assert re.fullmatch(rf"{re.escape(base)}/kantor/6371/pst/kios/[^/]+/", kiosk_url)
    assert re.fullmatch(rf"{re.escape(base)}/kantor/6371/pst/layar/[^/]+/", screen_url)
    desk.screenshot(path=str(ARTIFACTS / "kiosk-desk-links.png"), full_page=True)

    # The tablet at the desk: nobody logged in. The visitor signs the guest book and takes a number.
    tablet = browser.new_context(locale="id-ID", viewport={"width": 800, "height": 1280})
    kiosk = tablet.new_page()
    kiosk.goto(kiosk_url)
    assert kiosk.locator("h1").inner_text() == "Selamat datang! Silakan isi buku tamu"
    kiosk.fill("input[name=name]", "Rahmat Hidayat")
    kiosk.fill("input[name=agency_name]", "Dinas Kelautan dan Perikanan Kota Banjarmasin")
    kiosk.fill("input[name=position]", "Analis Data")
    kiosk.fill("input[name=email]", VISITOR)
    kiosk.fill("input[name=phone]", "0812-5151-6161")
    kiosk.check("input[name=purpose][value=data]")
    honeypot = kiosk.locator("input[name=situs_web]").bounding_box()
    assert honeypot["x"] + honeypot["width"] < 0  # out of sight: only bots fill it
    kiosk.screenshot(path=str(ARTIFACTS / "kiosk-form.png"), full_page=True)
    click_and_wait(kiosk, kiosk.locator("[data-testid=kiosk-submit]"))
    number = kiosk.locator("[data-testid=ticket-number]").inner_text().strip()
    entry = GuestBookEntry.objects.get(email=VISITOR)
    assert number == str(entry.queue_number)
    assert (entry.source, entry.created_by, entry.status) == (GuestSource.KIOSK, None, GuestStatus.WAITING)
    assert "Rahmat" not in kiosk.content()  # the ticket carries a number, no name
    assert (
        kiosk.locator("[data-testid=ticket-ahead]").inner_text() == "Tidak ada pengunjung yang menunggu sebelum Anda."
    )
    assert kiosk.locator("[data-kiosk-print]").is_visible()  # kiosk.js offers printing
    kiosk.screenshot(path=str(ARTIFACTS / "kiosk-ticket.png"), full_page=True)
    # Printed, the ticket is all there is: the header and the buttons are left out.
    kiosk.emulate_media(media="print")
    assert kiosk.locator("[data-testid=kiosk-ticket]").is_visible()
    assert kiosk.locator("header").is_hidden() and kiosk.locator("[data-testid=kiosk-done]").is_hidden()
    kiosk.pdf(path=str(ARTIFACTS / "kiosk-ticket.pdf"))
    kiosk.emulate_media(media="screen")
    # "Selesai": the empty form for the next visitor, who sees nothing of the one before.
    click_and_wait(kiosk, kiosk.locator("[data-testid=kiosk-done]"))
    assert kiosk.url == kiosk_url
    assert kiosk.input_value("input[name=name]") == "" and kiosk.input_value("input[name=email]") == ""
    assert "Rahmat" not in kiosk.content() and VISITOR not in kiosk.content()
    kiosk.go_back()
    assert "Rahmat" not in kiosk.content()

    # The officer's desk lists the kiosk's entry, marked as such, and calls it.
    desk.goto(f"{base}/kantor/6371/pst/")
    row = desk.locator("[data-testid=guest-row]", has_text="Rahmat Hidayat")
    assert row.locator("[data-testid=guest-number]").inner_text() == number
    assert row.locator("[data-testid=guest-source]").inner_text() == "Kios"
    assert desk.locator("[data-testid=call-next]").inner_text().strip() == f"Panggil berikutnya (nomor {number})"
    click_and_wait(desk, desk.locator("[data-testid=call-next]"))
    entry.refresh_from_db()
    assert entry.status == GuestStatus.CALLED

    # The waiting-room display, with no log-in, shows the called number.
    display = browser.new_context(locale="id-ID", viewport={"width": 1920, "height": 1080})
    screen = display.new_page()
    screen.clock.install()  # its 10-second refresh runs on demand (below), not after a real wait
    screen.goto(screen_url)
    assert screen.locator("[data-testid=called-number]").text_content().strip() == number
    assert "Rahmat" not in screen.content()
    screen.screenshot(path=str(ARTIFACTS / "kiosk-screen.png"))

    # The officer revokes the screen link: the display, still open, stops showing the queue at its next refresh.
    desk.goto(f"{base}/kantor/6371/pst/")
    click_and_wait(desk, desk.locator("[data-testid=device-link-layar] [data-testid=device-link-revoke]"))
    assert desk.locator("[data-testid=device-link-layar] [data-testid=device-link-none]").is_visible()
    screen.clock.run_for(10_000)
    screen.wait_for_selector("[data-testid=office-link-revoked]", timeout=30_000)
    assert screen.locator("[data-testid=called-number]").count() == 0
    assert "Tautan ini telah dicabut." in screen.locator("h1").inner_text()
    screen.screenshot(path=str(ARTIFACTS / "kiosk-screen-revoked.png"))
    response = screen.goto(screen_url)
    assert response.status == 403
    # The kiosk link still works; it was not revoked.
    assert kiosk.goto(kiosk_url).status == 200
    for context in (officer, tablet, display):
        context.close()

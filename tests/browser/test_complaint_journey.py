"""A member of the public files a complaint from the office's page and gets the tracking number; a complaint
handler, signed in in another browser, replies and moves it to "diproses" then "selesai"; in a fresh browser,
the tracking link shown once on the confirmation page (and sent by e-mail) shows the reply and the status."""

import pytest

from complaints.models import Complaint
from notifications.models import Message
from romantik.enums import Role
from tests.browser.helpers import ARTIFACTS, click_and_wait, log_in
from tests.factories import PASSWORD, OfficeFactory, RegionFactory, staff

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EMAIL = "yusuf.pratama@example.com"
REPLY = "Mohon maaf atas keterlambatannya. Surat rekomendasi Anda sudah kami proses hari ini."


@pytest.fixture
def world(db):
    from django.core.cache import cache

    cache.clear()  # the rate limits
    province = RegionFactory(code="62", name="KALIMANTAN TENGAH")
    regency = RegionFactory(code="6202", name="KABUPATEN KOTAWARINGIN TIMUR", level="kabkota", parent=province)
    office = OfficeFactory(code="6202", region=regency, name="BPS Kabupaten Kotawaringin Timur")
    return {
        "office": office,
        "handler": staff(office, Role.COMPLAINT_HANDLER, email="pengaduan@bps.example.go.id", full_name="Petugas"),
    }


def test_public_complaint_answered_by_the_office_and_followed_by_number(browser, live_server, world):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)

    # The public files it from the office's service standard page, without an account.
    public = browser.new_context(locale="id-ID")
    page = public.new_page()
    page.goto(f"{live_server.url}/layanan/6202/")
    assert page.locator("[data-testid=complaint-channels] a[href='https://www.lapor.go.id']").count() == 1
    click_and_wait(page, page.locator("[data-testid=file-complaint]"))
    assert page.locator("select[name=office]").input_value() == str(world["office"].pk)
    assert page.locator(".complaint-hp").bounding_box()["x"] < 0  # the honeypot is off-screen
    page.check("input[name=category][value=waktu_layanan]")
    page.fill("textarea[name=description]", "Sudah 40 hari kerja surat rekomendasi survei kami belum terbit.")
    page.fill("input[name=contact_name]", "Yusuf Pratama")
    page.fill("input[name=contact_email]", EMAIL)
    page.screenshot(path=str(ARTIFACTS / "complaint-form.png"), full_page=True)
    click_and_wait(page, page.locator("[data-testid=complaint-submit]"))
    number = page.locator("[data-testid=tracking-number]").inner_text().strip()
    link = page.locator("[data-testid=tracking-link]").inner_text().strip()
    complaint = Complaint.objects.get()
    assert number == complaint.number
    assert link.startswith(f"{live_server.url}/pengaduan/lacak/{number}/?kode=")
    assert Message.objects.filter(template="complaint_filed", address=EMAIL).count() == 1
    page.screenshot(path=str(ARTIFACTS / "complaint-filed.png"), full_page=True)
    public.close()

    # The handler finds it in the office queue, replies, and moves it on twice.
    office = browser.new_context(locale="id-ID")
    page = office.new_page()
    log_in(page, live_server.url, world["handler"].email, PASSWORD)
    page.goto(f"{live_server.url}/kantor/6202/pengaduan/")
    page.screenshot(path=str(ARTIFACTS / "complaint-queue.png"), full_page=True)
    click_and_wait(page, page.locator(f"[data-testid=queue-row][data-number='{number}'] a"))
    page.fill("[data-testid=reply-form] textarea[name=text]", REPLY)
    click_and_wait(page, page.locator("[data-testid=reply-submit]"))
    page.select_option("[data-testid=status-form] select[name=to]", "diproses")
    click_and_wait(page, page.locator("[data-testid=status-submit]"))
    assert page.locator("header [data-testid=complaint-status]").get_attribute("data-status") == "diproses"
    page.select_option("[data-testid=status-form] select[name=to]", "selesai")
    page.fill("[data-testid=status-form] textarea[name=note]", "Surat rekomendasi sudah terbit dan dapat diunduh.")
    click_and_wait(page, page.locator("[data-testid=status-submit]"))
    assert page.locator("header [data-testid=complaint-status]").get_attribute("data-status") == "selesai"
    page.screenshot(path=str(ARTIFACTS / "complaint-handled.png"), full_page=True)
    office.close()

    # In a fresh browser, the number and the code of the tracking link open the complaint.
    public = browser.new_context(locale="id-ID")
    page = public.new_page()
    page.goto(f"{live_server.url}/pengaduan/lacak/")
    page.fill("input[name=number]", number)
    page.fill("input[name=key]", link.rsplit("=", 1)[1])
    click_and_wait(page, page.locator("[data-testid=tracking-submit]"))
    assert page.url == f"{live_server.url}/pengaduan/lacak/{number}/"
    assert page.locator("header [data-testid=complaint-status]").get_attribute("data-status") == "selesai"
    timeline = page.locator("[data-testid=timeline]")
    assert REPLY in timeline.inner_text()
    assert timeline.locator("[data-kind=status] [data-status=selesai]").count() == 1
    page.screenshot(path=str(ARTIFACTS / "complaint-tracked.png"), full_page=True)
    public.close()
    # Another fresh browser opens the link itself; the key does not stay in the address bar.
    public = browser.new_context(locale="id-ID")
    page = public.new_page()
    page.goto(link)
    assert page.url == f"{live_server.url}/pengaduan/lacak/{number}/"
    assert page.locator("header [data-testid=complaint-status]").get_attribute("data-status") == "selesai"
    public.close()

    complaint.refresh_from_db()
    assert (complaint.status, complaint.first_response_at is not None, complaint.resolved_at is not None) == (
        "selesai",
        True,
        True,
    )
    assert list(complaint.events.values_list("kind", "to_status")) == [
        ("status", "diterima"),
        ("balasan", ""),
        ("status", "diproses"),
        ("status", "selesai"),
    ]

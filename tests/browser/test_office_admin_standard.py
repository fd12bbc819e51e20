"""Issue 18 in the browser: the office admin publishes a new service standard (a new SK, a shorter service time)
that takes effect next month; the office's page shows it as announced while the old one stays in force, and the
office's history records who published it."""

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from romantik.calendar import office_today
from romantik.models import Office, ServiceStandard
from tests.browser.helpers import ARTIFACTS, click_and_wait, log_in
from tests.factories import PASSWORD, world_build

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_office_admin_publishes_a_new_service_time_effective_next_month(browser, live_server):
    world = world_build()
    office, admin = world["office"], world["office_admin"]
    today = office_today(office)
    next_month = (today.replace(day=1) + timedelta(days=32)).replace(day=1)
    old_amount = office.service_time_amount
    ARTIFACTS.mkdir(parents=True, exist_ok=True)

    context = browser.new_context(locale="id-ID")
    page = context.new_page()
    log_in(page, live_server.url, admin.email, PASSWORD)  # an office admin: with the authenticator's code
    page.goto(f"{live_server.url}/kantor/{office.code}/")
    click_and_wait(page, page.locator("[data-testid=standard-nav]"))
    assert page.url == f"{live_server.url}/kantor/{office.code}/standar-layanan/"

    form = page.locator("form[data-testid=standard-form]")
    # A mistake first: no SK number. The message is next to the field and what was typed stays.
    form.locator("input[name=sk_number]").fill("")
    form.locator("input[name=sk_date]").fill(today.isoformat())
    form.locator("input[name=effective_from]").fill(next_month.isoformat())
    form.locator("input[name=service_time_amount]").fill("20")
    click_and_wait(page, form.locator("button[type=submit]"))
    expect(page.locator("#error_1_id_sk_number")).to_be_visible()  # crispy's message under the field
    expect(page.locator("#id_sk_number")).to_have_class("textinput form-control is-invalid")
    assert page.input_value("input[name=service_time_amount]") == "20"
    assert page.input_value("input[name=effective_from]") == next_month.isoformat()

    page.fill("input[name=sk_number]", "B-77/BPS/6202/2026")
    # This office never published its lists: the first decree writes them (one item a line).
    page.fill("textarea[name=requirements]", "Surat pengantar dari instansi\nRancangan kuesioner")
    page.fill("textarea[name=procedure]", "1. Instansi mengisi formulir\n2. BPS memeriksa\n3. Kepala menandatangani")
    page.fill("textarea[name=products]", "Surat rekomendasi kegiatan statistik")
    click_and_wait(page, page.locator("form[data-testid=standard-form] button[type=submit]"))
    assert page.locator(".invalid-feedback").all_inner_texts() == []
    expect(page.locator("[data-testid=standard-upcoming]")).to_contain_text("B-77/BPS/6202/2026")
    page.screenshot(path=str(ARTIFACTS / "office-standard-published.png"), full_page=True)

    announced = ServiceStandard.objects.get(office=office, sk_number="B-77/BPS/6202/2026")
    assert (announced.effective_from, announced.service_time_amount) == (next_month, 20)
    assert Office.objects.get(pk=office.pk).service_time_amount == old_amount  # not in force before its date

    # The public page: the standard in force, and the new one announced with its date and service time.
    page.goto(f"{live_server.url}/layanan/{office.code}/")
    expect(page.locator("[data-testid=service-time]")).to_contain_text(str(old_amount))
    upcoming = page.locator("[data-testid=standard-upcoming]")
    expect(upcoming).to_contain_text("B-77/BPS/6202/2026")
    expect(upcoming).to_contain_text("20")

    # The office's history names who published it.
    page.goto(f"{live_server.url}/kantor/{office.code}/riwayat/")
    row = page.locator("[data-testid=history-row]", has_text="B-77/BPS/6202/2026")
    expect(row.first).to_contain_text(admin.full_name)
    context.close()

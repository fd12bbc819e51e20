"""Each demo role logs in through the real log-in page in headless Chromium and
lands on its own start page."""

import pytest

from tests.browser.helpers import ARTIFACTS, log_in, seed_demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


ROLES = [
    # (who, e-mail, start path, text the start page shows)
    ("agency", "pengguna@dinkes-kotim.demo.go.id", "/instansi/", "Dinas Kesehatan Kabupaten Kotawaringin Timur"),
    ("front_desk", "frontdesk.6371@demo.bps.go.id", "/kantor/6371/", "BPS Kota Banjarmasin"),
    ("reviewer", "reviewer.6302@demo.bps.go.id", "/kantor/6302/", "BPS Kabupaten Kotabaru"),
    ("coordinator", "coordinator.3304@demo.bps.go.id", "/kantor/3304/", "BPS Kabupaten Banjarnegara"),
    ("office_admin", "officeadmin.6202@demo.bps.go.id", "/kantor/6202/", "BPS Kabupaten Kotawaringin Timur"),
    ("head", "head.6111@demo.bps.go.id", "/kantor/6111/tanda-tangan/", "BPS Kabupaten Kayong Utara"),
]


def test_each_demo_role_logs_in_and_sees_its_start_page(browser, live_server):
    seed_demo()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for who, email, start_path, office_text in ROLES:
        context = browser.new_context(locale="id-ID")
        page = context.new_page()
        log_in(page, live_server.url, email, "romantik-demo")  # heads and office admins: with their TOTP code
        page.wait_for_url(f"{live_server.url}{start_path}")
        assert page.locator("[data-testid=signed-in-as]").inner_text().strip() != ""
        assert office_text in page.content()
        page.screenshot(path=str(ARTIFACTS / f"start-page-{who}.png"), full_page=True)
        context.close()


def test_the_site_admin_reaches_the_admin_through_the_same_log_in(browser, live_server):
    """/admin/ has no log-in form of its own: the portal's log-in, with the site admin's TOTP code, then the admin."""
    seed_demo()
    context = browser.new_context(locale="id-ID")
    page = context.new_page()
    page.goto(f"{live_server.url}/admin/")
    assert page.url.startswith(f"{live_server.url}/akun/login/"), page.url
    log_in(page, live_server.url, "admin@demo.bps.go.id", "romantik-demo")  # with the demo TOTP code
    page.wait_for_url(f"{live_server.url}/admin/")  # the start page sends the site admin to the admin
    assert page.locator("body.dashboard").count() == 1
    page.screenshot(path=str(ARTIFACTS / "start-page-site_admin.png"), full_page=True)
    context.close()

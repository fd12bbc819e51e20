"""Issue 17 in the browser: 3304's guides on its page (and its office admin adding one), a stale tab after
logging in again keeps what was typed, and the public and PST pages fit a 375 px phone, the home page's office
table searched as one types and without JavaScript."""

import pytest
from playwright.sync_api import expect

from romantik.models import Office, OfficeDocument, User
from romantik.seeding import demo_staff_email
from submissions.enums import GuestPurpose
from submissions.frontdesk import guest_register, queue_call_next
from submissions.models import Submission
from tests.browser.helpers import ARTIFACTS, click_and_wait, log_in, seed_demo
from tests.factories import PASSWORD as FACTORY_PASSWORD
from tests.factories import pdf_bytes, world_build

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DEMO_PASSWORD = "romantik-demo"
PHONE = {"width": 375, "height": 800}


def _seed():
    seed_demo()


def _page_width(page) -> int:
    return page.evaluate("document.scrollingElement.scrollWidth")


def test_banjarnegara_page_offers_its_guides_and_its_admin_adds_one(browser, live_server, tmp_path):
    _seed()
    context = browser.new_context(locale="id-ID")
    page = context.new_page()
    page.goto(f"{live_server.url}/layanan/3304/")
    guides = page.locator("[data-testid=guides-and-forms]")
    assert guides.locator("h2").inner_text() == "Panduan dan formulir"
    assert page.locator("[data-testid=sk-number]").inner_text() == "belum ditetapkan"
    assert "adalah formulir MS-Keg di portal ini" in page.locator("[data-testid=frkss-note]").inner_text()
    assert [t.strip() for t in guides.locator("[data-testid=blank-forms] a").all_inner_texts()] == [
        "FS3",
        "FP-KPA",
        "MS-Keg (FRKSS)",
    ]
    for kind in ("panduan", "booklet", "leaflet"):
        link = guides.locator(f"[data-testid=documents-{kind}] a").first
        response = page.request.get(f"{live_server.url}{link.get_attribute('href')}")
        assert response.ok and response.headers["content-type"] == "application/pdf"
        assert response.body().startswith(b"%PDF-")

    # The office admin adds a leaflet of their own; the public page offers it.
    log_in(page, live_server.url, demo_staff_email("office_admin", "3304"), DEMO_PASSWORD)
    page.goto(f"{live_server.url}/kantor/3304/")
    click_and_wait(page, page.get_by_role("link", name="Panduan dan formulir"))
    pdf = tmp_path / "leaflet-pst.pdf"
    pdf.write_bytes(pdf_bytes())
    page.fill("input[name=title]", "Leaflet Jam Layanan PST")
    page.select_option("select[name=kind]", "leaflet")
    page.set_input_files("input[name=file]", str(pdf))
    click_and_wait(page, page.locator("[data-testid=document-form] button[type=submit]"))
    assert "Leaflet Jam Layanan PST" in page.locator("[data-testid=documents]").inner_text()
    page.goto(f"{live_server.url}/layanan/3304/")
    assert "Leaflet Jam Layanan PST" in page.locator("[data-testid=documents-leaflet]").inner_text()
    assert OfficeDocument.objects.filter(office__code="3304", kind="leaflet").count() == 2
    context.close()


def test_a_stale_tab_after_logging_in_again_keeps_the_input_and_sends_it(browser, live_server):
    world = world_build()
    email = world["agency"].email
    context = browser.new_context(locale="id-ID")
    tab = context.new_page()
    log_in(tab, live_server.url, email, FACTORY_PASSWORD)
    tab.goto(f"{live_server.url}/pengajuan/baru/")
    tab.check("input[name=kind][value=fs3]")
    tab.fill("input[name=title]", "Survei Produktivitas Padi 2027")

    other = context.new_page()  # another tab of the same browser: log out, and in again
    other.goto(f"{live_server.url}/")
    click_and_wait(other, other.get_by_role("button", name="Keluar"))
    log_in(other, live_server.url, email, FACTORY_PASSWORD)

    click_and_wait(tab, tab.locator("main form button[type=submit]").last)
    assert tab.locator("[data-testid=csrf-failure] h1").inner_text() == "Formulir sudah kedaluwarsa"
    assert "Verifikasi CSRF gagal" not in tab.content()
    assert tab.locator("nav.navbar").count() == 1  # the site's frame
    assert tab.locator("input[type=hidden][name=title]").get_attribute("value") == "Survei Produktivitas Padi 2027"
    tab.screenshot(path=str(ARTIFACTS / "pages-csrf-stale-tab.png"), full_page=True)
    assert not Submission.objects.exists()

    click_and_wait(tab, tab.get_by_role("button", name="Kirim ulang"))
    submission = Submission.objects.get()
    assert submission.title == "Survei Produktivitas Padi 2027" and submission.kind == "fs3"
    assert f"/pengajuan/{submission.pk}/" in tab.url
    context.close()


def test_home_office_search_as_one_types_and_without_javascript(browser, live_server):
    _seed()
    total = Office.objects.count()
    context = browser.new_context(locale="id-ID", viewport=PHONE)
    page = context.new_page()
    page.goto(f"{live_server.url}/")
    rows = page.locator("#office-table tbody tr")
    shown = page.locator("#office-table tbody tr:not([hidden])")
    assert rows.count() == total
    page.fill("#office-search-q", "banjar")
    expect(shown).to_have_count(2)
    assert sorted(rows.filter(visible=True).all_inner_texts()) == sorted(
        f"{o.code}\t{o.name}\t{o.service_time_amount} {o.get_service_time_unit_display()}"
        for o in Office.objects.filter(name__icontains="banjar")
    )
    assert page.locator("#office-search-count").inner_text() == f"Kantor yang ditampilkan: 2 dari {total}"
    page.fill("#office-search-q", "tidak ada kantor ini")
    page.locator("[data-testid=office-search-empty]").wait_for(state="visible")
    page.fill("#office-search-q", "33")
    expect(shown).to_have_count(2)
    assert _page_width(page) <= PHONE["width"]
    context.close()

    context = browser.new_context(locale="id-ID", viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}/")
    page.fill("#office-search-q", "3304")
    click_and_wait(page, page.locator("[data-testid=office-search] button[type=submit]"))
    assert "kantor=3304" in page.url
    assert page.locator("#office-table tbody tr").all_inner_texts() == [
        "3304\tBPS Kabupaten Banjarnegara\t30 hari kerja"
    ]
    assert _page_width(page) <= PHONE["width"]
    context.close()


def test_public_and_pst_pages_fit_a_375_px_screen(browser, live_server):
    _seed()
    office = Office.objects.get(code="6202")
    desk = User.objects.get(email=demo_staff_email("front_desk", "6202"))
    for name in ("Bambang Sutrisno Wicaksono Adiputra", "Ani Lestari", "Citra Dewi"):
        guest_register(
            office=office, actor=desk, name=name, email=f"{name.split()[0].lower()}@dinkes-kotim.example.go.id",
            phone="0812-3456-7890", purpose=GuestPurpose.RECOMMENDATION,
            agency_name="Dinas Kesehatan Kabupaten Kotawaringin Timur",
        )  # fmt: skip
    queue_call_next(office=office, actor=desk)
    context = browser.new_context(locale="id-ID", viewport=PHONE)
    page = context.new_page()
    for path in ("/", "/layanan/", "/layanan/3304/", "/layanan/6111/", "/tidak-ada/"):
        page.goto(f"{live_server.url}{path}")
        assert _page_width(page) <= PHONE["width"], path
    log_in(page, live_server.url, desk.email, DEMO_PASSWORD)
    for path in ("/kantor/6202/pst/", "/kantor/6202/pst/buku-tamu/"):
        page.goto(f"{live_server.url}{path}")
        assert page.locator("[data-testid=guest-row]").count() == 3
        assert _page_width(page) <= PHONE["width"], path
        page.screenshot(path=str(ARTIFACTS / f"pages-375{path.replace('/', '-')}.png"), full_page=True)
    context.close()


def test_new_pages_have_no_serious_or_critical_accessibility_violations(browser, live_server):
    from tests.browser.test_accessibility import AXE, Audit
    from tests.conftest import skip_or_fail

    if not AXE.exists():
        skip_or_fail("axe-core is not installed: run `make setup` (npm ci)")
    _seed()
    audit = Audit(live_server.url)
    context = browser.new_context(locale="id-ID", bypass_csp=True)  # axe is injected as a script element
    page = context.new_page()
    audit.visit(page, "pages-office-3304-guides", "/layanan/3304/")
    audit.visit(page, "pages-home-search", "/?kantor=banjar")
    page.goto(f"{live_server.url}/tidak-ada/")
    audit.check(page, "pages-404")
    log_in(page, live_server.url, demo_staff_email("office_admin", "3304"), DEMO_PASSWORD)
    audit.visit(page, "pages-office-documents", "/kantor/3304/dokumen/")
    page.goto(f"{live_server.url}/kantor/6202/dokumen/")
    audit.check(page, "pages-403")
    page.goto(f"{live_server.url}/kantor/3304/hari-tutup/")  # a form whose token is then made stale
    page.fill("input[name=reason]", "Rapat kerja")
    page.evaluate("document.querySelector('main input[name=csrfmiddlewaretoken]').value = 'x'.repeat(64)")
    click_and_wait(page, page.locator("main form button[type=submit]").first)
    assert page.locator("[data-testid=csrf-failure]").count() == 1
    assert page.locator("input[type=hidden][name=reason]").get_attribute("value") == "Rapat kerja"
    audit.check(page, "pages-csrf-failure")
    context.close()
    assert audit.problems == [], "\n".join(audit.problems)

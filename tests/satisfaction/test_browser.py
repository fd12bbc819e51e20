"""In headless Chromium: a walk-in visitor rates the service at the front-desk kiosk (large buttons,
a forgotten question marked in place, answers kept, keyboard works), then the head reads the index."""

import re

import pytest
from django.utils import timezone

from romantik.enums import Role
from satisfaction.enums import Source
from satisfaction.models import SurveyResponse
from submissions.enums import GuestPurpose
from submissions.frontdesk import guest_register
from tests.browser.conftest import browser  # noqa: F401 - the Chromium fixture
from tests.browser.helpers import ARTIFACTS, log_in
from tests.factories import PASSWORD, OfficeFactory, RegionFactory, staff

from .conftest import paper

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_walk_in_rates_at_the_kiosk_and_the_head_sees_the_index(browser, live_server, monkeypatch):  # noqa: F811
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    base = live_server.url
    region = RegionFactory(code="6202", name="KABUPATEN KOTAWARINGIN TIMUR", level="kabkota")
    office = OfficeFactory(code="6202", region=region, name="BPS Kabupaten Kotawaringin Timur")
    officer = staff(office, Role.FRONT_DESK, email="pst@example.go.id")
    head = staff(office, Role.HEAD, email="kepala@example.go.id")
    entry = guest_register(
        office=office,
        actor=officer,
        name="Siti Rahma",
        email="siti@example.go.id",
        phone="0812-1111-2222",
        purpose=GuestPurpose.RECOMMENDATION,
        agency_name="Dinas Pendidikan",
    )

    # The officer ends the visit and opens the questionnaire on the kiosk device.
    context = browser.new_context(locale="id-ID")
    page = context.new_page()
    log_in(page, base, officer.email, PASSWORD)
    page.goto(f"{base}/kantor/6202/pst/tamu/{entry.pk}/")
    with page.expect_navigation():
        page.locator("form[action$='/selesai/'] button[type=submit]").click()
    with page.expect_navigation():
        page.locator("[data-testid=skm-kiosk-link]").click()
    with page.expect_navigation():
        page.locator("[data-testid=kiosk-start]").click()
    assert re.search(r"/skm/kios/[^/]+/$", page.url)

    # The visitor touches an answer for eight questions and forgets U5.
    answers = {"u1": 4, "u2": 3, "u3": 3, "u4": 4, "u6": 4, "u7": 4, "u8": 2, "u9": 3}
    for name, score in answers.items():
        page.locator(f"label[for=id_{name}_{score - 1}]").click()
    page.fill("textarea[name=comment]", "Petugas sangat membantu")
    with page.expect_navigation():
        page.locator("[data-testid=kiosk-submit]").click()
    assert page.locator("#u5-error").is_visible()
    assert page.locator("input[name=u1][value='4']").is_checked()
    assert page.input_value("textarea[name=comment]") == "Petugas sangat membantu"
    page.screenshot(path=str(ARTIFACTS / "skm-kiosk-error.png"), full_page=True)

    # U5 with the keyboard: focus its first answer, move with the arrow keys to the third.
    page.locator("#id_u5_0").focus()
    page.keyboard.press("Space")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    assert page.locator("input[name=u5][value='3']").is_checked()
    # The thank-you screen stays 8 seconds (THANKS_SECONDS); here 1, as the test waits for the return, not its length.
    monkeypatch.setattr("satisfaction.views.kiosk.THANKS_SECONDS", 1)
    with page.expect_navigation():
        page.locator("[data-testid=kiosk-submit]").click()
    assert page.locator("[data-testid=kiosk-thanks]").is_visible()
    assert page.locator("meta[http-equiv=refresh]").get_attribute("content") == "1;url=/skm/kios/"
    page.screenshot(path=str(ARTIFACTS / "skm-kiosk-thanks.png"), full_page=True)
    # The thank-you screen returns to the neutral waiting screen by itself.
    page.wait_for_url(f"{base}/skm/kios/", timeout=15000)
    assert page.locator("[data-testid=kiosk-idle]").is_visible()

    saved = SurveyResponse.objects.get()
    assert (saved.guest_id, saved.source, saved.scores) == (entry.pk, Source.KIOSK, (4, 3, 3, 4, 3, 4, 4, 2, 3))
    context.close()

    # The head reads the office's index for this year.
    paper(office, timezone.localdate(), (3,) * 9)
    context = browser.new_context(locale="id-ID")
    page = context.new_page()
    log_in(page, base, head.email, PASSWORD)
    page.goto(f"{base}/kantor/6202/")
    with page.expect_navigation():
        page.locator("[data-testid=ikm-card] a").click()
    assert page.locator("[data-testid=ikm-respondents]").inner_text() == "2"
    assert page.locator("[data-testid=nrr-chart] rect").count() == 9
    page.screenshot(path=str(ARTIFACTS / "skm-report.png"), full_page=True)
    context.close()

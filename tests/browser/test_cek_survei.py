"""Cek Survei in a browser (issue 22): a person at whose door a survey arrives scans its QR code (opens the address
the letter's QR code holds) or types the code, sees who runs it and until when, and reports a problem through the
complaint form, its office already chosen. An unknown code says so."""

from urllib.parse import urlsplit

import pytest

from complaints.models import Complaint
from letters.public_code import check_url, code_display, public_code
from tests.browser.helpers import ARTIFACTS, click_and_wait
from tests.catalogue.conftest import make_issued
from tests.review.conftest import office_world_build

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def activity(db):
    from django.core.cache import cache

    cache.clear()  # the rate limits
    world = office_world_build()
    return make_issued(world["agency"], title="Survei Sosial Ekonomi Rumah Tangga")


def test_scan_the_code_see_the_survey_and_report_a_problem(browser, live_server, activity):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    code = public_code(activity.pk)
    context = browser.new_context(locale="id-ID")
    page = context.new_page()

    # Scanning: the QR code on the questionnaire holds the page's address.
    page.goto(live_server.url + urlsplit(check_url(code)).path)
    assert page.locator("[data-testid=check-code]").inner_text() == code_display(code)
    assert page.locator("[data-testid=check-title]").inner_text() == "Survei Sosial Ekonomi Rumah Tangga"
    assert activity.agency.name in page.locator("[data-testid=check-agency]").inner_text()
    assert activity.letter.number in page.locator("[data-testid=check-recommendation]").inner_text()
    assert page.locator("[data-testid=check-valid]").count() == 1
    page.screenshot(path=str(ARTIFACTS / "cek-survei-valid.png"), full_page=True)

    # Reporting a problem: the complaint form, the office of the recommendation already chosen.
    click_and_wait(page, page.locator("[data-testid=check-report]"))
    assert page.locator("select[name=office]").input_value() == str(activity.office.pk)
    page.check("input[name=category][value=lainnya]")
    page.fill(
        "textarea[name=description]",
        f"Petugas survei kode {code_display(code)} datang tanpa tanda pengenal dan menanyakan penghasilan.",
    )
    page.fill("input[name=contact_name]", "Siti Rahmawati")
    page.fill("input[name=contact_email]", "siti.rahmawati@example.com")
    click_and_wait(page, page.locator("[data-testid=complaint-submit]"))
    complaint = Complaint.objects.get()
    assert complaint.office_id == activity.office_id and code_display(code) in complaint.description
    assert page.locator("[data-testid=tracking-number]").inner_text().strip() == complaint.number

    # Typing a code: an unknown one says so plainly; the real one, typed loosely, opens its page.
    page.goto(f"{live_server.url}/cek-survei/")
    page.fill("input[name=kode]", "ZZZZ-ZZZZ")
    click_and_wait(page, page.locator("[data-testid=check-submit]"))
    assert "tidak dikenal" in page.locator("[data-testid=check-unknown]").inner_text()
    page.fill("input[name=kode]", f"{code[:4].lower()} {code[4:].lower()}")
    click_and_wait(page, page.locator("[data-testid=check-submit]"))
    assert page.locator("[data-testid=check-code]").inner_text() == code_display(code)
    context.close()

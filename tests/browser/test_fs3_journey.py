"""An agency user fills a complete FS3 in the browser and submits it; drafts survive an expired session."""

import re

import pytest
from django.test import override_settings

from notifications.models import Message
from submissions.models import Submission
from submissions.states import State
from tests.browser.helpers import ARTIFACTS, click_and_wait, fill_fs3_sections, log_in
from tests.factories import PASSWORD, AgencyFactory, OfficeFactory, RegionFactory, agency_user, pdf_bytes, staff

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world(db):
    OfficeFactory(code="0000", level="pusat", name="BPS RI")
    province = RegionFactory(code="62", name="KALIMANTAN TENGAH")
    regency = RegionFactory(code="6202", name="KABUPATEN KOTAWARINGIN TIMUR", level="kabkota", parent=province)
    office = OfficeFactory(code="6202", region=regency, name="BPS Kabupaten Kotawaringin Timur")
    agency = AgencyFactory(name="Dinas Kesehatan Kabupaten Kotawaringin Timur", region=regency)
    user = agency_user(agency, email="pengguna@dinkes.example.go.id")
    officer = staff(office, "front_desk", email="pst.6202@example.go.id")
    return {"office": office, "agency": agency, "user": user, "officer": officer}


def test_agency_user_fills_complete_fs3_and_submits(browser, live_server, world, tmp_path):
    pdf = tmp_path / "surat.pdf"
    pdf.write_bytes(pdf_bytes())
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(locale="id-ID")
    page = context.new_page()
    page.on("dialog", lambda dialog: dialog.accept())  # data-confirm buttons (Ajukan ke BPS)
    log_in(page, live_server.url, world["user"].email, PASSWORD)
    page.goto(f"{live_server.url}/pengajuan/baru/")
    page.check("input[name=kind][value=fs3]")
    page.fill("input[name=title]", "Survei Status Gizi Balita 2027")
    page.locator("form button[type=submit]").last.click()
    page.wait_for_url(re.compile(r".*/bagian/header/$"))
    fill_fs3_sections(page, str(pdf))

    assert page.locator("[data-testid=completeness-summary]").inner_text().strip() == "Lengkap: siap diajukan."
    assert page.locator("[data-testid=route-office]").inner_text().strip() == "BPS Kabupaten Kotawaringin Timur"
    page.screenshot(path=str(ARTIFACTS / "fs3-before-submit.png"), full_page=True)
    click_and_wait(page, page.locator("[data-testid=submit-button]"))
    submission = Submission.objects.get()
    assert submission.state == State.SUBMITTED
    assert page.locator("[data-testid=submission-state]").inner_text().strip() == "Diajukan"
    assert page.locator("[data-testid=submission-number]").inner_text().strip() == submission.number
    assert submission.office == world["office"]
    templates = sorted(
        Message.objects.filter(subject_ref=f"submissions.submission:{submission.pk}").values_list("template", "address")
    )
    assert templates == [
        ("submission_incoming", world["officer"].email),
        ("submission_submitted", world["user"].email),
    ]
    page.goto(f"{live_server.url}/pengajuan/")
    assert "Survei Status Gizi Balita 2027" in page.locator("[data-testid=submission-table]").inner_text()
    page.screenshot(path=str(ARTIFACTS / "fs3-submitted.png"), full_page=True)
    context.close()


@override_settings(AUTOSAVE_SECONDS=1)
def test_typing_is_autosaved_and_survives_an_expired_session(browser, live_server, world):
    from tests.factories import submission_for

    submission = submission_for(world["user"])
    context = browser.new_context(locale="id-ID")
    page = context.new_page()
    page.on("dialog", lambda dialog: dialog.accept())  # data-confirm buttons (Ajukan ke BPS)
    log_in(page, live_server.url, world["user"].email, PASSWORD)
    section_url = f"{live_server.url}/pengajuan/{submission.pk}/bagian/3/"
    page.goto(section_url)

    # Autosave: typed text reaches the server without pressing save.
    page.fill("textarea[name=background]", "Diketik dan disimpan otomatis.")
    # A locator wait, not wait_for_function: the Content-Security-Policy forbids evaluating strings.
    page.locator("[data-autosave-status]", has_text="Draf disimpan").wait_for()
    submission.refresh_from_db()
    assert submission.background == "Diketik dan disimpan otomatis."

    # The session expires while the user types: the input stays in the browser ...
    context.clear_cookies(name="sessionid")
    page.fill("textarea[name=objective]", "Tujuan yang diketik setelah sesi berakhir.")
    page.locator("[data-autosave-status]", has_text="Sesi Anda").wait_for()
    # ... and is put back after logging in again.
    log_in(page, live_server.url, world["user"].email, PASSWORD)
    page.goto(section_url)
    assert page.locator("textarea[name=objective]").input_value() == "Tujuan yang diketik setelah sesi berakhir."
    assert page.locator("[data-testid=restored-note]").is_visible()
    click_and_wait(page, page.locator("button[name=simpan]"))
    submission.refresh_from_db()
    assert submission.objective == "Tujuan yang diketik setelah sesi berakhir."
    context.close()

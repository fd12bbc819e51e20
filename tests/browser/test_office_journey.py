"""The office journey in Chromium: the coordinator records a submission complete and assigns it, the
reviewer writes a note and returns the form, the agency answers the note, changes the answer and
resubmits (straight back in review), the reviewer sees the change and decides layak, sends the letter (rendered by
a real Celery worker) to the head, the head signs it in the browser, and the public verification page confirms it."""

import re
import time

import pytest

from letters.enums import LetterState, RenderState
from letters.pki import demo_certificate_issue
from notifications.models import Message
from romantik.enums import Role
from submissions.states import State
from tests.browser.helpers import ARTIFACTS, click_and_wait, log_in
from tests.conftest import close_other_db_sessions, start_test_worker
from tests.factories import (
    PASSWORD,
    AgencyFactory,
    OfficeFactory,
    RegionFactory,
    agency_user,
    fill_complete,
    staff,
    submission_for,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world(db):
    from submissions.services import submission_submit

    OfficeFactory(code="0000", level="pusat", name="BPS RI")
    province = RegionFactory(code="62", name="KALIMANTAN TENGAH")
    regency = RegionFactory(code="6202", name="KABUPATEN KOTAWARINGIN TIMUR", level="kabkota", parent=province)
    office = OfficeFactory(code="6202", region=regency, name="BPS Kabupaten Kotawaringin Timur", letter_code="62020")
    user = agency_user(AgencyFactory(name="Dinas Kesehatan", region=regency), email="rina@dinkes.example.go.id")
    submission = fill_complete(submission_for(user, title="Survei Gizi Balita 2027"))
    return {
        "submission": submission_submit(submission=submission, actor=user),
        "user": user,
        "coordinator": staff(office, Role.COORDINATOR, email="koordinator@bps.example.go.id", full_name="Koordinator"),
        "reviewer": staff(office, Role.REVIEWER, email="pemeriksa@bps.example.go.id", full_name="Pemeriksa Satu"),
        "head": _head(office),
    }


HEAD_PASSPHRASE = "rahasia-kepala-2027"


def _head(office):
    head = staff(office, Role.HEAD, email="kepala@bps.example.go.id", full_name="Budi Santoso")
    head.nip, head.position = "197001011990031001", "Kepala BPS Kabupaten Kotawaringin Timur"
    head.save(update_fields=["nip", "position"])
    demo_certificate_issue(user=head, office=office, passphrase=HEAD_PASSPHRASE)
    return head


def _as(browser, live_server, email):
    context = browser.new_context(locale="id-ID")
    page = context.new_page()
    page.on("dialog", lambda dialog: dialog.accept())  # data-confirm buttons
    log_in(page, live_server.url, email, PASSWORD)
    return context, page


@pytest.mark.usefixtures("empty_broker_queue")
def test_office_journey_from_intake_to_the_verified_signed_letter(browser, live_server, world, settings):
    settings.SITE_URL = live_server.url  # the QR code points at this server
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    s = world["submission"]
    detail = f"{live_server.url}/periksa/{s.pk}/"

    # The coordinator finds it in the queue, records it complete and assigns the reviewer.
    context, page = _as(browser, live_server, world["coordinator"].email)
    page.goto(f"{live_server.url}/kantor/6202/antrean/")
    page.get_by_role("link", name="Survei Gizi Balita 2027").click()
    page.wait_for_url(detail)
    click_and_wait(page, page.locator("[data-testid=accept]"))
    s.refresh_from_db()
    assert (s.state, s.recorded_complete_on is not None) == (State.IN_REVIEW, True)
    assert page.locator("[data-testid=due-date]").inner_text().strip() != ""
    page.locator("[data-testid=assign-form]").locator("xpath=..").locator("summary").click()
    page.check(f"[data-testid=assign-form] input[name=reviewers][value='{world['reviewer'].pk}']")
    click_and_wait(page, page.locator("[data-testid=assign]"))
    assert "Pemeriksa Satu" in page.locator("[data-testid=reviewers]").inner_text()
    context.close()

    # The reviewer writes a note on section III and returns the form for revision.
    context, page = _as(browser, live_server, world["reviewer"].email)
    page.goto(detail)
    section = page.locator("section[data-section='3']")
    section.locator("summary").click()
    section.locator("textarea[name=text]").fill("Jadwal diseminasi terlalu singkat; beri waktu minimal dua bulan.")
    click_and_wait(page, section.locator("[data-testid=note-form] button[type=submit]"))
    page.locator("[data-testid=revision-form]").locator("xpath=..").locator("summary").click()
    click_and_wait(page, page.locator("[data-testid=return-for-revision]"))
    s.refresh_from_db()
    assert (s.state, s.clock_paused_on is not None) == (State.NEEDS_REVISION, True)
    page.screenshot(path=str(ARTIFACTS / "review-returned.png"), full_page=True)
    context.close()

    # The agency sees the note next to section III, answers it, changes the date and resubmits.
    context, page = _as(browser, live_server, world["user"].email)
    page.goto(f"{live_server.url}/pengajuan/{s.pk}/bagian/3/")
    assert "Jadwal diseminasi terlalu singkat" in page.locator("[data-testid=agency-note]").inner_text()
    page.locator("[data-testid=agency-note] textarea[name=response]").fill("Diseminasi diperpanjang sampai Desember.")
    click_and_wait(page, page.locator("[data-testid=note-respond]"))
    page.fill("input[name=dissemination_end]", "2027-12-20")
    click_and_wait(page, page.locator("button[name=simpan]"))
    page.goto(f"{live_server.url}/pengajuan/{s.pk}/")
    page.screenshot(path=str(ARTIFACTS / "review-agency-before-resubmit.png"), full_page=True)
    click_and_wait(page, page.locator("[data-testid=submit-button]"))
    s.refresh_from_db()
    assert (s.state, s.round) == (State.IN_REVIEW, 2)  # straight back in review: no second "terekam lengkap"
    context.close()

    # The reviewer sees exactly what changed and, the revision back in review already, proposes layak.
    worker = start_test_worker()
    worker.__enter__()  # renders the letter draft and signs the letter, as in production
    context, page = _as(browser, live_server, world["reviewer"].email)
    page.goto(f"{live_server.url}/periksa/{s.pk}/perubahan/")
    diff = page.content()
    assert "2027-12-20" in diff or "20 Desember 2027" in diff
    assert "Diseminasi diperpanjang sampai Desember." in diff
    page.screenshot(path=str(ARTIFACTS / "review-diff.png"), full_page=True)
    page.goto(detail)
    assert page.locator("[data-testid=accept]").count() == 0
    page.locator("[data-testid=decide-form]").locator("xpath=..").locator("summary").click()
    form = page.locator("[data-testid=decide-form]")
    form.locator("input[name=decision][value=layak]").check()
    form.locator("textarea").first.fill("Gunakan kerangka sampel terbaru dari BPS.")
    click_and_wait(page, page.locator("[data-testid=decide]"))
    s.refresh_from_db()
    assert (s.state, s.decision_text) == (State.FEASIBLE, "Gunakan kerangka sampel terbaru dari BPS.")
    assert page.locator("[data-testid=awaiting-head]").is_visible()
    page.screenshot(path=str(ARTIFACTS / "review-awaiting-head.png"), full_page=True)

    # The reviewer opens the letter draft once the worker has rendered it and sends it to the head.
    letter = s.letter
    deadline = time.monotonic() + 90
    while letter.render_state != RenderState.READY and time.monotonic() < deadline:
        time.sleep(0.3)
        letter.refresh_from_db()
    assert letter.render_state == RenderState.READY
    click_and_wait(page, page.locator("[data-testid=letter-draft-link]"))
    click_and_wait(page, page.locator("[data-testid=send-form] button[type=submit]"))
    letter.refresh_from_db()
    assert letter.state == LetterState.AWAITING_SIGNATURE
    context.close()

    assert Message.objects.filter(template="decision_awaiting_approval", address=world["head"].email).count() == 1
    # The agency does not see the decision before the head approves it.
    context, page = _as(browser, live_server, world["user"].email)
    page.goto(f"{live_server.url}/pengajuan/{s.pk}/")
    assert page.locator("[data-testid=submission-state]").inner_text().strip() == "Keputusan sedang disetujui"
    assert not re.search(r"\bLayak\b", page.locator("main").inner_text())
    context.close()

    # The head signs in the browser with the certificate's passphrase.
    context, page = _as(browser, live_server, world["head"].email)
    page.goto(f"{live_server.url}/kantor/6202/tanda-tangan/")
    click_and_wait(page, page.locator("[data-testid=letter-to-sign] a").first)
    page.fill("[data-testid=sign-form] input[type=password]", HEAD_PASSPHRASE)
    click_and_wait(page, page.locator("[data-testid=sign-button]"))
    # The request only queues the signature; the worker signs it while the page says so and reloads itself.
    page.locator("[data-testid=already-signed]").wait_for(timeout=120_000)  # generous: CI machines are busy
    worker.__exit__(None, None, None)
    close_other_db_sessions()
    letter.refresh_from_db()
    assert letter.state == LetterState.SIGNED and letter.number
    s.refresh_from_db()
    assert s.state == State.ISSUED
    page.screenshot(path=str(ARTIFACTS / "office-signed.png"), full_page=True)
    context.close()

    # Anyone with the letter opens its verification page (the QR code's URL) and sees it confirmed.
    visitor = browser.new_context(locale="id-ID")
    page = visitor.new_page()
    page.goto(f"{live_server.url}/verifikasi/{letter.verify_token}/")
    assert page.locator("[data-testid=letter-number]").inner_text().strip() == letter.number
    assert "Dinas Kesehatan" in page.locator("[data-testid=letter-record]").inner_text()
    page.screenshot(path=str(ARTIFACTS / "office-verified.png"), full_page=True)
    visitor.close()

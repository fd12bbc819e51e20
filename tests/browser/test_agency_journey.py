"""The online agency journey in Chromium: sign up, verify the e-mail address, fill and submit an FS3,
revise it after the reviewer's note, download the signed letter and rate the service.
The office's steps in between go through the same services its pages call."""

import re
from datetime import timedelta

import pytest
from django.core import mail

from letters.enums import LetterState
from letters.issuing import letter_sign
from letters.pki import demo_certificate_issue
from letters.services import letter_render, letter_send_to_head
from notifications.services import outbox_flush
from review import services as review
from romantik.enums import Role
from satisfaction.models import SurveyResponse
from submissions.models import Submission
from submissions.states import State
from tests.browser.helpers import ARTIFACTS, click_and_wait, fill_fs3_sections
from tests.factories import PASSWORD, AgencyFactory, OfficeFactory, RegionFactory, pdf_bytes, staff

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EMAIL = "rina@dinkes.kotimkab.go.id"
HEAD_PASSPHRASE = "kunci-kepala-2027"


@pytest.fixture
def world(db):
    OfficeFactory(code="0000", level="pusat", name="BPS RI")
    province = RegionFactory(code="62", name="KALIMANTAN TENGAH")
    regency = RegionFactory(code="6202", name="KABUPATEN KOTAWARINGIN TIMUR", level="kabkota", parent=province)
    office = OfficeFactory(
        code="6202",
        region=regency,
        name="BPS Kabupaten Kotawaringin Timur",
        letter_code="62020",
        auto_verify_go_id=True,  # a .go.id address is linked to its agency at once (seed 000)
    )
    agency = AgencyFactory(name="Dinas Kesehatan Kabupaten Kotawaringin Timur", region=regency)
    head = staff(office, Role.HEAD, full_name="Budi Santoso")
    head.nip, head.position = "197001011990031001", "Kepala BPS Kabupaten Kotawaringin Timur"
    head.save(update_fields=["nip", "position"])
    demo_certificate_issue(user=head, office=office, passphrase=HEAD_PASSPHRASE)
    return {
        "office": office,
        "agency": agency,
        "front_desk": staff(office, Role.FRONT_DESK),
        "coordinator": staff(office, Role.COORDINATOR),
        "reviewer": staff(office, Role.REVIEWER),
        "head": head,
    }


def _deliver_and_find_link(pattern: str) -> str:
    """What the Celery worker does: send what is queued; then the link in the newest mail."""
    outbox_flush(grace=timedelta(0))
    return re.search(pattern, mail.outbox[-1].body).group(0)


def test_online_agency_journey(browser, live_server, world, tmp_path, settings):
    settings.SITE_URL = live_server.url
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    pdf = tmp_path / "surat.pdf"
    pdf.write_bytes(pdf_bytes())
    context = browser.new_context(locale="id-ID", accept_downloads=True)
    page = context.new_page()
    page.on("dialog", lambda dialog: dialog.accept())  # data-confirm buttons (Ajukan ke BPS)

    # Sign up and verify the e-mail address from the link in the mail.
    page.goto(f"{live_server.url}/akun/signup/")
    page.fill("input[name=email]", EMAIL)
    page.fill("input[name=password1]", PASSWORD)
    page.fill("input[name=password2]", PASSWORD)
    page.fill("input[name=full_name]", "Rina Handayani")
    page.fill("input[name=phone]", "081234567890")
    page.fill("input[name=position]", "Kepala Seksi Data")
    page.select_option("select[name=agency]", str(world["agency"].pk))
    click_and_wait(page, page.locator("form button[type=submit]").last)
    assert "/akun/confirm-email/" in page.url
    link = _deliver_and_find_link(r"https?://\S+/akun/confirm-email/\S+")
    page.goto(link)
    click_and_wait(page, page.locator("main form button[type=submit]").first)
    page.screenshot(path=str(ARTIFACTS / "agency-verified.png"), full_page=True)

    # Fill the FS3 and submit it.
    page.goto(f"{live_server.url}/pengajuan/baru/")
    page.check("input[name=kind][value=fs3]")
    page.fill("input[name=title]", "Survei Status Gizi Balita 2027")
    page.locator("form button[type=submit]").last.click()
    page.wait_for_url(re.compile(r".*/bagian/header/$"))
    fill_fs3_sections(page, str(pdf))
    click_and_wait(page, page.locator("[data-testid=submit-button]"))
    s = Submission.objects.get()
    assert s.state == State.SUBMITTED and s.created_by.email == EMAIL

    # The office records it complete, a reviewer writes a note and returns it for revision.
    s = review.review_accept(submission=s, actor=world["front_desk"])
    review.review_assign(submission=s, reviewers=[world["reviewer"]], actor=world["coordinator"])
    review.note_add(
        submission=s, section="3", field="objective", text="Rinci tujuan per kecamatan.", actor=world["reviewer"]
    )
    review.review_return_for_revision(submission=s, actor=world["reviewer"])

    # The agency answers the note next to the question, changes the answer and resubmits.
    page.goto(f"{live_server.url}/pengajuan/{s.pk}/bagian/3/")
    assert "Rinci tujuan per kecamatan." in page.locator("[data-testid=agency-note]").inner_text()
    page.locator("[data-testid=agency-note] textarea[name=response]").fill("Tujuan dirinci untuk 17 kecamatan.")
    click_and_wait(page, page.locator("[data-testid=note-respond]"))
    page.fill("textarea[name=objective]", "Mengukur prevalensi stunting di setiap kecamatan (17 kecamatan).")
    click_and_wait(page, page.locator("button[name=simpan]"))
    page.goto(f"{live_server.url}/pengajuan/{s.pk}/")
    click_and_wait(page, page.locator("[data-testid=submit-button]"))
    s.refresh_from_db()
    assert (s.state, s.round) == (State.IN_REVIEW, 2)  # straight back in review: no second "terekam lengkap"

    # The office decides layak and the head signs.
    s = review.review_decide(submission=s, actor=world["reviewer"], decision=State.FEASIBLE, text="Pakai KBLI 2020.")
    letter = letter_render(letter_id=s.letter.pk, version=s.letter.draft_version)
    letter = letter_send_to_head(letter=letter, actor=world["reviewer"])
    letter = letter_sign(letter=letter, signer=world["head"], passphrase=HEAD_PASSPHRASE)
    assert letter.state == LetterState.SIGNED

    # The agency downloads the signed letter from its submission.
    page.goto(f"{live_server.url}/pengajuan/{s.pk}/")
    with page.expect_download() as download:
        page.locator("[data-testid=letter-download]").click()
    signed = download.value.path().read_bytes()
    assert signed.startswith(b"%PDF-") and b"/ByteRange" in signed
    assert signed == letter.signed_pdf.open("rb").read()

    # And rates the service: nine answers and a comment, once.
    click_and_wait(page, page.locator("[data-testid=skm-rate-link]"))
    for n in range(1, 10):
        page.locator(f"#question-u{n} label").nth(3 if n != 4 else 2).click()
    page.fill("textarea[name=comment]", "Cepat dan jelas.")
    page.screenshot(path=str(ARTIFACTS / "agency-rating.png"), full_page=True)
    click_and_wait(page, page.locator("[data-testid=rating-submit]"))
    assert page.locator("[data-testid=rating-answers]").is_visible()
    response = SurveyResponse.objects.get(submission=s)
    assert [getattr(response, f"u{n}") for n in range(1, 10)] == [4, 4, 4, 3, 4, 4, 4, 4, 4]
    assert response.comment == "Cepat dan jelas."
    page.screenshot(path=str(ARTIFACTS / "agency-rated.png"), full_page=True)
    context.close()

"""The head signs a letter in the browser with the demo certificate — the page says "sedang ditandatangani…"
while a Celery worker signs it, then shows the signed letter — and anyone opens the letter's verification page
from the URL in its QR code."""

import io

import pytest
from pypdf import PdfReader

from letters.enums import LetterState
from letters.services import letter_render, letter_send_to_head
from review import services
from submissions.models import Submission
from submissions.states import State
from tests.browser.helpers import ARTIFACTS, click_and_wait, log_in, seed_demo
from tests.conftest import start_test_worker

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _link_uris(pdf: bytes) -> list[str]:
    uris = []
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for annot in page.get("/Annots") or []:
            action = annot.get_object().get("/A")
            if action and action.get("/URI"):
                uris.append(str(action["/URI"]))
    return uris


@pytest.mark.usefixtures("empty_broker_queue")
def test_head_signs_and_the_qr_url_verifies_the_letter(browser, live_server, settings):
    settings.SITE_URL = live_server.url  # the QR code points at this server
    seed_demo()
    from django.contrib.auth import get_user_model

    User = get_user_model()
    reviewer = User.objects.get(email="reviewer.6202@demo.bps.go.id")
    submission = Submission.objects.get(state=State.SUBMITTED, office__code="6202")
    s = services.review_accept(submission=submission, actor=reviewer)
    services.review_take(submission=s, actor=reviewer)
    s = services.review_decide(
        submission=s, actor=reviewer, decision=State.FEASIBLE, text="Gunakan kerangka sampel terbaru."
    )
    letter = s.letter
    letter_render(letter_id=letter.pk, version=letter.draft_version)
    letter_send_to_head(letter=letter, actor=reviewer)

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(locale="id-ID")
    page = context.new_page()
    log_in(page, live_server.url, "head.6202@demo.bps.go.id", "romantik-demo")
    page.wait_for_url(f"{live_server.url}/kantor/6202/tanda-tangan/")
    click_and_wait(page, page.locator("[data-testid=letter-to-sign] a").first)
    assert page.locator("[data-testid=letter-pdf]").count() == 1
    page.fill("[data-testid=sign-form] input[type=password]", "romantik-demo")
    page.screenshot(path=str(ARTIFACTS / "signing-before.png"), full_page=True)
    click_and_wait(page, page.locator("[data-testid=sign-button]"))
    # No worker yet: the page says the letter is being signed, and reloads itself.
    assert page.locator("[data-testid=signing-in-progress]").count() == 1
    page.screenshot(path=str(ARTIFACTS / "signing-progress.png"), full_page=True)
    with start_test_worker():
        page.locator("[data-testid=already-signed]").wait_for(timeout=120_000)  # generous: CI machines are busy
    letter.refresh_from_db()
    assert letter.state == LetterState.SIGNED
    assert letter.number.startswith("B-001/")
    assert Submission.objects.get(pk=s.pk).state == State.ISSUED
    assert letter.number in page.content()
    page.screenshot(path=str(ARTIFACTS / "signing-after.png"), full_page=True)
    context.close()

    # Anyone holding the letter follows its QR code (the same URL is the link on the signature block).
    verify_url = f"{live_server.url}/verifikasi/{letter.verify_token}/"
    signed = letter.signed_pdf.read()
    (ARTIFACTS / "signed-letter.pdf").write_bytes(signed)
    assert verify_url in _link_uris(signed)
    visitor = browser.new_context(locale="id-ID")
    page = visitor.new_page()
    page.goto(verify_url)
    assert page.locator("[data-testid=letter-number]").inner_text().strip() == letter.number
    record = page.locator("[data-testid=letter-record]").inner_text()
    assert "Dinas Kesehatan Kabupaten Kotawaringin Timur" in record
    page.screenshot(path=str(ARTIFACTS / "verification-page.png"), full_page=True)
    visitor.close()

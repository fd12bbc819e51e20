"""The head signs a letter through BSrE in the browser — a local BSrE (tests/letters/bsre_service.py) started in the
test, over HTTP, signing with its own test CA — after entering the BSrE identity on the signing page (checked with
BSrE's status call); a Celery worker makes the call, and anyone opens the letter's verification page."""

import pytest

from letters.enums import BsreAttemptState, LetterState
from letters.models import BsreSignAttempt
from letters.services import letter_render, letter_send_to_head
from review import services
from submissions.models import Submission
from submissions.states import State
from tests.browser.helpers import ARTIFACTS, click_and_wait, log_in, seed_demo
from tests.conftest import start_test_worker
from tests.letters.bsre_service import CLIENT_ID, CLIENT_SECRET, LocalBsreServer

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

NIK = "6202011203750002"
PASSPHRASE = "Bsre-Rahasia-2026"


def _letter_awaiting_the_head():
    """The demo data, and the demo FS3 of 6202 decided layak by its reviewer: its letter rendered and sent to the
    office's head. Returns the head and the letter."""
    from django.contrib.auth import get_user_model

    seed_demo()
    User = get_user_model()
    reviewer = User.objects.get(email="reviewer.6202@demo.bps.go.id")
    submission = Submission.objects.get(state=State.SUBMITTED, office__code="6202")
    s = services.review_accept(submission=submission, actor=reviewer)
    services.review_take(submission=s, actor=reviewer)
    s = services.review_decide(submission=s, actor=reviewer, decision=State.FEASIBLE, text="Gunakan kerangka terbaru.")
    letter = s.letter
    letter_render(letter_id=letter.pk, version=letter.draft_version)
    letter_send_to_head(letter=letter, actor=reviewer)
    return User.objects.get(email="head.6202@demo.bps.go.id"), letter


@pytest.mark.usefixtures("empty_broker_queue")
def test_head_signs_through_bsre_and_the_letter_verifies(browser, live_server, settings, tmp_path):
    settings.SITE_URL = live_server.url
    head, letter = _letter_awaiting_the_head()

    with LocalBsreServer() as bsre:
        settings.LETTER_SIGNER = "letters.bsre.BsreSigner"
        settings.BSRE_BASE_URL = bsre.url
        settings.BSRE_CLIENT_ID, settings.BSRE_CLIENT_SECRET = CLIENT_ID, CLIENT_SECRET
        settings.BSRE_TRUST_ROOTS = [bsre.root_file(tmp_path)]
        bsre.register(identity=NIK, name=head.full_name, nip=head.nip)

        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        context = browser.new_context(locale="id-ID")
        page = context.new_page()
        log_in(page, live_server.url, "head.6202@demo.bps.go.id", "romantik-demo")
        page.goto(f"{live_server.url}/surat/{letter.pk}/tanda-tangan/")
        # No BSrE identity yet: the page says so, and the button waits.
        assert page.locator("[data-testid=bsre-problem]").count() == 1
        assert page.locator("[data-testid=sign-button]").is_disabled()
        page.fill("[data-testid=bsre-identity-form] input[name=bsre_identity]", NIK)
        click_and_wait(page, page.locator("[data-testid=bsre-identity-form] button[type=submit]"))
        assert page.locator("[data-testid=bsre-problem]").count() == 0
        page.fill("[data-testid=sign-form] input[type=password]", PASSPHRASE)
        page.screenshot(path=str(ARTIFACTS / "bsre-signing-before.png"), full_page=True)
        click_and_wait(page, page.locator("[data-testid=sign-button]"))
        assert page.locator("[data-testid=signing-in-progress]").count() == 1
        with start_test_worker():
            page.locator("[data-testid=already-signed]").wait_for(timeout=120_000)
        page.screenshot(path=str(ARTIFACTS / "bsre-signing-after.png"), full_page=True)
        context.close()

        letter.refresh_from_db()
        assert letter.state == LetterState.SIGNED and letter.number.startswith("B-001/")
        assert len(bsre.sign_calls) == 1 and bsre.sign_calls[0]["nik"] == NIK
        assert BsreSignAttempt.objects.get(letter=letter).state == BsreAttemptState.SIGNED
        signed = letter.signed_pdf.read()  # checked below on the verification page (pyHanko's sync API cannot run
        # in this thread: Playwright's event loop runs here)

    # Anyone holding the letter opens its verification page and checks the file there.
    verify_url = f"{live_server.url}/verifikasi/{letter.verify_token}/"
    pdf = tmp_path / "surat.pdf"
    pdf.write_bytes(signed)
    (ARTIFACTS / "bsre-signed-letter.pdf").write_bytes(signed)
    visitor = browser.new_context(locale="id-ID")
    page = visitor.new_page()
    page.goto(verify_url)
    assert page.locator("[data-testid=letter-number]").inner_text().strip() == letter.number
    page.set_input_files("form input[type=file]", str(pdf))
    click_and_wait(page, page.locator("form button[type=submit]").last)
    assert page.locator("[data-testid=verify-result]").get_attribute("data-valid") == "true"
    page.screenshot(path=str(ARTIFACTS / "bsre-verification-page.png"), full_page=True)
    visitor.close()


@pytest.mark.usefixtures("empty_broker_queue")
def test_a_batch_letter_bsre_did_not_answer_is_being_confirmed_never_failed(browser, live_server, settings, tmp_path):
    """The head signs from the list (a batch of one, one passphrase); BSrE answers after the portal stopped waiting.
    The batch page says "sedang dikonfirmasi" and what happens next — never "Tidak ditandatangani" —, the letter's
    page asks BSrE on a click, and the head signs it again with the same number."""
    settings.SITE_URL = live_server.url
    from letters.bsre import bsre_identity_set
    from romantik.models import Counter

    head, letter = _letter_awaiting_the_head()
    counted = Counter.objects.filter(key__startswith="letter:").count()

    with LocalBsreServer() as bsre:
        settings.LETTER_SIGNER = "letters.bsre.BsreSigner"
        settings.BSRE_BASE_URL = bsre.url
        settings.BSRE_CLIENT_ID, settings.BSRE_CLIENT_SECRET = CLIENT_ID, CLIENT_SECRET
        settings.BSRE_TRUST_ROOTS = [bsre.root_file(tmp_path)]
        settings.BSRE_TIMEOUT_SECONDS = 4
        bsre.register(identity=NIK, name=head.full_name, nip=head.nip)
        assert bsre_identity_set(user=head, identity=NIK) == ""
        bsre.behaviour, bsre.delay = "slow", 7.0  # signs, answers after the portal stopped waiting

        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        context = browser.new_context(locale="id-ID")
        page = context.new_page()
        log_in(page, live_server.url, "head.6202@demo.bps.go.id", "romantik-demo")
        page.goto(f"{live_server.url}/kantor/6202/tanda-tangan/")
        page.check(f"#tick-{letter.pk}")
        page.fill("[data-testid=batch-sign] input[type=password]", PASSPHRASE)
        click_and_wait(page, page.locator("[data-testid=batch-sign-button]"))
        row = page.locator(f"[data-testid=batch-letter][data-letter='{letter.pk}']")
        with start_test_worker():
            page.locator("[data-testid=batch-confirming]").wait_for(timeout=120_000)
        assert row.get_attribute("data-progress") == "confirming"
        assert "sedang dikonfirmasi" in row.inner_text()
        assert "ditandatangani" not in row.inner_text().replace("sedang dikonfirmasi", "")
        assert "setiap menit" in page.locator("[data-testid=confirming-next]").inner_text()
        page.screenshot(path=str(ARTIFACTS / "bsre-batch-confirming.png"), full_page=True)

        # The way on: the letter's page says what happens next and asks BSrE on a click; BSrE answers again.
        click_and_wait(page, row.get_by_role("link", name="Buka surat"))
        assert page.locator("[data-testid=confirming-next]").count() == 1
        bsre.behaviour = "normal"
        click_and_wait(page, page.get_by_role("button", name="Tanyakan ke BSrE sekarang"))
        assert page.locator("[data-testid=bsre-settled]").count() == 1
        page.fill("[data-testid=sign-form] input[type=password]", PASSPHRASE)
        click_and_wait(page, page.locator("[data-testid=sign-button]"))
        with start_test_worker():
            page.locator("[data-testid=already-signed]").wait_for(timeout=120_000)
        context.close()

        letter.refresh_from_db()
        assert letter.state == LetterState.SIGNED and letter.number.startswith("B-001/")
        assert len(bsre.sign_calls) == 2  # the lost answer, then the new call: one letter, one number
        assert Counter.objects.filter(key__startswith="letter:").count() == counted + 1

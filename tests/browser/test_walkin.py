"""A walk-in at the PST front desk, in headless Chromium: the officer registers the visitor, calls
their number, creates their account and starts an FS3 for them; the visitor then sets a password
through the invitation e-mail and finds the form under My submissions."""

import re
from datetime import timedelta

import pytest
from django.core import mail

from notifications.models import Message
from notifications.services import outbox_flush
from romantik.models import Agency
from submissions.enums import GuestStatus
from submissions.models import GuestBookEntry, Submission
from tests.browser.helpers import ARTIFACTS, click_and_wait, fill_fs3_sections, seed_demo
from tests.factories import pdf_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

OFFICER = "frontdesk.6371@demo.bps.go.id"
AGENCY = "Dinas Komunikasi, Informatika, Statistik dan Persandian Kota Banjarmasin"
VISITOR = "dewi.lestari@diskominfo-bjm.demo.go.id"
TITLE = "Survei Kepuasan Pengguna Layanan Publik 2027"


def test_walkin_is_registered_called_given_an_account_and_its_form_recorded(browser, live_server, tmp_path):
    seed_demo()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    base = live_server.url
    agency = Agency.objects.get(name=AGENCY)

    # The officer logs in and registers the visitor in the guest book.
    officer = browser.new_context(locale="id-ID")
    page = officer.new_page()
    page.on("dialog", lambda dialog: dialog.accept())  # data-confirm buttons (Ajukan ke BPS)
    page.goto(f"{base}/akun/login/")
    page.fill("input[name=login]", OFFICER)
    page.fill("input[name=password]", "romantik-demo")
    page.locator("form button[type=submit]").last.click()
    page.wait_for_url(f"{base}/kantor/6371/")
    page.locator("[data-testid=front-desk-card] a").first.click()
    page.wait_for_url(f"{base}/kantor/6371/pst/")
    page.goto(f"{base}/kantor/6371/pst/buku-tamu/baru/")
    page.fill("input[name=name]", "Dewi Lestari")
    page.select_option("select[name=agency]", str(agency.pk))
    page.fill("input[name=position]", "Statistisi Ahli Pertama")
    page.fill("input[name=email]", VISITOR)
    page.fill("input[name=phone]", "0812-5050-7777")
    page.locator("form[data-testid=guest-form] button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/kantor/6371/pst/tamu/\d+/$"))
    assert page.locator("[data-testid=queue-number]").inner_text().strip() == "1"
    page.screenshot(path=str(ARTIFACTS / "walkin-queue-number.png"), full_page=True)
    entry = GuestBookEntry.objects.get(email=VISITOR)
    assert (entry.queue_number, entry.agency_id, entry.status) == (1, agency.pk, GuestStatus.WAITING)

    # The number is called; the waiting-room screen shows it.
    page.goto(f"{base}/kantor/6371/pst/buku-tamu/")
    click_and_wait(page, page.locator("[data-testid=call-next]"))
    entry.refresh_from_db()
    assert entry.status == GuestStatus.CALLED
    page.screenshot(path=str(ARTIFACTS / "walkin-guestbook.png"), full_page=True)
    screen = officer.new_page()
    screen.goto(f"{base}/kantor/6371/pst/layar/")
    assert screen.locator("[data-testid=called-number]").text_content().strip() == "1"
    screen.screenshot(path=str(ARTIFACTS / "walkin-screen.png"), full_page=True)
    screen.close()

    # The officer creates the visitor's account, linked to the agency.
    page.goto(f"{base}/kantor/6371/pst/tamu/{entry.pk}/")
    page.locator("[data-testid=account-link]").click()
    page.wait_for_url(f"{base}/kantor/6371/pst/tamu/{entry.pk}/akun/")
    page.screenshot(path=str(ARTIFACTS / "walkin-account.png"), full_page=True)
    page.locator("form[data-testid=account-form] button[type=submit]").click()
    page.wait_for_url(f"{base}/kantor/6371/pst/tamu/{entry.pk}/")
    assert VISITOR in page.locator("[data-testid=guest-account]").inner_text()
    assert Message.objects.filter(template="account_invitation", address=VISITOR).count() == 1

    # ... and starts an FS3 for them, then saves the header.
    page.check("form[data-testid=record-form] input[value=fs3]")
    page.locator("form[data-testid=record-form] button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/pengajuan/\d+/bagian/header/$"))
    submission = Submission.objects.get(created_by__email=VISITOR)
    page.fill("input[name=title]", TITLE)
    # The save comes back to the same address: waiting for the URL would return at once, with the old page still
    # up and the save's reload still to come under the next steps' feet. Wait for the reload itself.
    click_and_wait(page, page.locator("button[name=simpan]"))
    assert page.url == f"{base}/pengajuan/{submission.pk}/bagian/header/"
    submission.refresh_from_db()
    assert (submission.title, submission.channel, submission.recorded_by.email) == (TITLE, "offline", OFFICER)
    page.screenshot(path=str(ARTIFACTS / "walkin-header-saved.png"), full_page=True)

    # The officer fills the rest of the form with the visitor and submits it on their behalf.
    pdf = tmp_path / "surat-pengantar.pdf"
    pdf.write_bytes(pdf_bytes())
    fill_fs3_sections(page, str(pdf))
    assert page.locator("[data-testid=completeness-summary]").inner_text().strip() == "Lengkap: siap diajukan."
    click_and_wait(page, page.locator("[data-testid=submit-button]"))
    submission.refresh_from_db()
    assert (submission.state, submission.office.code) == ("diajukan", "6371")
    assert submission.transitions.get().actor.email == OFFICER
    assert Message.objects.filter(template="submission_submitted", address=VISITOR).count() == 1
    page.goto(f"{base}/kantor/6371/pst/")
    assert page.get_by_role("link", name=TITLE).count() == 1
    page.screenshot(path=str(ARTIFACTS / "walkin-front-desk.png"), full_page=True)
    officer.close()

    # The invitation is sent (what the Celery worker does); the visitor opens its link, sets a password and
    # sees the form. Once sent, the outbox no longer keeps the working link.
    outbox_flush(grace=timedelta(0))
    [mail_sent] = [m for m in mail.outbox if VISITOR in m.to and "/akun/undangan/" in m.body]
    link = re.search(r"/akun/undangan/\S+/", mail_sent.body).group(0)
    invitation = Message.objects.get(template="account_invitation", address=VISITOR)
    assert invitation.state == "sent" and "/akun/undangan/" not in str(invitation.context)
    visitor = browser.new_context(locale="id-ID")
    page = visitor.new_page()
    page.on("dialog", lambda dialog: dialog.accept())  # data-confirm buttons (Ajukan ke BPS)
    page.goto(f"{base}{link}")
    page.fill("input[name=new_password1]", "Pelangi-Senja-2026")
    page.fill("input[name=new_password2]", "Pelangi-Senja-2026")
    page.locator("form[data-testid=invitation-form] button[type=submit]").click()
    page.wait_for_url(f"{base}/instansi/")
    assert page.locator("[data-testid=signed-in-as]").inner_text().strip() == "Dewi Lestari"
    page.goto(f"{base}/pengajuan/")
    table = page.locator("[data-testid=submission-table]")
    assert table.get_by_role("link", name=TITLE).count() == 1
    page.screenshot(path=str(ARTIFACTS / "walkin-my-submissions.png"), full_page=True)
    table.get_by_role("link", name=TITLE).click()
    page.wait_for_url(f"{base}/pengajuan/{submission.pk}/")
    assert page.locator("[data-testid=submission-title]").inner_text().strip() == TITLE
    assert page.locator("[data-testid=submission-state]").inner_text().strip() == "Diajukan"
    visitor.close()

"""Issue 19, in Chromium: an agency whose letter was issued is reminded to hand over its results, follows the
reminder's link, uploads the publication and gives the link to its dataset, hands them over; the office confirms
receipt on its compliance page; the public catalogue then shows 'Hasil diserahkan' with the dataset's link."""

import datetime

import pytest
from django.utils import timezone

from handover.reminders import handover_reminders_sweep
from letters.models import Letter
from letters.signals import letter_issued
from notifications.models import Message
from tests.browser.helpers import ARTIFACTS, click_and_wait, log_in
from tests.factories import PASSWORD, SubmissionFactory, pdf_bytes, world_build

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
DATASET = "https://satudata.example.go.id/dataset/survei-gizi-2027"


def _issued(world):
    s = SubmissionFactory(owner=world["user"], title="Survei Gizi Balita", issued=True, reviewer=world["reviewer"])
    Letter.objects.filter(submission=s).update(
        number=f"B-{s.pk}/62020/VS.300/2026", letter_date=datetime.date(2026, 6, 1), signed_at=timezone.now()
    )
    letter = Letter.objects.get(submission=s)
    letter_issued.send(sender=None, submission=s, letter=letter)  # as letters.issuing sends it once signed
    return s


@pytest.mark.usefixtures("empty_broker_queue")
def test_reminded_agency_hands_over_office_confirms_catalogue_shows_it(browser, live_server, tmp_path):
    world = world_build()
    submission = _issued(world)
    handover = submission.handovers.get()
    assert handover.due_date == datetime.date(2027, 12, 1)  # block VIII: the digital product's release

    # Three days before the due date the daily sweep reminds the agency, once.
    handover_reminders_sweep(today=handover.due_date - datetime.timedelta(days=3))
    handover_reminders_sweep(today=handover.due_date - datetime.timedelta(days=3))
    [reminder] = Message.objects.filter(template="handover_reminder", channel="email")
    assert reminder.recipient == world["user"]

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    publication = tmp_path / "publikasi-gizi.pdf"
    publication.write_bytes(pdf_bytes(2))
    context = browser.new_context(locale="id-ID")
    page = context.new_page()
    log_in(page, live_server.url, world["user"].email, PASSWORD)
    page.goto(f"{live_server.url}{reminder.context['url']}")  # the reminder's link
    card = page.locator("[data-testid=handover]")
    assert card.locator("[data-testid=handover-state]").inner_text() == "Belum diserahkan"
    form = card.locator("[data-testid=item-form]")
    form.locator("select[name=kind]").select_option("publikasi")
    form.locator("input[name=file]").set_input_files(str(publication))
    click_and_wait(page, form.get_by_role("button", name="Tambah"))
    form = page.locator("[data-testid=item-form]")
    form.locator("select[name=kind]").select_option("dataset")
    form.locator("input[name=url]").fill(DATASET)
    click_and_wait(page, form.get_by_role("button", name="Tambah"))
    items = page.locator("[data-testid=items]").inner_text()
    assert "publikasi-gizi.pdf" in items and DATASET in items
    click_and_wait(page, page.locator("[data-testid=handover-submit]"))
    assert page.locator("[data-testid=handover-state]").inner_text() == "Diserahkan, menunggu konfirmasi"
    page.screenshot(path=str(ARTIFACTS / "handover-agency.png"), full_page=True)
    context.close()

    # The office's coordinator confirms receipt on the compliance page.
    context = browser.new_context(locale="id-ID")
    page = context.new_page()
    log_in(page, live_server.url, world["coordinator"].email, PASSWORD)
    page.goto(f"{live_server.url}/kantor/{world['office'].code}/serah-hasil/")
    row = page.locator("[data-testid=handover-rows] tbody tr").first
    assert row.get_attribute("data-status") == "awaiting" and DATASET in row.inner_text()
    row.locator("textarea[name=note]").fill("Terima kasih, publikasi dan dataset sudah kami terima.")
    click_and_wait(page, row.get_by_role("button", name="Konfirmasi penerimaan"))
    row = page.locator("[data-testid=handover-rows] tbody tr").first
    assert row.get_attribute("data-status") == "received" and "Hasil diserahkan" in row.inner_text()
    page.screenshot(path=str(ARTIFACTS / "handover-office.png"), full_page=True)
    context.close()

    # Anyone: the catalogue entry shows the results handed over, with the dataset's link and the publication.
    context = browser.new_context(locale="id-ID")
    page = context.new_page()
    page.goto(f"{live_server.url}/katalog/{submission.pk}/")
    status = page.locator("[data-testid=handover-status]")
    assert status.locator("[data-testid=handed-over]").inner_text() == "Hasil diserahkan"
    links = [a.get_attribute("href") for a in status.locator("[data-testid=result-link]").all()]
    assert DATASET in links and any(link.startswith(f"/pengajuan/{submission.pk}/hasil/berkas/") for link in links)
    response = page.request.get(f"{live_server.url}{links[0]}")
    assert response.status == 200 and response.body().startswith(b"%PDF-")
    page.screenshot(path=str(ARTIFACTS / "handover-catalogue.png"), full_page=True)
    context.close()

"""Issue 17, in Chromium: an agency deletes a draft it no longer needs after a confirmation page; 'Ajukan ke BPS'
and 'Terekam lengkap' ask before they act (cancelling changes nothing); a note on the variables table is read
and answered on the variables page itself."""

import pytest

from review.services import note_add, review_return_for_revision
from submissions.models import Submission
from submissions.states import State
from tests.browser.helpers import ARTIFACTS, click_and_wait, log_in
from tests.factories import PASSWORD, SubmissionFactory, submission_for, world_build

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _as(browser, live_server, user):
    context = browser.new_context(locale="id-ID")
    page = context.new_page()
    log_in(page, live_server.url, user.email, PASSWORD)
    return context, page


@pytest.mark.usefixtures("empty_broker_queue")
def test_an_agency_deletes_a_draft_after_confirming(browser, live_server):
    world = world_build()
    draft = submission_for(world["user"], title="Survei Yang Batal")
    context, page = _as(browser, live_server, world["user"])

    page.goto(f"{live_server.url}/pengajuan/{draft.pk}/")
    click_and_wait(page, page.locator("[data-testid=delete-link]"))
    assert "Survei Yang Batal" in page.locator("[data-testid=delete-question]").inner_text()
    assert Submission.objects.filter(pk=draft.pk).exists()  # the link only asks
    click_and_wait(page, page.locator("[data-testid=delete-confirm]"))

    assert page.url == f"{live_server.url}/pengajuan/"
    assert "Draf “Survei Yang Batal” telah dihapus." in page.locator(".alert-success").inner_text()
    assert not Submission.objects.filter(pk=draft.pk).exists()
    context.close()


@pytest.mark.usefixtures("empty_broker_queue")
def test_submitting_and_recording_complete_ask_first(browser, live_server):
    world = world_build()
    s = SubmissionFactory(owner=world["user"], complete=True)
    context, page = _as(browser, live_server, world["user"])
    page.goto(f"{live_server.url}/pengajuan/{s.pk}/")
    asked = []

    def dismiss(dialog):
        asked.append(dialog.message)
        dialog.dismiss()

    page.once("dialog", dismiss)
    page.locator("[data-testid=submit-button]").click()
    page.wait_for_timeout(300)
    assert asked and asked[0].startswith("Ajukan formulir ini ke BPS Kabupaten Kotawaringin Timur?")
    s.refresh_from_db()
    assert s.state == State.DRAFT  # cancelled: nothing sent

    page.once("dialog", lambda dialog: dialog.accept())
    click_and_wait(page, page.locator("[data-testid=submit-button]"))
    s.refresh_from_db()
    assert s.state == State.SUBMITTED
    context.close()

    context, page = _as(browser, live_server, world["front_desk"])
    page.goto(f"{live_server.url}/periksa/{s.pk}/")
    asked.clear()
    page.once("dialog", dismiss)
    page.locator("[data-testid=accept]").click()
    page.wait_for_timeout(300)
    assert asked and "terekam lengkap" in asked[0]
    s.refresh_from_db()
    assert s.state == State.SUBMITTED
    page.once("dialog", lambda dialog: dialog.accept())
    click_and_wait(page, page.locator("[data-testid=accept]"))
    s.refresh_from_db()
    assert s.state == State.IN_REVIEW
    context.close()


@pytest.mark.usefixtures("empty_broker_queue")
def test_a_note_on_the_variables_is_answered_where_the_variables_are_edited(browser, live_server):
    world = world_build()
    s = SubmissionFactory(owner=world["user"], in_review=True, reviewer=world["reviewer"])
    note_add(submission=s, section="variables", text="Definisi variabel umur kurang jelas.", actor=world["reviewer"])
    review_return_for_revision(submission=s, actor=world["reviewer"])
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    context, page = _as(browser, live_server, world["user"])

    page.goto(f"{live_server.url}/pengajuan/{s.pk}/")
    click_and_wait(page, page.locator(".section-nav [data-section=variables]"))
    note = page.locator("[data-testid=agency-note]")
    assert "Definisi variabel umur kurang jelas." in note.locator("[data-testid=note-text]").inner_text()
    assert page.locator("[data-testid=variables-table]").is_visible()
    page.screenshot(path=str(ARTIFACTS / "agency-variables-note.png"), full_page=True)
    note.locator("textarea[name=response]").fill("Definisi umur diperjelas: umur pada ulang tahun terakhir.")
    click_and_wait(page, note.locator("[data-testid=note-respond]"))

    assert page.url.startswith(f"{live_server.url}/pengajuan/{s.pk}/variabel/")
    assert page.locator("[data-testid=agency-note] [data-testid=note-addressed]").is_visible()
    assert s.notes.get().response == "Definisi umur diperjelas: umur pada ulang tahun terakhir."
    context.close()

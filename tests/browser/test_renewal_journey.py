"""Issue 19, in Chromium: an agency renews its recommended recurring activity for the next period from the
activity's page; the reviewer sees the renewal panel (the previous letter, only what changed), the changed section
open and marked and the unchanged ones collapsed ("tidak berubah", opened from the panel's link or their summary),
decides; the new period's letter cites the previous recommendation."""

import datetime
import re

import pytest
from django.core.files.base import ContentFile
from django.utils.html import strip_tags

from letters.enums import LetterState
from letters.models import Letter
from letters.rendering import letter_html
from review.services import review_accept, review_assign
from submissions import enums
from submissions.models import Attachment, Submission
from submissions.services import submission_submit
from submissions.states import State
from tests.browser.helpers import ARTIFACTS, click_and_wait, log_in
from tests.factories import PASSWORD, SubmissionFactory, pdf_bytes, world_build

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PREVIOUS_NUMBER = "B-101/62020/VS.300/2027"
PREVIOUS_DATE = datetime.date(2027, 3, 2)


def _recommended(world) -> Submission:
    """An issued layak recommendation of a recurring activity (4.1 Berulang, yearly: the factory's complete form),
    its letter numbered and dated as a signed one."""
    s = SubmissionFactory(
        owner=world["user"], title="Survei Kesehatan Berulang 2027", year=2027, issued=True, reviewer=world["reviewer"]
    )
    assert s.repetition == enums.Repetition.REPEATED
    Letter.objects.filter(submission=s).update(
        state=LetterState.SIGNED, number=PREVIOUS_NUMBER, letter_date=PREVIOUS_DATE
    )
    return s


def _as(browser, live_server, email):
    context = browser.new_context(locale="id-ID")
    page = context.new_page()
    page.on("dialog", lambda dialog: dialog.accept())  # data-confirm buttons
    log_in(page, live_server.url, email, PASSWORD)
    return context, page


def _submitted_and_assigned(world, renewal: Submission) -> Submission:
    """What the agency does on pages other journeys walk (a changed answer, the new period's cover letter and
    instrument, submit), and the office's desk and coordinator (accept, assign): through the services."""
    Submission.objects.filter(pk=renewal.pk).update(
        objective="Tujuan periode 2028: menambah cakupan kecamatan.",
        cover_letter_number="800/12/Dinkes/2028",
        cover_letter_date=datetime.date(2028, 1, 10),
    )
    for kind in (enums.AttachmentKind.COVER_LETTER, enums.AttachmentKind.INSTRUMENT):
        attachment = Attachment(submission=renewal, kind=kind, original_name=f"{kind}.pdf", size=100)
        attachment.file.save(f"{kind}.pdf", ContentFile(pdf_bytes()), save=True)
    renewal = submission_submit(submission=Submission.objects.get(pk=renewal.pk), actor=world["user"])
    review_accept(submission=renewal, actor=world["front_desk"])
    review_assign(submission=renewal, reviewers=[world["reviewer"]], actor=world["coordinator"])
    return Submission.objects.get(pk=renewal.pk)


@pytest.mark.usefixtures("empty_broker_queue")
def test_agency_renews_reviewer_sees_only_the_changes_letter_cites_the_previous(browser, live_server):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    world = world_build()
    previous = _recommended(world)

    # The agency renews from the activity's page: the offer, then the confirmation with the next period.
    context, page = _as(browser, live_server, world["user"].email)
    page.goto(f"{live_server.url}/pengajuan/{previous.pk}/")
    click_and_wait(page, page.locator("[data-testid=renew-link]"))
    assert page.locator("input[name=year]").input_value() == "2028"
    assert "Survei Kesehatan Berulang 2028" in page.locator("[data-testid=renew-title]").inner_text()
    click_and_wait(page, page.locator("[data-testid=renew-confirm]"))
    renewal = Submission.objects.get(renews=previous)
    assert (renewal.year, renewal.title, renewal.state) == (2028, "Survei Kesehatan Berulang 2028", State.DRAFT)
    assert f"/pengajuan/{renewal.pk}/" in page.url
    assert page.locator("[data-testid=renews-note]").is_visible()
    context.close()

    renewal = _submitted_and_assigned(world, renewal)

    # The reviewer: the renewal panel with the previous letter and only the changed answer.
    context, page = _as(browser, live_server, world["reviewer"].email)
    page.goto(f"{live_server.url}/periksa/{renewal.pk}/")
    panel = page.locator("[data-testid=renewal-changes]")
    assert panel.is_visible()
    assert PREVIOUS_NUMBER in panel.locator("[data-testid=renewal-previous]").inner_text()
    assert "2 Maret 2027" in panel.locator("[data-testid=renewal-previous]").inner_text()
    changes = panel.locator("[data-testid=renewal-change]")
    assert changes.count() == 1 and changes.first.get_attribute("data-field") == "objective"
    assert "menambah cakupan kecamatan" in changes.first.inner_text()

    # In the form below: the changed section open and marked, the unchanged ones collapsed.
    changed = page.locator("#section-3")
    assert changed.get_attribute("data-renewal") == "changed"
    assert changed.locator("[data-testid=section-changed]").is_visible()
    assert changed.get_by_text("menambah cakupan kecamatan").is_visible()
    unchanged = page.locator("#section-4")
    assert unchanged.get_attribute("data-renewal") == "unchanged"
    summary = unchanged.locator("[data-testid=section-unchanged] > summary")
    assert summary.is_visible() and "Tidak berubah sejak rekomendasi sebelumnya" in summary.inner_text()
    answers = unchanged.locator("[data-testid=answer]")
    assert answers.count() > 0 and not answers.first.is_visible()
    page.screenshot(path=str(ARTIFACTS / "renewal-review.png"), full_page=True)
    # The panel's "tidak berubah" link opens the section it leads to (static/js/renewal.js).
    panel.locator('[data-testid=renewal-unchanged] a[href="#section-4"]').click()
    assert answers.first.is_visible()
    # Another one opens from its own summary line, without any script.
    indicators = page.locator("#section-indicators")
    assert indicators.get_attribute("data-renewal") == "unchanged"
    assert not indicators.locator(".card-body").last.is_visible()
    indicators.locator("[data-testid=section-unchanged] > summary").click()
    assert indicators.locator(".card-body").last.is_visible()

    # The reviewer proposes layak; the new period's letter cites the previous recommendation.
    page.locator("[data-testid=decide-form]").locator("xpath=..").locator("summary").click()
    form = page.locator("[data-testid=decide-form]")
    form.locator("input[name=decision][value=layak]").check()
    form.locator("textarea").first.fill("Lanjutkan sesuai rancangan periode sebelumnya.")
    click_and_wait(page, page.locator("[data-testid=decide]"))
    assert page.locator("[data-testid=awaiting-head]").is_visible()
    context.close()
    letter = Letter.objects.select_related("submission__agency", "office", "signer_office").get(submission=renewal)
    text = " ".join(strip_tags(letter_html(letter)).split())
    opening = re.search(r"Menindaklanjuti .*? dinyatakan:", text).group(0)
    assert f"perpanjangan rekomendasi kegiatan berulang nomor {PREVIOUS_NUMBER} tanggal 2 Maret 2027" in opening

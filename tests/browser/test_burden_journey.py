"""Respondent burden in a browser (issue 22): an agency states its respondents and minutes per questionnaire on
the form (6.8; a wrong number gets its message by the field, nothing typed lost); once the activity is
recommended, the public summary shows the burden in hours and its cost, and the supervision page totals it per
year, province and agency. And the pre-review's results follow the form's autosave without a click."""

import pytest
from django.core.cache import cache

from catalogue.services import catalogue_entry_refresh
from prereview.services import rules_seed
from submissions.models import Submission
from submissions.states import State
from tests.browser.helpers import ARTIFACTS, click_and_wait, log_in
from tests.catalogue.conftest import make_issued
from tests.factories import PASSWORD, fill_complete, submission_for
from tests.review.conftest import office_world_build

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_burden_the_agency_states_reaches_the_public_summary_and_the_supervision_totals(browser, live_server):
    cache.clear()
    world = office_world_build()
    base = live_server.url
    activity = make_issued(world["agency"], title="Survei Pola Konsumsi Rumah Tangga", secrets=False)
    # The agency fills 6.8 as it would before submitting: the same activity, back in its hands for the journey.
    Submission.objects.filter(pk=activity.pk).update(state=State.DRAFT)

    context = browser.new_context(locale="id-ID")
    page = context.new_page()
    log_in(page, base, world["agency"].email, PASSWORD)
    page.goto(f"{base}/pengajuan/{activity.pk}/bagian/6/")
    page.fill("input[name=respondents_count]", "0")
    page.fill("input[name=questionnaire_minutes]", "25")
    click_and_wait(page, page.locator("button[name=simpan]"))
    field = page.locator("[data-field=respondents_count]")
    assert "Isikan jumlah responden: paling sedikit 1, paling banyak 1.000.000.000." in field.inner_text()
    assert page.locator("input[name=questionnaire_minutes]").input_value() == "25"  # nothing typed lost
    page.fill("input[name=respondents_count]", "1500")
    click_and_wait(page, page.locator("button[name=simpan]"))
    context.close()
    activity.refresh_from_db()
    assert (activity.respondents_count, activity.questionnaire_minutes) == (1500, 25)

    # Recommended and listed again (the letter was signed before the journey).
    Submission.objects.filter(pk=activity.pk).update(state=State.ISSUED)
    catalogue_entry_refresh(submission=Submission.objects.get(pk=activity.pk))
    cache.clear()

    # The public summary: 1500 × 25 minutes = 625 hours; × Rp3.473.621 / 173 an hour (Kalimantan Tengah 2025,
    # verified against its decree: no "perkiraan").
    context = browser.new_context(locale="id-ID")
    page = context.new_page()
    page.goto(f"{base}/katalog/{activity.pk}/")
    panel = page.locator("[data-testid=respondent-burden]")
    assert page.locator("[data-testid=burden-respondents]").inner_text().strip() == "1.500"
    assert page.locator("[data-testid=burden-hours]").inner_text().strip() == "625 jam"
    assert "dikonfirmasi instansi" in page.locator("[data-testid=burden-minutes]").inner_text()
    assert page.locator("[data-testid=burden-cost-each]").inner_text().strip() == "Rp8.366"
    assert page.locator("[data-testid=burden-cost]").inner_text().strip() == "Rp12.549.209"
    assert "Jumlah responden" in page.locator("[data-field=respondents_count]").first.inner_text()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    panel.screenshot(path=str(ARTIFACTS / "burden-public-summary.png"))
    context.close()

    # The supervision totals of office 6202, reached from /pengawasan/.
    context = browser.new_context(locale="id-ID")
    page = context.new_page()
    log_in(page, base, world["reviewer"].email, PASSWORD)
    page.goto(f"{base}/pengawasan/")
    click_and_wait(page, page.locator("[data-testid=burden-link]"))
    for dimension, label in (("year", "2026"), ("province", "KALIMANTAN TENGAH"), ("agency", activity.agency.name)):
        row = page.locator(f"[data-testid=burden-{dimension}] [data-testid=burden-row]")
        assert row.count() == 1
        assert row.locator("td").first.inner_text() == label
        assert row.locator("[data-testid=burden-row-respondents]").inner_text() == "1.500"
        assert row.locator("[data-testid=burden-row-hours]").inner_text() == "625"
        assert row.locator("[data-testid=burden-row-cost]").inner_text() == "Rp12.549.209"
    page.screenshot(path=str(ARTIFACTS / "burden-supervision.png"), full_page=True)
    context.close()


def test_the_pre_review_results_follow_the_autosave(browser, live_server, settings):
    settings.AUTOSAVE_SECONDS = 1
    rules_seed()  # the table the migration seeded: flushed by an earlier transactional test
    world = office_world_build()
    draft = fill_complete(submission_for(world["agency"], title="Survei Kesehatan Ibu dan Anak"))
    draft.supervisors_count, draft.enumerators_count = 50, 40
    draft.save()

    context = browser.new_context(locale="en-GB")
    page = context.new_page()
    log_in(page, live_server.url, world["agency"].email, PASSWORD)
    page.goto(f"{live_server.url}/pengajuan/{draft.pk}/bagian/6/")
    rule = "[data-rule=penyelia-lebih-banyak]"
    assert page.locator(f"[data-testid=prereview-result]{rule}").get_attribute("data-status") == "violation"
    page.fill("input[name=supervisors_count]", "4")  # no click: the autosave sends it, the results follow
    page.wait_for_selector(f"[data-testid=prereview-result]{rule}[data-status=pass]", timeout=15000)
    assert page.locator(f"[data-testid=prereview-panel] {rule}").get_attribute("data-status") == "pass"
    assert page.url.endswith(f"/pengajuan/{draft.pk}/bagian/6/")  # no page was loaded
    assert page.locator("input[name=supervisors_count]").input_value() == "4"
    context.close()
    draft.refresh_from_db()
    assert draft.supervisors_count == 4

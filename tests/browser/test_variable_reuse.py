"""Reuse in a browser (issue 22): an agency adding a variable searches the variables of activities BPS recommended,
copies one from another agency's activity, saves it, and the saved variable keeps its definition, question text,
answer classification and standard classification."""

import re

import pytest

from catalogue.services import catalogue_entry_refresh
from classifications.services import classifications_load
from submissions.models import Variable
from tests.browser.helpers import ARTIFACTS, click_and_wait, log_in
from tests.catalogue.conftest import make_issued
from tests.factories import PASSWORD, submission_for
from tests.review.conftest import office_world_build

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DEFINITION = "Bidang kegiatan dari pekerjaan utama responden menurut KBLI 2020 golongan pokok"
QUESTION = "Apa lapangan usaha dari tempat Anda bekerja pada pekerjaan utama?"


@pytest.fixture
def world(db):
    classifications_load()  # the migration's rows, flushed by an earlier transactional test
    world = office_world_build()
    source = make_issued(
        world["other_agency"], title="Survei Angkatan Kerja Daerah", variables=(("Lapangan usaha", DEFINITION),)
    )
    Variable.objects.filter(submission=source, name="Lapangan usaha").update(
        question_text=QUESTION, classification="KBLI 2020, 2 digit", standard_classification="kbli2020"
    )
    catalogue_entry_refresh(submission=source)
    draft = submission_for(world["agency"], title="Survei Usaha Mikro dan Kecil")
    return {**world, "source": source, "draft": draft}


def test_agency_copies_a_variable_of_a_recommended_activity(browser, live_server, world):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    draft = world["draft"]
    context = browser.new_context(locale="id-ID")
    page = context.new_page()
    log_in(page, live_server.url, world["agency"].email, PASSWORD)
    page.goto(f"{live_server.url}/pengajuan/{draft.pk}/variabel/")
    click_and_wait(page, page.locator("[data-testid=add-row]"))

    # Without JavaScript's help the field is a plain search: two characters are not enough.
    page.fill("[data-testid=reuse-query]", "la")
    click_and_wait(page, page.locator("[data-testid=reuse-search]"))
    assert page.locator("[data-testid=reuse-short]").inner_text() == "Ketik paling sedikit 3 karakter nama."
    # As one types (static/js/reuse.js), the offers come without leaving the page.
    page.fill("[data-testid=reuse-query]", "")
    page.locator("[data-testid=reuse-query]").press_sequentially("lapangan us", delay=30)
    page.wait_for_selector("[data-testid=reuse-offer]")
    assert page.locator("[data-testid=reuse-short]").count() == 0
    page.wait_for_url(re.compile(r".*\?cari=lapangan(\+|%20)us$"))
    offer = page.locator("[data-testid=reuse-offer]")
    assert offer.count() == 1
    assert offer.locator("[data-testid=reuse-name]").inner_text() == "Lapangan usaha"
    assert offer.locator("[data-testid=reuse-count]").inner_text() == "dipakai oleh 1 kegiatan"
    assert QUESTION in offer.inner_text() and "KBLI 2020" in offer.inner_text()
    page.screenshot(path=str(ARTIFACTS / "variable-reuse-search.png"), full_page=True)

    click_and_wait(page, offer.locator("[data-testid=reuse-copy]"))
    assert re.search(r"/variabel/tambah/\?salin=\d+", page.url)
    assert page.locator("input[name=name]").input_value() == "Lapangan usaha"
    assert page.locator("textarea[name=definition]").input_value() == DEFINITION
    assert page.locator("textarea[name=question_text]").input_value() == QUESTION
    assert page.locator("input[name=classification]").input_value() == "KBLI 2020, 2 digit"
    assert page.locator("select[name=standard_classification]").input_value() == "kbli2020"
    # The agency adapts what differs in its activity, then saves it as its own.
    page.fill("input[name=alias]", "LAPUS")
    click_and_wait(page, page.locator("button[name=simpan]"))
    assert page.locator(".alert-danger").count() == 0
    assert re.search(rf"/pengajuan/{draft.pk}/variabel/#row-\d+$", page.url)

    copied = draft.variables.get()
    assert (copied.name, copied.alias, copied.definition, copied.question_text) == (
        "Lapangan usaha",
        "LAPUS",
        DEFINITION,
        QUESTION,
    )
    assert (copied.classification, copied.standard_classification) == ("KBLI 2020, 2 digit", "kbli2020")
    page.locator("[data-testid=row-name]").click()
    details = page.locator(f"#row-{copied.pk} dl").inner_text()
    assert "Klasifikasi baku" in details and "KBLI 2020" in details
    page.screenshot(path=str(ARTIFACTS / "variable-reuse-saved.png"), full_page=True)
    # The source activity's variable is untouched.
    assert Variable.objects.get(submission=world["source"], name="Lapangan usaha").alias == ""

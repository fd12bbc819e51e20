"""The automatic pre-review (issue 22) in headless Chromium: an agency sees a rule's result change as it fixes
its design (more supervisors than enumerators, section VI) and takes the title the helper proposes; a reviewer
turns a violation (sampling error above 5 %) into a note for the agency with one click."""

import pytest

from prereview.services import rules_seed
from review import services
from review.models import SectionNote
from submissions.services import submission_submit
from tests.browser.helpers import ARTIFACTS, click_and_wait, log_in
from tests.browser.test_accessibility import AXE, Audit
from tests.factories import PASSWORD, fill_complete, submission_for, world_build

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def _complete(user, **fields):
    s = fill_complete(submission_for(user, title="Survei Kesehatan Ibu dan Anak"))
    s.previous_recommendation = "B-12/62020/VS.300/2026"
    for name, value in fields.items():
        setattr(s, name, value)
    s.save()
    s.variables.update(question_text="Berapa?")
    return s


def test_agency_fixes_a_design_and_reviewer_makes_a_violation_a_note(browser, live_server):
    rules_seed()  # the table the migration seeded: flushed by an earlier transactional test
    world = world_build()
    base = live_server.url
    draft = _complete(world["agency"], supervisors_count=50, enumerators_count=40)

    context = browser.new_context(locale="en-GB")
    page = context.new_page()
    log_in(page, base, world["agency"].email, PASSWORD)
    page.goto(f"{base}/pengajuan/{draft.pk}/bagian/6/")
    result = page.locator("[data-testid=prereview-result][data-rule=penyelia-lebih-banyak]")
    assert result.get_attribute("data-status") == "violation"
    assert "Periksa isian 6.6" in result.inner_text()
    summary = page.locator("[data-testid=prereview-panel] [data-rule=penyelia-lebih-banyak]")
    assert summary.get_attribute("data-status") == "violation"
    page.fill("input[name=supervisors_count]", "4")
    click_and_wait(page, page.locator("button[name=simpan]"))
    assert result.get_attribute("data-status") == "pass"
    assert summary.get_attribute("data-status") == "pass"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "prereview-section.png"), full_page=True)

    # The title helper: "Use this" puts the proposal in the title field.
    page.goto(f"{base}/pengajuan/{draft.pk}/bagian/header/")
    proposal = page.locator("[data-testid=title-proposal]").inner_text()
    assert proposal.startswith("Survei Kesehatan Ibu dan Anak") and proposal.endswith("Tahun 2027")
    page.locator("[data-title-use]").click()
    assert page.locator("input[name=title]").input_value() == proposal
    context.close()

    # The reviewer: a submission in review with a sampling error of 8 %.
    s = submission_submit(submission=_complete(world["agency"], sampling_error="8"), actor=world["agency"])
    s = services.review_accept(submission=s, actor=world["front_desk"])
    services.review_assign(submission=s, reviewers=[world["reviewer"]], actor=world["coordinator"])
    context = browser.new_context(locale="en-GB")
    page = context.new_page()
    log_in(page, base, world["reviewer"].email, PASSWORD)
    page.goto(f"{base}/periksa/{s.pk}/")
    violation = page.locator("[data-testid=prereview-review] [data-rule=sampling-error-maksimum]")
    assert violation.get_attribute("data-status") == "violation"
    click_and_wait(page, violation.locator("[data-testid=prereview-make-note]"))
    assert "Note added to V. Sample design" in page.locator(".alert").first.inner_text()
    assert violation.locator("[data-testid=prereview-noted]").is_visible()
    assert "Sampling error tidak lebih dari 5 %" in page.locator("#section-5").inner_text()
    page.screenshot(path=str(ARTIFACTS / "prereview-review.png"), full_page=True)
    context.close()
    note = SectionNote.objects.get(submission=s)
    assert (note.section, note.field, note.author) == ("5", "sampling_error", world["reviewer"])

    # The panels pass axe (serious and critical), with a violation and its button on the page.
    if AXE.exists():
        draft.enumerators_count = 2
        draft.save()
        audit = Audit(base)
        for user, path in ((world["agency"], f"/pengajuan/{draft.pk}/bagian/6/"), (world["reviewer2"], None)):
            context = browser.new_context(locale="id-ID", bypass_csp=True)  # axe is an injected script
            page = context.new_page()
            log_in(page, base, user.email, PASSWORD)
            audit.visit(page, "prereview", path or f"/periksa/{s.pk}/")
            context.close()
        assert audit.problems == []


def test_the_results_follow_the_autosave_from_its_answer_alone(browser, live_server, settings):
    """The autosave's answer carries the section's slots (prereview.slots): the page is not asked for again."""
    settings.AUTOSAVE_SECONDS = 1
    rules_seed()
    world = world_build()
    draft = _complete(world["agency"], supervisors_count=50, enumerators_count=40)
    context = browser.new_context(locale="en-GB")
    page = context.new_page()
    log_in(page, live_server.url, world["agency"].email, PASSWORD)
    page.goto(f"{live_server.url}/pengajuan/{draft.pk}/bagian/6/")
    page.wait_for_load_state("networkidle")
    asked = []
    page.on("request", lambda request: asked.append((request.method, request.url)))
    rule = "[data-rule=penyelia-lebih-banyak]"
    page.fill("input[name=supervisors_count]", "4")
    page.wait_for_selector(f"[data-testid=prereview-result]{rule}[data-status=pass]", timeout=15000)
    assert page.locator(f"[data-testid=prereview-panel] {rule}").get_attribute("data-status") == "pass"
    page.fill("input[name=supervisors_count]", "50")  # broken again: the violation and its fix come back
    page.wait_for_selector(f"[data-testid=prereview-result]{rule}[data-status=violation]", timeout=15000)
    assert "Periksa isian 6.6" in page.locator(f"[data-testid=prereview-result]{rule}").inner_text()
    section_url = f"{live_server.url}/pengajuan/{draft.pk}/bagian/6/"
    assert asked and all(url == f"{section_url}simpan-otomatis/" and method == "POST" for method, url in asked), asked
    context.close()

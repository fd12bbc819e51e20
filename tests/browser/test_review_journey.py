"""A submission from intake through one revision round to layak awaiting the head, in Chromium:
the coordinator accepts and assigns, the reviewer writes a note and returns the form, the agency
answers the note, changes the answer and resubmits, the reviewer sees the change and proposes layak."""

import re

import pytest

from notifications.models import Message
from review.enums import State
from romantik.enums import Role
from tests.browser.helpers import ARTIFACTS, log_in
from tests.factories import (
    PASSWORD,
    AgencyFactory,
    OfficeFactory,
    RegionFactory,
    agency_user,
    fill_complete,
    staff,
    submission_for,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world(db):
    from submissions.services import submission_submit

    OfficeFactory(code="0000", level="pusat", name="BPS RI")
    province = RegionFactory(code="62", name="KALIMANTAN TENGAH")
    regency = RegionFactory(code="6202", name="KABUPATEN KOTAWARINGIN TIMUR", level="kabkota", parent=province)
    office = OfficeFactory(code="6202", region=regency, name="BPS Kabupaten Kotawaringin Timur")
    user = agency_user(AgencyFactory(name="Dinas Kesehatan", region=regency), email="rina@dinkes.example.go.id")
    submission = fill_complete(submission_for(user, title="Survei Gizi Balita 2027"))
    return {
        "submission": submission_submit(submission=submission, actor=user),
        "user": user,
        "coordinator": staff(office, Role.COORDINATOR, email="koordinator@bps.example.go.id", full_name="Koordinator"),
        "reviewer": staff(office, Role.REVIEWER, email="pemeriksa@bps.example.go.id", full_name="Pemeriksa Satu"),
        "head": staff(office, Role.HEAD, email="kepala@bps.example.go.id"),
    }


def _as(browser, live_server, email):
    context = browser.new_context(locale="id-ID")
    page = context.new_page()
    page.on("dialog", lambda dialog: dialog.accept())  # data-confirm buttons
    log_in(page, live_server.url, email, PASSWORD)
    return context, page


def test_intake_revision_round_and_layak_awaiting_the_head(browser, live_server, world):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    s = world["submission"]
    detail = f"{live_server.url}/periksa/{s.pk}/"

    # The coordinator finds it in the queue, records it complete and assigns the reviewer.
    context, page = _as(browser, live_server, world["coordinator"].email)
    page.goto(f"{live_server.url}/kantor/6202/antrean/")
    page.get_by_role("link", name="Survei Gizi Balita 2027").click()
    page.wait_for_url(detail)
    with page.expect_navigation():
        page.locator("[data-testid=accept]").click()
    s.refresh_from_db()
    assert (s.state, s.recorded_complete_on is not None) == (State.IN_REVIEW, True)
    assert page.locator("[data-testid=due-date]").inner_text().strip() != ""
    page.locator("[data-testid=assign-form]").locator("xpath=..").locator("summary").click()
    page.check(f"[data-testid=assign-form] input[name=reviewers][value='{world['reviewer'].pk}']")
    with page.expect_navigation():
        page.locator("[data-testid=assign]").click()
    assert "Pemeriksa Satu" in page.locator("[data-testid=reviewers]").inner_text()
    context.close()

    # The reviewer writes a note on section III and returns the form for revision.
    context, page = _as(browser, live_server, world["reviewer"].email)
    page.goto(detail)
    section = page.locator("section[data-section='3']")
    section.locator("summary").click()
    section.locator("textarea[name=text]").fill("Jadwal diseminasi terlalu singkat; beri waktu minimal dua bulan.")
    with page.expect_navigation():
        section.locator("[data-testid=note-form] button[type=submit]").click()
    page.locator("[data-testid=revision-form]").locator("xpath=..").locator("summary").click()
    with page.expect_navigation():
        page.locator("[data-testid=return-for-revision]").click()
    s.refresh_from_db()
    assert (s.state, s.clock_paused_on is not None) == (State.NEEDS_REVISION, True)
    page.screenshot(path=str(ARTIFACTS / "review-returned.png"), full_page=True)
    context.close()

    # The agency sees the note next to section III, answers it, changes the date and resubmits.
    context, page = _as(browser, live_server, world["user"].email)
    page.goto(f"{live_server.url}/pengajuan/{s.pk}/bagian/3/")
    assert "Jadwal diseminasi terlalu singkat" in page.locator("[data-testid=agency-note]").inner_text()
    page.locator("[data-testid=agency-note] textarea[name=response]").fill("Diseminasi diperpanjang sampai Desember.")
    with page.expect_navigation():
        page.locator("[data-testid=note-respond]").click()
    page.fill("input[name=dissemination_end]", "2027-12-20")
    with page.expect_navigation():
        page.locator("button[name=simpan]").click()
    page.goto(f"{live_server.url}/pengajuan/{s.pk}/")
    page.screenshot(path=str(ARTIFACTS / "review-agency-before-resubmit.png"), full_page=True)
    with page.expect_navigation():
        page.locator("[data-testid=submit-button]").click()
    s.refresh_from_db()
    assert (s.state, s.round) == (State.SUBMITTED, 2)
    context.close()

    # The reviewer sees exactly what changed, accepts the revision and proposes layak.
    context, page = _as(browser, live_server, world["reviewer"].email)
    page.goto(f"{live_server.url}/periksa/{s.pk}/perubahan/")
    diff = page.content()
    assert "2027-12-20" in diff or "20 Desember 2027" in diff
    assert "Diseminasi diperpanjang sampai Desember." in diff
    page.screenshot(path=str(ARTIFACTS / "review-diff.png"), full_page=True)
    page.goto(detail)
    with page.expect_navigation():
        page.locator("[data-testid=accept]").click()
    page.locator("[data-testid=decide-form]").locator("xpath=..").locator("summary").click()
    form = page.locator("[data-testid=decide-form]")
    form.locator("input[name=decision][value=layak]").check()
    form.locator("textarea").first.fill("Gunakan kerangka sampel terbaru dari BPS.")
    with page.expect_navigation():
        page.locator("[data-testid=decide]").click()
    s.refresh_from_db()
    assert (s.state, s.decision_text) == (State.FEASIBLE, "Gunakan kerangka sampel terbaru dari BPS.")
    assert page.locator("[data-testid=awaiting-head]").is_visible()
    page.screenshot(path=str(ARTIFACTS / "review-awaiting-head.png"), full_page=True)
    context.close()

    assert Message.objects.filter(template="decision_awaiting_approval", address=world["head"].email).count() == 1
    # The agency does not see the decision before the head approves it.
    context, page = _as(browser, live_server, world["user"].email)
    page.goto(f"{live_server.url}/pengajuan/{s.pk}/")
    assert page.locator("[data-testid=submission-state]").inner_text().strip() == "Keputusan sedang disetujui"
    assert not re.search(r"\bLayak\b", page.locator("main").inner_text())
    context.close()

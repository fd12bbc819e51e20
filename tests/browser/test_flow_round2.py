"""Round 2 in Chromium, at BPS Kota Banjarmasin (WITA): the agency resubmits a form returned for revision; it
goes straight back to its reviewer (no second "terekam lengkap"), the clock resumed, the agency told on the
page and by e-mail; every time on the way is shown in the office's zone, labelled WITA."""

import re
from zoneinfo import ZoneInfo

import pytest

from notifications.models import Message
from review import services
from romantik.enums import Role
from submissions.states import State
from tests.browser.helpers import ARTIFACTS, click_and_wait, log_in
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

WITA = ZoneInfo("Asia/Makassar")


@pytest.fixture
def world(db):
    from submissions.services import submission_submit

    OfficeFactory(code="0000", level="pusat", name="BPS RI")
    province = RegionFactory(code="63", name="KALIMANTAN SELATAN")
    regency = RegionFactory(code="6371", name="KOTA BANJARMASIN", level="kabkota", parent=province)
    office = OfficeFactory(code="6371", region=regency, name="BPS Kota Banjarmasin", letter_code="63710")
    user = agency_user(
        AgencyFactory(name="Dinas Kominfo Banjarmasin", region=regency),
        email="sari@kominfo.example.go.id",
        full_name="Sari Wulandari",
    )
    desk = staff(office, Role.FRONT_DESK, email="pst@bps.example.go.id", full_name="Petugas PST")
    coordinator = staff(office, Role.COORDINATOR, email="koordinator@bps.example.go.id", full_name="Koordinator")
    reviewer = staff(office, Role.REVIEWER, email="pemeriksa@bps.example.go.id", full_name="Pemeriksa Satu")
    s = submission_submit(submission=fill_complete(submission_for(user, title="Survei Harga Pasar 2027")), actor=user)
    s = services.review_accept(submission=s, actor=desk)
    services.review_assign(submission=s, reviewers=[reviewer], actor=coordinator)
    services.note_add(submission=s, section="3", text="Rinci jadwal pencacahan.", actor=reviewer)
    s = services.review_return_for_revision(submission=s, actor=reviewer)
    return {"submission": s, "user": user, "reviewer": reviewer}


def _as(browser, live_server, email):
    context = browser.new_context(locale="id-ID")
    page = context.new_page()
    page.on("dialog", lambda dialog: dialog.accept())  # data-confirm buttons
    log_in(page, live_server.url, email, PASSWORD)
    return context, page


def test_a_resubmission_goes_straight_back_to_its_reviewer(browser, live_server, world):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    s = world["submission"]
    due_before, started = s.due_date, s.recorded_complete_on
    assert (s.state, s.round, s.clock_paused_on is not None) == (State.NEEDS_REVISION, 1, True)

    # The agency resubmits its revision and is told at once that it is back under review.
    context, page = _as(browser, live_server, world["user"].email)
    page.goto(f"{live_server.url}/pengajuan/{s.pk}/")
    click_and_wait(page, page.locator("[data-testid=submit-button]"))
    flash = page.locator(".alert-success").inner_text()
    assert f"Perbaikan diajukan: putaran 2 dari {s.number} kembali ke pemeriksanya di BPS Kota Banjarmasin" in flash
    s.refresh_from_db()
    assert (s.state, s.round, s.clock_paused_on) == (State.IN_REVIEW, 2, None)
    assert (s.recorded_complete_on, s.due_date) == (started, due_before)  # resumed the same day: nothing lost
    timeline = page.locator("body").inner_text()
    assert "Diajukan kembali (putaran 2)" in timeline
    resubmitted_at = s.transitions.last().at.astimezone(WITA).strftime("%H:%M")
    assert re.search(rf"{resubmitted_at} WITA", timeline), timeline
    page.screenshot(path=str(ARTIFACTS / "round2-agency-resubmitted.png"), full_page=True)
    context.close()

    # The receipt is in the outbox for the agency; the reviewer is told too.
    receipt = Message.objects.get(template="submission_resubmission_received")
    assert receipt.address == world["user"].email and receipt.context["received_at"].endswith(" WITA")
    assert list(Message.objects.filter(template="submission_resubmitted").values_list("address", flat=True)) == [
        world["reviewer"].email
    ]

    # The reviewer finds it under review, with no "Terekam lengkap" to press, and can decide at once.
    context, page = _as(browser, live_server, world["reviewer"].email)
    page.goto(f"{live_server.url}/periksa/{s.pk}/")
    assert page.locator("[data-testid=accept]").count() == 0
    assert page.locator("[data-testid=submission-round]").inner_text().strip() == "2"
    history = page.locator("body").inner_text()
    assert "Diajukan kembali (putaran 2): diperiksa" in history
    assert f"{resubmitted_at} WITA" in history
    page.locator("[data-testid=decide-form]").locator("xpath=..").locator("summary").click()
    form = page.locator("[data-testid=decide-form]")
    form.locator("input[name=decision][value=layak]").check()
    form.locator("textarea").first.fill("Jadwal sudah dirinci; gunakan kerangka sampel terbaru.")
    click_and_wait(page, page.locator("[data-testid=decide]"))
    s.refresh_from_db()
    assert s.state == State.FEASIBLE
    page.screenshot(path=str(ARTIFACTS / "round2-reviewer-decided.png"), full_page=True)
    context.close()

"""Issue 17, in Chromium: once the letter is issued the agency's submission page leads with the decision and
'Unduh surat' (in the first screen, not ~1,200 px down), and the list says layak / tidak layak; a reviewer's
start page leads with what is assigned to them."""

import pytest

from letters.models import Letter
from submissions.states import State
from submissions.workflow import submission_transition
from tests.browser.helpers import ARTIFACTS, click_and_wait, log_in
from tests.factories import PASSWORD, SubmissionFactory, world_build

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
VIEWPORT = {"width": 1280, "height": 800}


def _issued(world, title, **trait):
    s = SubmissionFactory(owner=world["user"], title=title, reviewer=world["reviewer"], **trait)
    Letter.objects.filter(submission=s).update(state="ditandatangani", number=f"B-{s.pk}/62020/VS.300/2027")
    return submission_transition(submission=s, to=State.ISSUED, actor=world["head"])[0]


@pytest.mark.usefixtures("empty_broker_queue")
def test_the_agency_sees_the_decision_and_the_letter_first(browser, live_server):
    world = world_build()
    feasible = _issued(world, "Survei Produktivitas Padi", feasible=True)
    _issued(world, "Kompilasi Kendaraan", not_feasible=True)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(locale="id-ID", viewport=VIEWPORT)
    page = context.new_page()
    log_in(page, live_server.url, world["user"].email, PASSWORD)

    page.goto(f"{live_server.url}/pengajuan/")
    badges = page.locator("[data-testid=submission-table] [data-testid=result-badge]").all_inner_texts()
    assert sorted(badges) == ["Surat terbit: layak", "Surat terbit: tidak layak"]

    click_and_wait(page, page.get_by_role("link", name="Survei Produktivitas Padi"))
    page.screenshot(path=str(ARTIFACTS / "agency-result-first.png"))
    assert page.locator("[data-testid=result-decision]").inner_text() == "Layak"
    download = page.locator("[data-testid=letter-download]")
    assert download.inner_text().strip() == "Unduh surat"
    box = download.bounding_box()
    assert box["y"] + box["height"] <= VIEWPORT["height"], box  # in the first screen, without scrolling
    assert f"B-{feasible.pk}/62020/VS.300/2027" in page.locator("[data-testid=result]").inner_text()
    # The form's completeness is folded below the history, opened on demand.
    assert not page.locator("[data-testid=completeness-panel]").is_visible()
    page.locator("[data-testid=completeness-details] summary").click()
    assert page.locator("[data-testid=completeness-panel]").is_visible()
    context.close()


@pytest.mark.usefixtures("empty_broker_queue")
def test_a_reviewer_starts_with_what_is_assigned_to_them(browser, live_server):
    world = world_build()
    SubmissionFactory(owner=world["user"], title="Survei Saya", in_review=True, reviewer=world["reviewer"])
    SubmissionFactory(owner=world["user"], title="Survei Rekan", in_review=True, reviewer=world["reviewer2"])
    context = browser.new_context(locale="id-ID", viewport=VIEWPORT)
    page = context.new_page()
    log_in(page, live_server.url, world["reviewer"].email, PASSWORD)

    assert page.url == f"{live_server.url}/kantor/6202/"
    mine = page.locator("[data-testid=assigned-to-me]")
    assert mine.get_by_role("heading").first.inner_text() == "Ditugaskan kepada saya"
    assert mine.locator("[data-testid=queue-row]").all_inner_texts()[0].count("Survei Saya") == 1
    assert "Survei Rekan" not in mine.inner_text()
    box = mine.bounding_box()
    assert box["y"] < VIEWPORT["height"]  # it leads the page
    click_and_wait(page, mine.locator("[data-testid=assigned-queue-link]"))
    titles = page.locator("[data-testid=queue-row]").all_inner_texts()
    assert len(titles) == 1 and "Survei Saya" in titles[0]
    context.close()

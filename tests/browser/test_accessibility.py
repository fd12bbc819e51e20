"""Accessibility: axe-core (from npm, see package.json) runs on the main pages of every journey, each seen by
the person who uses it, and finds no serious or critical WCAG 2.1 A/AA violation.

The full axe results of each page are saved under ARTIFACTS/axe/ for CI."""

import json
from pathlib import Path

import pytest
from django.conf import settings

from complaints.models import Complaint
from complaints.seeding import DEMO_TRACKING_KEY
from letters.models import Letter
from letters.services import letter_render, letter_send_to_head
from review.services import review_accept, review_assign, review_decide
from romantik.enums import Role
from romantik.models import User
from romantik.seeding import demo_staff_email
from submissions.enums import GuestPurpose
from submissions.frontdesk import guest_register, queue_call_next
from submissions.models import Submission
from submissions.states import State
from tests.browser.helpers import ARTIFACTS, click_and_wait, log_in, seed_demo
from tests.conftest import skip_or_fail
from tests.factories import PASSWORD as FACTORY_PASSWORD
from tests.factories import OfficeFactory, staff

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING = {"serious", "critical"}
PASSWORD = "romantik-demo"  # the demo users' (seed_demo)
AGENCY = "pengguna@dinkes-kotim.demo.go.id"
AGENCY_WITH_LETTER = "pengguna@bappeda-bna.demo.go.id"  # its 2026 survey got a signed letter in the demo


def _user(email: str):
    return User.objects.get(email=email)


class Audit:
    """Runs axe on the open page and keeps a readable line for every blocking violation."""

    def __init__(self, base_url: str):
        self.base_url = base_url
        self.folder = ARTIFACTS / "axe"
        self.folder.mkdir(parents=True, exist_ok=True)
        self.pages: list[str] = []
        self.problems: list[str] = []

    def visit(self, page, name: str, path: str) -> None:
        response = page.goto(f"{self.base_url}{path}")
        assert response is not None and response.status < 400, f"{name}: {path} answered {response and response.status}"
        self.check(page, name)

    def check(self, page, name: str) -> None:
        page.add_script_tag(path=str(AXE))
        results = page.evaluate(
            "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
            AXE_TAGS,
        )
        (self.folder / f"{name}.json").write_text(json.dumps(results, indent=1, ensure_ascii=False))
        self.pages.append(name)
        for violation in results["violations"]:
            if violation["impact"] not in BLOCKING:
                continue
            targets = "; ".join(" > ".join(node["target"]) for node in violation["nodes"][:5])
            more = len(violation["nodes"]) - 5
            self.problems.append(
                f"{name} ({page.url.removeprefix(self.base_url)}): {violation['id']} [{violation['impact']}] "
                f"{violation['help']} — {targets}{f' (+{more} more)' if more > 0 else ''}"
            )


def test_main_pages_have_no_serious_or_critical_accessibility_violations(browser, live_server):
    if not AXE.exists():
        skip_or_fail("axe-core is not installed: run `make setup` (npm ci)")
    seed_demo()
    submitted = Submission.objects.get(created_by__email=AGENCY, state=State.SUBMITTED)
    draft = Submission.objects.get(created_by__email=AGENCY, state=State.DRAFT)
    issued = Submission.objects.filter(created_by__email=AGENCY_WITH_LETTER, state=State.ISSUED).first()
    signed = Letter.objects.filter(signed_at__isnull=False).first()
    complaint = Complaint.objects.get(office__code="6202")
    audit = Audit(live_server.url)

    def session(email: str | None):
        # axe is injected as a script element, which the site's Content-Security-Policy (own files only, no
        # inline script) rightly refuses; only this test's browser context ignores the policy.
        context = browser.new_context(locale="id-ID", bypass_csp=True)
        page = context.new_page()
        if email:
            log_in(page, live_server.url, email, PASSWORD)
        return context, page

    # The public: no account.
    context, page = session(None)
    audit.visit(page, "public-home", "/")
    audit.visit(page, "public-office-list", "/layanan/")
    audit.visit(page, "public-office-service", "/layanan/6202/")
    audit.visit(page, "public-catalogue", "/katalog/")
    audit.visit(page, "public-catalogue-detail", f"/katalog/{issued.pk}/")
    audit.visit(page, "public-letter-verify", f"/verifikasi/{signed.verify_token}/")
    audit.visit(page, "public-complaint-form", "/pengaduan/")
    audit.visit(page, "public-complaint-track", "/pengaduan/lacak/")
    page.fill("input[name=number]", complaint.number)
    page.fill("input[name=key]", DEMO_TRACKING_KEY)  # the demo's anonymous complaint
    click_and_wait(page, page.locator("[data-testid=tracking-submit]"))
    audit.check(page, "public-complaint-track-detail")
    audit.visit(page, "public-login", "/akun/login/")
    audit.visit(page, "public-signup", "/akun/signup/")
    context.close()

    # The agency user.
    context, page = session(AGENCY)
    audit.visit(page, "agency-dashboard", "/instansi/")
    audit.visit(page, "agency-submissions", "/pengajuan/")
    audit.visit(page, "agency-overview", f"/pengajuan/{submitted.pk}/")
    audit.visit(page, "agency-section", f"/pengajuan/{draft.pk}/bagian/1/")
    page.fill("input[name=organizer_email]", "bukan-alamat-email")
    click_and_wait(page, page.locator("button[name=lanjut]"))
    assert page.locator(".invalid-feedback").count() > 0, "the section form shows no validation error"
    audit.check(page, "agency-section-error")
    audit.visit(page, "agency-variables", f"/pengajuan/{submitted.pk}/variabel/")
    context.close()
    context, page = session(AGENCY_WITH_LETTER)
    audit.visit(page, "agency-rating", f"/penilaian/{issued.pk}/")
    context.close()

    # The front desk of Kotawaringin Timur, with two visitors of whom one was called.
    office = submitted.office
    desk = _user(demo_staff_email("front_desk", office.code))
    for name in ("Budi Santoso", "Sari Dewi"):
        guest_register(
            office=office, actor=desk, name=name, email=f"{name.split()[0].lower()}@example.go.id",
            phone="0812-3456-7890", purpose=GuestPurpose.RECOMMENDATION, agency_name="Dinas Kesehatan",
        )  # fmt: skip
    queue_call_next(office=office, actor=desk)
    context, page = session(desk.email)
    audit.visit(page, "frontdesk-home", f"/kantor/{office.code}/pst/")
    audit.visit(page, "frontdesk-guestbook", f"/kantor/{office.code}/pst/buku-tamu/")
    audit.visit(page, "frontdesk-screen", f"/kantor/{office.code}/pst/layar/")
    context.close()

    # The reviewer and the coordinator: the submitted FS3, then the same once in review.
    reviewer, coordinator = (
        _user(demo_staff_email("reviewer", office.code)),
        _user(demo_staff_email("coordinator", office.code)),
    )
    context, page = session(reviewer.email)
    audit.visit(page, "reviewer-workspace", f"/kantor/{office.code}/")
    audit.visit(page, "reviewer-queue", f"/kantor/{office.code}/antrean/")
    audit.visit(page, "reviewer-review-submitted", f"/periksa/{submitted.pk}/")
    review_accept(submission=submitted, actor=desk)
    review_assign(submission=submitted, reviewers=[reviewer], actor=coordinator)
    audit.visit(page, "reviewer-review-in-review", f"/periksa/{submitted.pk}/")
    review_decide(submission=submitted, actor=reviewer, decision=State.FEASIBLE, text="Sajikan hasil per kecamatan.")
    letter = Letter.objects.get(submission=submitted)
    letter_render(letter_id=letter.pk, version=letter.draft_version)  # what the Celery worker does
    audit.visit(page, "reviewer-letter-draft", f"/surat/{submitted.pk}/")
    letter_send_to_head(letter=Letter.objects.get(pk=letter.pk), actor=reviewer)
    context.close()
    context, page = session(coordinator.email)
    audit.visit(page, "coordinator-workspace", f"/kantor/{office.code}/")
    audit.visit(page, "coordinator-figures", f"/kantor/{office.code}/kinerja/")
    audit.visit(page, "coordinator-messages", f"/kantor/{office.code}/pesan/")
    context.close()

    # The head: the letter awaiting signature, and the satisfaction (IKM) report.
    signing = office.signing_office
    context, page = session(demo_staff_email("head", signing.code))
    audit.visit(page, "head-signing", f"/kantor/{signing.code}/tanda-tangan/")
    audit.visit(page, "head-sign-letter", f"/surat/{letter.pk}/tanda-tangan/")
    audit.visit(page, "head-ikm-report", f"/kantor/{signing.code}/ikm/")
    context.close()

    # The complaint handler.
    context, page = session(demo_staff_email("complaint_handler", office.code))
    audit.visit(page, "complaints-queue", f"/kantor/{office.code}/pengaduan/")
    audit.visit(page, "complaints-detail", f"/kantor/{office.code}/pengaduan/{complaint.pk}/")
    context.close()

    (audit.folder / "summary.txt").write_text("\n".join(audit.pages) + "\n\n" + "\n".join(audit.problems) + "\n")
    assert not audit.problems, (
        f"{len(audit.problems)} serious or critical accessibility violations on {len(audit.pages)} pages:\n"
        + "\n".join(audit.problems)
    )


PHONE = {"viewport": {"width": 375, "height": 812}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}


def test_the_agency_pages_on_a_phone_have_no_violations_and_no_sideways_scrolling(browser, live_server):
    """Officials fill forms on their phones too: the same check at 375 px wide, and no page wider than the screen
    (wide tables scroll inside their own box). Screenshots are kept under ARTIFACTS/axe/."""
    if not AXE.exists():
        skip_or_fail("axe-core is not installed: run `make setup` (npm ci)")
    seed_demo()
    submitted = Submission.objects.get(created_by__email=AGENCY, state=State.SUBMITTED)
    draft = Submission.objects.get(created_by__email=AGENCY, state=State.DRAFT)
    audit = Audit(live_server.url)
    too_wide = []
    context = browser.new_context(locale="id-ID", bypass_csp=True, **PHONE)
    page = context.new_page()

    def visit(name, path):
        audit.visit(page, f"phone-{name}", path)
        page.screenshot(path=str(audit.folder / f"phone-{name}.png"), full_page=True)
        width = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
        if width[0] > width[1]:
            too_wide.append(f"{name} ({path}): {width[0]} px wide on a {width[1]} px screen")

    visit("home", "/")
    visit("catalogue", "/katalog/")
    visit("complaint-form", "/pengaduan/")
    visit("login", "/akun/login/")
    log_in(page, live_server.url, AGENCY, PASSWORD)
    visit("agency-dashboard", "/instansi/")
    visit("agency-submissions", "/pengajuan/")
    visit("agency-overview", f"/pengajuan/{submitted.pk}/")
    visit("agency-withdraw", f"/pengajuan/{submitted.pk}/tarik/")
    visit("agency-section", f"/pengajuan/{draft.pk}/bagian/1/")
    visit("agency-variables", f"/pengajuan/{submitted.pk}/variabel/")
    context.close()

    assert not audit.problems, "\n".join(audit.problems)
    assert not too_wide, "pages wider than the phone:\n" + "\n".join(too_wide)


def test_waiting_room_screen_shows_a_called_number_without_reloading(browser, live_server):
    """The screen updates itself in place (no timed <meta> refresh, which axe counts as a critical violation)."""
    office = OfficeFactory(code="6371", name="BPS Kota Banjarmasin")
    officer = staff(office, Role.FRONT_DESK, email="pst@bps.go.id")
    guest_register(
        office=office,
        actor=officer,
        name="Budi",
        email="budi@example.go.id",
        phone="0812-3456-7890",
        purpose=GuestPurpose.RECOMMENDATION,
        agency_name="Dinas Kominfo Kota Banjarmasin",
    )
    context = browser.new_context(locale="id-ID")
    page = context.new_page()
    log_in(page, live_server.url, officer.email, FACTORY_PASSWORD)
    page.clock.install()  # the 10-second timer runs on demand
    page.goto(f"{live_server.url}/kantor/6371/pst/layar/")
    assert page.locator("meta[http-equiv=refresh]").count() == 0
    assert page.locator("[data-testid=called-none]").is_visible()
    page.evaluate("() => { window.sameDocument = true; }")

    queue_call_next(office=office, actor=officer)
    page.clock.run_for(10_000)
    page.locator("[data-testid=called-number]").wait_for(timeout=5_000)
    assert page.locator("[data-testid=called-number]").text_content().strip() == "1"
    assert page.evaluate("() => window.sameDocument") is True
    context.close()

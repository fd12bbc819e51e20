"""An office admin runs the office's staff in headless Chromium (issue 18): logs in with the second factor, invites
a reviewer (who sets a password from the invitation e-mail and logs in), deactivates a leaver after seeing their
open work, and the office's history shows both."""

import re
from datetime import timedelta

import pytest
from django.core import mail

from notifications.services import outbox_flush
from review.models import Assignment
from romantik.models import OfficeRole, User
from submissions.states import State
from tests.browser.helpers import ARTIFACTS, click_and_wait, log_in
from tests.factories import PASSWORD, fill_complete, submission_bring_to, submission_for, world_build

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NEWCOMER = "sari.pemeriksa@bps.go.id"
NEW_PASSWORD = "Pelangi-Senja-2026"


def test_office_admin_invites_a_reviewer_and_deactivates_a_leaver(browser, live_server):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    world = world_build()
    base = live_server.url
    leaver = world["reviewer2"]
    submission = submission_bring_to(
        fill_complete(submission_for(world["agency"], title="Survei Stunting Kotim")), State.IN_REVIEW, reviewer=leaver
    )

    context = browser.new_context(locale="id-ID")
    page = context.new_page()
    log_in(page, base, world["office_admin"].email, PASSWORD)  # an office admin: with the TOTP code
    page.goto(f"{base}/kantor/6202/")
    page.locator("[data-testid=staff-nav]").click()
    page.wait_for_url(f"{base}/kantor/6202/staf/")

    # Invite a reviewer.
    page.locator("[data-testid=invite-link]").click()
    page.wait_for_url(f"{base}/kantor/6202/staf/undang/")
    page.fill("input[name=full_name]", "Sari Pemeriksa")
    page.fill("input[name=email]", NEWCOMER)
    page.fill("input[name=position]", "Statistisi Ahli Pertama")
    page.check("input[name=roles][value=reviewer]")
    click_and_wait(page, page.locator("form[data-testid=invite-form] button[type=submit]"))
    assert page.url == f"{base}/kantor/6202/staf/"
    row = page.locator(f"[data-testid=staff-row][data-email='{NEWCOMER}']")
    assert row.locator("[data-testid=account-state]").inner_text().strip() == "Diundang, belum membuat kata sandi"
    page.screenshot(path=str(ARTIFACTS / "office-staff-invited.png"), full_page=True)

    # Deactivate the leaver: their open work is shown first, with a link to reassign it.
    page.locator(f"[data-testid=staff-row][data-email='{leaver.email}'] a").click()
    page.locator("[data-testid=deactivate-link]").click()
    page.wait_for_url(f"{base}/kantor/6202/staf/{leaver.pk}/nonaktifkan/")
    work = page.locator("[data-testid=open-work] li")
    assert work.count() == 1
    assert f"{submission.number} · Survei Stunting Kotim" in work.inner_text()
    assert work.locator("a").get_attribute("href") == f"/periksa/{submission.pk}/#actions"
    page.screenshot(path=str(ARTIFACTS / "office-staff-deactivate.png"), full_page=True)
    page.check("input[name=confirm]")
    click_and_wait(page, page.locator("form[data-testid=deactivate-form] button[type=submit]"))
    assert page.url == f"{base}/kantor/6202/staf/"
    assert f"Dilepas untuk dialihkan: {submission.number}" in page.locator(".alert-success").inner_text()
    leaver_row = page.locator(f"[data-testid=staff-row][data-email='{leaver.email}']")
    assert leaver_row.locator("[data-testid=account-state]").inner_text().strip() == "Nonaktif"
    leaver.refresh_from_db()
    assert not leaver.is_active and not OfficeRole.objects.filter(user=leaver).exists()
    assert not Assignment.objects.filter(submission=submission).exists()

    # The history shows both.
    page.locator("[data-testid=history-nav]").click()
    page.wait_for_url(f"{base}/kantor/6202/riwayat/")
    rows = page.locator("[data-testid=history-row]")
    first, second = rows.nth(0).inner_text(), rows.nth(1).inner_text()
    admin_name = world["office_admin"].full_name
    assert (
        admin_name in first and leaver.full_name in first and f"Dilepas untuk dialihkan: {submission.number}" in first
    )
    assert admin_name in second and leaver.full_name in second  # the reviewer role taken from the leaver
    invited = page.locator("[data-testid=history-row]", has_text="Sari Pemeriksa")
    assert invited.count() == 1 and admin_name in invited.inner_text()
    page.screenshot(path=str(ARTIFACTS / "office-history.png"), full_page=True)
    context.close()

    # The newcomer sets a password from the invitation e-mail and logs in to the office.
    outbox_flush(grace=timedelta(0))
    [sent] = [m for m in mail.outbox if NEWCOMER in m.to]
    link = re.search(r"/akun/password/reset/key/\S+/", sent.body).group(0)
    newcomer = browser.new_context(locale="id-ID")
    page = newcomer.new_page()
    page.goto(f"{base}{link}")
    page.wait_for_url(re.compile(r".*-set-password/$"))
    page.fill("input[name=password1]", NEW_PASSWORD)
    page.fill("input[name=password2]", NEW_PASSWORD)
    click_and_wait(page, page.locator("form:has(input[name=password1]) button[type=submit]").first)
    assert User.objects.get(email=NEWCOMER).check_password(NEW_PASSWORD)
    log_in(page, base, NEWCOMER, NEW_PASSWORD)
    page.wait_for_url(f"{base}/kantor/6202/")
    assert page.locator("[data-testid=signed-in-as]").inner_text().strip() == "Sari Pemeriksa"
    newcomer.close()

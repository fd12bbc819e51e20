"""Steps a person takes in the browser, shared by the journeys."""

import os
import re
import time
from pathlib import Path

ARTIFACTS = Path(os.environ.get("ROMANTIK_ARTIFACTS", "test-artifacts"))


def log_in(page, base_url: str, email: str, password: str) -> None:
    """Log in; heads and office admins also give the code of their authenticator app."""
    page.goto(f"{base_url}/akun/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", password)
    with page.expect_navigation():
        page.locator("form button[type=submit]").last.click()
    if "/2fa/authenticate/" in page.url:
        from romantik.models import User
        from romantik.security import totp_code_now, totp_secret_of

        secret = totp_secret_of(User.objects.get(email=email))
        for _attempt in range(2):
            # A code typed at the very end of its 30-second step may arrive in the next one (a busy CI machine):
            # take it at the start of a step, and if it was refused all the same, type the next step's code.
            left = 30 - time.time() % 30
            if left < 8:
                time.sleep(left + 0.2)
            page.fill("input[name=code]", totp_code_now(secret))
            with page.expect_navigation():
                page.locator("form[action$='/2fa/authenticate/'] button[type=submit]").first.click()
            if "/2fa/authenticate/" not in page.url:
                return
            time.sleep(30 - time.time() % 30 + 0.2)  # the same code is never accepted twice


def save_and_continue(page) -> None:
    before = page.url
    with page.expect_navigation():
        page.locator("button[name=lanjut]").click()
    errors = page.locator(".alert-danger, .invalid-feedback")
    assert errors.count() == 0, f"{before} → {page.url}: {errors.all_inner_texts()}"
    assert page.url != before, f"still on {before}"


def fill_fs3_sections(page, pdf_path: str) -> None:
    """From the header section of a fresh FS3 draft to the overview, answering every question."""
    page.select_option("select[name=sector]", "9")
    page.check("input[name=statistics_type][value='2']")
    page.fill("input[name=year]", "2027")
    save_and_continue(page)  # → I
    page.fill("textarea[name=organizer_address]", "Jl. Jenderal Sudirman No. 10, Sampit")
    page.fill("input[name=organizer_phone]", "0531-21001")
    page.fill("input[name=organizer_email]", "dinkes@kotimkab.go.id")
    save_and_continue(page)  # → II
    page.fill("input[name=unit_eselon2]", "Bidang Pencegahan dan Pengendalian Penyakit")
    page.fill("input[name=tech_name]", "dr. Ani Lestari")
    page.fill("input[name=tech_position]", "Kepala Seksi Surveilans")
    page.fill("input[name=tech_phone]", "081234567890")
    page.fill("input[name=tech_email]", "ani@kotimkab.go.id")
    save_and_continue(page)  # → III
    page.fill("textarea[name=background]", "Prevalensi stunting perlu dipantau setiap tahun.")
    page.fill("textarea[name=objective]", "Mengukur prevalensi stunting per kecamatan.")
    phases = ["planning", "design", "collection", "processing", "analysis", "dissemination", "evaluation"]
    for i, phase in enumerate(phases):
        page.fill(f"input[name={phase}_start]", f"2027-{i + 1:02d}-04")
        page.fill(f"input[name={phase}_end]", f"2027-{i + 1:02d}-25")
    save_and_continue(page)  # → IV
    frequency = page.locator("[data-field=frequency]")
    assert frequency.is_hidden()
    page.check("input[name=repetition][value='2']")
    assert frequency.is_visible()
    page.select_option("select[name=frequency]", "7")
    page.check("input[name=collection_type][value='2']")
    regions = page.locator("[data-field=coverage_regions]")
    assert regions.is_hidden()
    page.check("input[name=coverage][value='2']")
    assert regions.is_visible()
    page.select_option("select[name=coverage_regions]", label="6202 Kabupaten Kotawaringin Timur")
    page.check("input[name=collection_methods][value='1']")
    page.check("input[name=collection_means][value='2']")  # CAPI: 6.4–6.7 will apply
    page.check("input[name=collection_units][value='2']")
    save_and_continue(page)  # → V
    page.check("input[name=sample_design][value='2']")
    page.check("input[name=sample_selection][value='1']")
    page.select_option("select[name=sample_method]", "3")
    page.check("input[name=sample_frame][value='1']")
    page.fill("input[name=sample_fraction]", "0,05")
    page.fill("input[name=sampling_error]", "2,5")
    page.fill("input[name=sample_unit]", "Rumah tangga")
    page.fill("input[name=observation_unit]", "Balita")
    save_and_continue(page)  # → VI
    page.check("input[name=pilot][value='True']")
    page.check("input[name=quality_checks][value='2']")
    page.check("input[name=nonresponse_adjustment][value='False']")
    page.check("input[name=collectors][value='2']")
    page.check("input[name=min_education][value='3']")
    page.fill("input[name=supervisors_count]", "5")
    page.fill("input[name=enumerators_count]", "40")
    page.check("input[name=training][value='True']")
    save_and_continue(page)  # → VII
    for name in ("editing", "coding", "data_entry", "validation"):
        page.check(f"input[name={name}][value='True']")
    page.check("input[name=analysis_method][value='1']")
    page.check("input[name=analysis_units][value='2']")
    page.check("input[name=presentation_levels][value='4']")
    save_and_continue(page)  # → VIII
    page.check("input[name=publish_print][value='False']")
    page.check("input[name=publish_digital][value='True']")
    page.fill("input[name=publish_digital_date]", "2027-12-01")
    page.check("input[name=publish_microdata][value='False']")
    save_and_continue(page)  # → variables
    page.locator("a[href$='/variabel/tambah/']").first.click()
    page.fill("input[name=name]", "Tinggi badan balita")
    page.fill("textarea[name=definition]", "Tinggi badan anak umur 0–59 bulan, dalam cm.")
    page.check("input[name=data_type][value=numerik]")
    with page.expect_navigation():
        page.locator("form button[type=submit]").last.click()
    assert "Tinggi badan balita" in page.content()
    with page.expect_navigation():
        page.locator("a[data-section=attachments]").click()
    for kind in ("surat_pengantar", "instrumen"):
        page.check(f"input[name=kind][value={kind}]")
        page.set_input_files("input[name=file]", pdf_path)
        with page.expect_navigation():
            page.locator("form[enctype='multipart/form-data'] button[type=submit]").click()
    page.fill("input[name=cover_letter_number]", "000.5.2/123/Dinkes/2026")
    page.fill("input[name=cover_letter_date]", "2026-01-15")
    with page.expect_navigation():
        page.locator("form[data-testid=cover-letter-form] button[type=submit]").click()
    # To the overview through the section list's first link. Waiting for the
    # overview's own URL (not just "a load state", which the page being left
    # already has) keeps a slow server under a loaded CI from racing the check.
    with page.expect_navigation(url=re.compile(r".*/pengajuan/\d+/$"), timeout=90_000):
        page.locator("nav.section-nav a").first.click()

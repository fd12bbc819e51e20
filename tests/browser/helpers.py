"""Steps a person takes in the browser, shared by the journeys."""

import os
import re
import time
import warnings
from contextlib import contextmanager
from pathlib import Path

ARTIFACTS = Path(os.environ.get("ROMANTIK_ARTIFACTS", "test-artifacts"))


@contextmanager
def _requests_watched(page):
    """The requests the page sends while inside: `opened` (request → when, until it ends) and `sent` (all), and
    whether its main frame `navigated` (also without a request: a page from the browser's cache)."""
    watched = {"opened": {}, "sent": [], "navigated": False}

    def navigated(frame):
        if frame == page.main_frame:
            watched["navigated"] = True

    def started(request):
        watched["opened"][request] = time.monotonic()
        watched["sent"].append(request)

    def ended(request):
        watched["opened"].pop(request, None)

    page.on("request", started)
    page.on("requestfinished", ended)
    page.on("requestfailed", ended)
    page.on("framenavigated", navigated)
    try:
        yield watched
    finally:
        page.remove_listener("framenavigated", navigated)
        page.remove_listener("request", started)
        page.remove_listener("requestfinished", ended)
        page.remove_listener("requestfailed", ended)


def navigate_by_click(page, locator, url: re.Pattern, first_wait_ms: int = 30_000) -> None:
    """Click the link `locator` and wait for the page at `url`: `click_and_wait`, whose second click for a click
    that sent nothing was first needed here (in CI a click on the section menu's first link brought no navigation
    in three runs of five)."""
    click_and_wait(page, locator, first_wait_ms)
    assert url.match(page.url), f"the link led to {page.url}"


def click_and_wait(page, target, first_wait_ms: int = 30_000) -> None:
    """Click `target` (a link, or a form's submit button) and wait for the page that follows.

    A lost click, for every click that leads to another page: the section menu's first link (`navigate_by_click`)
    and the walk-in journey's "Save and continue" of section III brought no navigation (90 s) in two CI runs and a
    profiled run of the whole suite, and once in 27 runs of that test alone on a machine loaded to 4 (never in runs
    of the browser tests alone, nor in two more whole suites). The browser's requests tell a lost click from a slow
    server: when nothing has been sent (and the page has not moved) `first_wait_ms` after the click, the click never
    reached the page, and it is clicked once more (a warning with the report in the run's summary), as a person
    does. A click that sent its request is waited for as any navigation (90 s), and a page that never comes fails
    the test with the report."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

    def sent() -> bool:
        return watched["navigated"] or any(request.is_navigation_request() for request in watched["sent"])

    with _requests_watched(page) as watched:
        try:
            with page.expect_navigation():
                target.click()
                deadline = time.monotonic() + first_wait_ms / 1000
                while not sent() and time.monotonic() < deadline:
                    page.wait_for_timeout(20)  # lets the browser's events in
                if not sent():
                    report = stuck_report(page, watched["opened"])
                    warnings.warn(f"a click on {target} sent nothing in {first_wait_ms} ms:\n{report}", stacklevel=2)
                    target.click()
        except PlaywrightTimeoutError:
            requests = "\n".join(f"  {r.method} {r.url}" for r in watched["sent"]) or "  none"
            report = stuck_report(page, watched["opened"])
            raise AssertionError(f"no page came back:\n{report}\nrequests sent since the click:\n{requests}") from None


def stuck_report(page, opened: dict) -> str:
    import sys
    import threading
    import traceback

    now = time.monotonic()
    lines = [f"no navigation; the page is at {page.url}", "requests still open:"]
    lines += [f"  {r.method} {r.url} for {now - t:.1f} s" for r, t in opened.items()] or ["  none"]
    names = {thread.ident: thread.name for thread in threading.enumerate()}
    idle = 0
    for ident, frame in sys._current_frames().items():
        stack = traceback.format_stack(frame)
        if "handle_one_request" in "".join(stack[-4:]):  # a live-server thread waiting for a kept-alive request
            idle += 1
            continue
        lines.append(f"thread {names.get(ident, ident)}:")
        lines += ["  " + line.rstrip() for line in stack[-12:]]
    lines.append(f"{idle} live-server threads wait for the next request on a kept-alive connection")
    lines += database_sessions()
    return "\n".join(lines)


def database_sessions() -> list[str]:
    """PostgreSQL's view of the test database's sessions: who waits for what, and who holds a transaction."""
    from django.db import connections

    settings = connections["default"].settings_dict
    if connections["default"].vendor != "postgresql":
        return []
    import psycopg2

    try:
        with psycopg2.connect(
            dbname=settings["NAME"], user=settings["USER"], host=settings["HOST"], port=settings["PORT"] or 5432,
            password=settings["PASSWORD"], connect_timeout=5,
        ) as db, db.cursor() as cursor:  # fmt: skip
            cursor.execute(
                "SELECT pid, state, wait_event_type, wait_event, now() - xact_start, left(query, 200)"
                " FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
            return ["database sessions:"] + [f"  {row}" for row in cursor.fetchall()]
    except Exception as error:  # a report, not a test: say what failed
        return [f"database sessions: not read ({error})"]


def totp_code_at(secret: str, step: int) -> str:
    """The code an authenticator app shows during the 30-second step number `step` (Unix time // 30)."""
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    return format_hotp_value(hotp_value(secret, step))


def log_in(page, base_url: str, email: str, password: str) -> None:
    """Log in; heads and office admins also give the code of their authenticator app."""
    page.goto(f"{base_url}/akun/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", password)
    click_and_wait(page, page.locator("form button[type=submit]").last)
    if "/2fa/authenticate/" in page.url:
        from romantik.models import User
        from romantik.security import totp_secret_of

        secret = totp_secret_of(User.objects.get(email=email))
        # The server accepts the codes of one 30-second step either side (MFA_TOTP_TOLERANCE = 1), each once. Near
        # the end of a step the next step's code is typed (it stays good for the whole next step on a busy
        # machine); a code refused as used (the same person logged in within the step) is followed by the next
        # step's, as a person whose app has moved on types it, then the previous step's (still good while this step
        # lasts); only then is the next step waited for.
        step = int(time.time() // 30)
        steps = [step + 1] if 30 - time.time() % 30 < 8 else [step, step + 1, step - 1]
        for attempt in steps + [None]:
            if attempt is None:
                time.sleep(30 - time.time() % 30 + 0.2)
                attempt = int(time.time() // 30) + 1
            page.fill("input[name=code]", totp_code_at(secret, attempt))
            click_and_wait(page, page.locator("form[action$='/2fa/authenticate/'] button[type=submit]").first)
            if "/2fa/authenticate/" not in page.url:
                return
        raise AssertionError(f"{email}: every authenticator code was refused")


def save_and_continue(page) -> None:
    before = page.url
    click_and_wait(page, page.locator("button[name=lanjut]"))
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
    click_and_wait(page, page.locator("form button[type=submit]").last)
    assert "Tinggi badan balita" in page.content()
    click_and_wait(page, page.locator("a[data-section=attachments]"))
    for kind in ("surat_pengantar", "instrumen"):
        page.check(f"input[name=kind][value={kind}]")
        page.set_input_files("input[name=file]", pdf_path)
        click_and_wait(page, page.locator("form[enctype='multipart/form-data'] button[type=submit]"))
    page.fill("input[name=cover_letter_number]", "000.5.2/123/Dinkes/2026")
    page.fill("input[name=cover_letter_date]", "2026-01-15")
    click_and_wait(page, page.locator("form[data-testid=cover-letter-form] button[type=submit]"))
    # To the overview through the section list's first link. Waiting for the
    # overview's own URL (not just "a load state", which the page being left
    # already has) keeps a slow server under a loaded CI from racing the check.
    navigate_by_click(page, page.locator("nav.section-nav a").first, re.compile(r".*/pengajuan/\d+/$"))


class _DemoCopy:
    """The database and media files `seed_demo` left in this process, taken the first time it ran (see `seed_demo`)."""

    copies: dict = {}  # the tables holding rows before the seed, with their counts -> the copy taken after it


def seed_demo() -> None:
    """`manage.py seed_demo`, as the first step of a transactional test: the real command the first time in this
    process (for each state of the database before it), and afterwards the same rows, sequences past them and
    media files restored from a copy of what it left (0.3 s instead of 3–4 s, more on a loaded machine: it renders
    and signs letters). Only on PostgreSQL, and only on the day the copy was taken (the demo's dates count from
    today); elsewhere, or when the tables before the seed hold other rows, the command runs."""
    import atexit
    import shutil
    import tempfile
    from io import BytesIO, StringIO

    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.utils import timezone

    if connection.vendor != "postgresql":
        call_command("seed_demo", quiet=True, stdout=StringIO())
        return
    tables = sorted(connection.introspection.django_table_names(only_existing=True, include_views=False))
    quote = connection.ops.quote_name
    before = _row_counts(tables)
    copy = _DemoCopy.copies.get(before)
    if copy is not None and copy["day"] == timezone.localdate() and copy["tables"] == tables:
        with transaction.atomic(), connection.cursor() as cursor:  # foreign keys are checked at the commit
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
            for table, _ in before:  # the only tables holding rows (a DELETE: TRUNCATE takes seconds on PostgreSQL)
                cursor.execute(f"DELETE FROM {quote(table)}")
            for table, rows in copy["rows"].items():
                cursor.copy_expert(f"COPY {quote(table)} FROM STDIN", BytesIO(rows))
            # Each sequence past the copy's rows, never back: an id stays unique within the process.
            cursor.execute(
                "SELECT setval(v.name::regclass, GREATEST(v.value, coalesce(s.last_value, 0)))"
                " FROM unnest(%s::text[], %s::bigint[]) AS v(name, value) JOIN pg_sequences s"
                " ON quote_ident(s.schemaname) || '.' || quote_ident(s.sequencename) = v.name",
                [[name for name, _ in copy["sequences"]], [value for _, value in copy["sequences"]]],
            )
        shutil.copytree(copy["media"], settings.MEDIA_ROOT, dirs_exist_ok=True)
        _caches_clear()
        return
    call_command("seed_demo", quiet=True, stdout=StringIO())
    rows = {}
    with connection.cursor() as cursor:
        for table in tables:
            buffer = BytesIO()
            cursor.copy_expert(f"COPY {quote(table)} TO STDOUT", buffer)
            if buffer.tell():
                rows[table] = buffer.getvalue()
        cursor.execute(
            "SELECT quote_ident(schemaname) || '.' || quote_ident(sequencename), last_value FROM pg_sequences"
            " WHERE schemaname = current_schema() AND last_value IS NOT NULL"
        )
        sequences = cursor.fetchall()
    media = tempfile.mkdtemp(prefix="romantik-demo-media-")
    atexit.register(shutil.rmtree, media, ignore_errors=True)
    shutil.copytree(settings.MEDIA_ROOT, media, dirs_exist_ok=True)
    _DemoCopy.copies[before] = {
        "day": timezone.localdate(), "tables": tables, "rows": rows, "sequences": sequences, "media": media,
    }  # fmt: skip


def _row_counts(tables: list[str]) -> tuple:
    from django.db import connection

    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(f"SELECT %s, count(*) FROM {quote(table)}" for table in tables), tables)
        return tuple(sorted((table, count) for table, count in cursor.fetchall() if count))


def _caches_clear() -> None:
    """The rows restored carry the copy's ids: caches of this process keyed on ids read them again."""
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.clear_cache()

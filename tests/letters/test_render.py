"""The letter PDF: rendered by a real Celery worker after the decision commits, in Indonesian, with its
LAMPIRAN, and the signature box always at SIGNATURE_BOX on the last page of the letter."""

import datetime
import io
import time

import pytest
from celery.contrib.testing.worker import start_worker
from pypdf import PdfReader

from letters import services
from letters.enums import RenderState
from letters.models import Letter
from letters.rendering import (
    SIGNATURE_BOX,
    SIGNATURE_BOX_ID,
    letter_city,
    letter_html,
    letter_pdf,
    signature_page_index,
)
from review import services as review_services
from review.enums import State
from romantik.celery import app as celery_app
from tests.conftest import close_other_db_sessions

DAY = datetime.date(2026, 11, 21)


def _pages(pdf: bytes) -> list[str]:
    return [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages]


def _letter_and_lampiran(pages: list[str], pdf: bytes) -> tuple[str, str]:
    split = signature_page_index(pdf) + 1
    return " ".join(pages[:split]), " ".join(pages[split:])


@pytest.mark.django_db(transaction=True)
def test_real_worker_renders_the_draft_after_the_decision(before_decision):
    w = before_decision
    s = review_services.review_decide(
        submission=w["submission"], actor=w["reviewer"], decision=State.FEASIBLE, text="Perhatikan jadwal diseminasi."
    )
    letter = Letter.objects.get(submission=s)
    Letter.objects.filter(pk=letter.pk).update(letter_date=DAY)  # today, pinned before the worker renders
    with start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        deadline = time.monotonic() + 60  # generous: CI machines are busy
        while time.monotonic() < deadline:
            letter.refresh_from_db()
            if letter.render_state != RenderState.PENDING:
                break
            time.sleep(0.2)
    close_other_db_sessions()
    assert (letter.render_state, letter.render_error) == (RenderState.READY, "")
    pdf = letter.draft_pdf.read()
    pages = _pages(pdf)
    body, lampiran = _letter_and_lampiran(pages, pdf)
    assert "BADAN PUSAT STATISTIK KABUPATEN KOTAWARINGIN TIMUR" in body
    assert "Jl. A.Yani No.5, Sampit Telp. 0531 21221" in body
    assert "E-mail: ipds6202@bps.go.id · Website: https://kotimkab.bps.go.id" in body
    assert "Nomor : (nomor diberikan saat ditandatangani) Kotawaringin Timur, 21 November 2026" in body
    assert "Lampiran : 1 (satu) berkas" in body
    assert f"Hal : {letter.subject}" in body
    assert "Dinas Kesehatan" in body
    assert f"Saudara nomor {s.number} tanggal" in body
    assert "LAYAK DILAKSANAKAN" in body and "TIDAK LAYAK" not in body
    assert "Saran dan masukan: Perhatikan jadwal diseminasi." in body
    assert "Undang-Undang Nomor 16 Tahun 1997" in body
    assert "Kepala BPS Kabupaten Kotawaringin Timur, Budi Santoso NIP. 197001011990031001" in body
    assert "BPS Provinsi Kalimantan Tengah" in body  # tembusan
    assert lampiran.startswith("LAMPIRAN Surat Nomor: (nomor diberikan saat ditandatangani), tanggal 21 November 2026")
    assert "Survei Uji" in lampiran
    assert "Catatan pemeriksa (putaran 1): Tujuan perlu dirinci." in lampiran
    assert "Tanggapan instansi: Tujuan sudah dirinci per indikator." in lampiran
    assert "Variabel 1" in lampiran


@pytest.mark.django_db
def test_not_feasible_letter_gives_the_reasons(before_decision):
    w = before_decision
    s = review_services.review_decide(
        submission=w["submission"], actor=w["reviewer"], decision=State.NOT_FEASIBLE, text="Metodologi belum jelas."
    )
    letter = s.letter
    letter.letter_date = DAY
    body, _lampiran = _letter_and_lampiran(_pages(pdf := letter_pdf(letter)), pdf)
    assert "TIDAK LAYAK DILAKSANAKAN" in body
    assert "Alasan: Metodologi belum jelas." in body
    assert "Saran dan masukan" not in body


@pytest.mark.django_db
def test_signed_letter_shows_its_number_and_the_signer_title(before_decision):
    """After signing the number replaces the grey placeholder; seed 003's signer is at BPS RI."""
    w = before_decision
    office = w["office"]
    office.signer_office, office.signer_title = w["central"], "Direktur Diseminasi Statistik"
    office.save()
    central_head = w["central_head"]
    central_head.full_name, central_head.nip = "Dr. Sri Lestari", "197502021998032002"
    central_head.save()
    s = review_services.review_decide(
        submission=w["submission"], actor=w["reviewer"], decision=State.FEASIBLE, text="Ok"
    )
    letter = s.letter
    letter.number, letter.letter_date = "B-036/62020/VS.300/2026", DAY
    pdf = letter_pdf(letter)
    body, lampiran = _letter_and_lampiran(_pages(pdf), pdf)
    assert "Nomor : B-036/62020/VS.300/2026 Kotawaringin Timur, 21 November 2026" in body
    assert "Nomor rekomendasi : B-036/62020/VS.300/2026" in body
    assert "diberikan saat ditandatangani" not in body
    assert "Direktur Diseminasi Statistik, Dr. Sri Lestari NIP. 197502021998032002" in body
    assert lampiran.startswith("LAMPIRAN Surat Nomor: B-036/62020/VS.300/2026, tanggal 21 November 2026")


def _box(letter):
    """The laid-out signature box: (page index, (x1, y1, x2, y2) in points from the bottom-left)."""
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    document = HTML(string=letter_html(letter), url_fetcher=URLFetcher(allowed_protocols=frozenset())).render()
    for index, page in enumerate(document.pages):
        if SIGNATURE_BOX_ID in page.anchors:
            x1, top, x2, bottom = (v * 0.75 for v in page.anchors[SIGNATURE_BOX_ID])  # CSS px → pt
            height = page.height * 0.75
            return index, len(document.pages), tuple(round(v, 2) for v in (x1, height - bottom, x2, height - top))
    raise AssertionError("no signature box")


@pytest.mark.django_db
def test_signature_box_stays_at_its_place_whatever_the_length(decided):
    letter = decided["letter"]
    letter.letter_date = DAY
    short_page, _count, short_box = _box(letter)
    letter.body_text = "\n".join(f"{n}. Perhatikan kembali rancangan sampel dan jadwal kegiatan." for n in range(1, 40))
    long_page, _count, long_box = _box(letter)
    assert (short_page, long_page) == (0, 1)
    assert short_box == long_box == SIGNATURE_BOX
    pdf = letter_pdf(letter)
    assert signature_page_index(pdf) == 1
    assert _pages(pdf)[2].startswith("LAMPIRAN")


@pytest.mark.django_db
def test_page_count_does_not_change_between_renders(decided):
    letter = decided["letter"]
    assert _box(letter)[1] == _box(Letter.objects.get(pk=letter.pk))[1]


@pytest.mark.django_db
def test_letter_date_defaults_to_today_in_indonesian(decided, settings):
    letter = decided["letter"]
    from django.utils import timezone
    from django.utils.formats import date_format
    from django.utils.translation import override

    with override("id"):
        today = date_format(timezone.localdate(), "j F Y")
    assert f"Kotawaringin Timur, {today}" in letter_html(letter)


@pytest.mark.django_db
def test_letter_city(office_world):
    assert letter_city(office_world["office"]) == "Kotawaringin Timur"
    assert letter_city(office_world["central"]) == "Jakarta"


@pytest.mark.django_db
def test_failed_render_is_recorded(decided, settings):
    """A broken template is no crash: the letter says FAILED with the error, for the reviewer to retry."""
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": []}]
    settings.TEMPLATES[0]["APP_DIRS"] = False
    settings.TEMPLATES[0].setdefault("OPTIONS", {}).pop("loaders", None)
    letter = services.letter_render(letter_id=decided["letter"].pk, version=1)
    assert letter.render_state == RenderState.FAILED
    assert letter.render_error.startswith("TemplateDoesNotExist")


@pytest.mark.django_db
def test_a_render_the_broker_never_took_is_done_by_the_periodic_flush(
    before_decision, broker_down, django_capture_on_commit_callbacks
):
    """The broker is down when the reviewer decides: the draft stays 'being prepared' (nothing is lost), and
    the periodic flush renders it once the grace has passed; a fresh one is left to its task."""
    w = before_decision
    with django_capture_on_commit_callbacks(execute=True) as callbacks:  # the dispatch after the commit
        s = review_services.review_decide(
            submission=w["submission"], actor=w["reviewer"], decision=State.FEASIBLE, text="Perhatikan jadwal."
        )
    assert callbacks
    letter = Letter.objects.get(submission=s)
    assert letter.render_state == RenderState.PENDING and not letter.draft_pdf
    assert services.letters_render_flush() == 0  # within the grace: its own task may still come
    later = letter.updated_at + datetime.timedelta(seconds=121)
    assert services.letters_render_flush(now=later) == 1
    letter.refresh_from_db()
    assert (letter.render_state, letter.render_error) == (RenderState.READY, "")
    assert "LAYAK DILAKSANAKAN" in " ".join(_pages(letter.draft_pdf.read()))
    assert services.letters_render_flush(now=later) == 0  # done: nothing left

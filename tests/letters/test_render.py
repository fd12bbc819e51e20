"""The letter PDF: rendered by a real Celery worker after the decision commits, in Indonesian, with its
LAMPIRAN; the closing and the signature block directly after the body, and the signer's visible signature in the
box where the layout put it, whatever the length of the letter."""

import datetime
import io
import time

import pytest
from pypdf import PdfReader

from letters import services
from letters.enums import RenderState
from letters.models import Letter
from letters.pki import demo_certificate_issue
from letters.rendering import (
    MARGIN_MM,
    MM,
    PAGE_HEIGHT_MM,
    PAGE_WIDTH_MM,
    SIGNATURE_BOX_ID,
    SIGNATURE_BOX_SIZE_MM,
    letter_city,
    letter_html,
    letter_pages_pdf,
    letter_pdf,
    signature_page_index,
)
from letters.signers import DEFAULT_SIGNATURE_BOX, LocalPkcs12Signer, pades_sign, signature_place
from letters.typesetting import html_document
from review import services as review_services
from submissions.states import State
from tests.conftest import close_other_db_sessions, start_test_worker
from tests.letters.fontless import no_system_fonts  # noqa: F401 - the fixture

# Every letter here is laid out on a bare machine: no system font, only the letter's own (letters.typesetting).
pytestmark = pytest.mark.usefixtures("no_system_fonts")

DAY = datetime.date(2026, 11, 21)


@pytest.fixture(scope="module", autouse=True)
def each_part_rendered_once():
    """Tests render the same part again and again (the lampiran of the same submission, the same draft): every render
    goes through letters.rendering._pdf (HTML in, PDF out), which here renders each HTML it has not seen yet in the
    module for real and gives the same bytes again for one it has, laid out under the same fonts (system fonts or
    none: tests/letters/fontless.py). A module asks for it by importing it (the fixture is used automatically)."""
    import os

    from letters import rendering

    real, rendered = rendering._pdf, {}

    def once(html: str) -> bytes:
        key = (html, "FONTCONFIG_FILE" in os.environ)
        if key not in rendered:
            rendered[key] = real(html)
        return rendered[key]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(rendering, "_pdf", once)
        yield


def _pages(pdf: bytes) -> list[str]:
    return [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages]


def _page(pdf: bytes, index: int) -> str:
    """The text of one page of `pdf`, as `_pages` gives it."""
    return " ".join(PdfReader(io.BytesIO(pdf)).pages[index].extract_text().split())


def _letter_and_lampiran(pages: list[str], pdf: bytes) -> tuple[str, str]:
    split = signature_page_index(pdf) + 1
    return " ".join(pages[:split]), " ".join(pages[split:])


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("empty_broker_queue")
def test_real_worker_renders_the_draft_after_the_decision(before_decision):
    w = before_decision
    s = review_services.review_decide(
        submission=w["submission"], actor=w["reviewer"], decision=State.FEASIBLE, text="Perhatikan jadwal diseminasi."
    )
    letter = Letter.objects.get(submission=s)
    Letter.objects.filter(pk=letter.pk).update(letter_date=DAY)  # today, pinned before the worker renders
    with start_test_worker():
        deadline = time.monotonic() + 120  # generous: CI machines are busy; the draft renders letter and lampiran
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
    assert f"nomor {s.number} tanggal" in body  # the portal's number, beside the agency's cover letter if recorded
    assert "LAYAK DILAKSANAKAN" in body and "TIDAK LAYAK" not in body
    assert "Saran dan masukan: Perhatikan jadwal diseminasi." in body
    assert "Undang-Undang Nomor 16 Tahun 1997" in body
    assert (
        "Demikian kami sampaikan. Atas perhatian dan kerja sama Saudara, kami ucapkan terima kasih. "
        "Kepala Badan Pusat Statistik Kabupaten Kotawaringin Timur, Budi Santoso NIP. 197001011990031001" in body
    )
    assert "a.n." not in body  # the head of the office itself signs
    assert "BPS Provinsi Kalimantan Tengah" in body  # tembusan
    assert lampiran.startswith("LAMPIRAN Surat Nomor: (nomor diberikan saat ditandatangani), tanggal 21 November 2026")
    assert "Survei Uji" in lampiran
    assert "Variabel 1" in lampiran
    # The form as approved, not the conversation that led to it (round 1's note and the agency's reply).
    assert "Tujuan perlu dirinci." not in lampiran and "Tujuan sudah dirinci" not in lampiran
    assert "Catatan pemeriksa" not in lampiran and "Tanggapan instansi" not in lampiran


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
    """After signing the number replaces the grey placeholder. Seed 003 (6111 Kayong Utara): the Direktur
    Diseminasi Statistik at BPS RI signs, so the letter is BPS RI's (its kop, Jakarta) with the a.n. framing."""
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
    assert body.startswith("BADAN PUSAT STATISTIK Nomor : B-036/62020/VS.300/2026 Jakarta, 21 November 2026")
    assert "KOTAWARINGIN TIMUR" not in body  # not the regency's kop
    assert "Nomor rekomendasi : B-036/62020/VS.300/2026" in body
    assert "diberikan saat ditandatangani" not in body
    assert (
        "a.n. Kepala Badan Pusat Statistik Direktur Diseminasi Statistik, Dr. Sri Lestari NIP. 197502021998032002"
        in body
    )
    assert lampiran.startswith("LAMPIRAN Surat Nomor: B-036/62020/VS.300/2026, tanggal 21 November 2026")


def _box(letter):
    """The signature box as WeasyPrint lays the letter part out (its anchor, not the PDF): (page index, page count,
    (x1, y1, x2, y2) in points from the bottom-left of the page), and every line of text on that page as the same
    kind of rectangle, with its text."""
    from weasyprint.formatting_structure.boxes import TextBox

    def rect(page, x1, top, x2, bottom):
        height = page.height
        return tuple(round(v * 0.75, 2) for v in (x1, height - bottom, x2, height - top))  # CSS px → pt

    document = html_document(letter_html(letter))
    for index, page in enumerate(document.pages):
        if SIGNATURE_BOX_ID in page.anchors:
            lines = [
                (*rect(page, b.position_x, b.position_y, b.position_x + b.width, b.position_y + b.height), b.text)
                for b in page._page_box.descendants(placeholders=True)
                if isinstance(b, TextBox)
            ]
            return index, len(document.pages), rect(page, *page.anchors[SIGNATURE_BOX_ID]), lines
    raise AssertionError("no signature box")


def _runs(pdf: bytes, page: int) -> list[tuple[float, float, str]]:
    """The runs of text of a page of `pdf` as pypdf extracts them: (x, baseline y in points from the bottom-left,
    text)."""
    runs = []

    def visit(text, cm, tm, _font, _size):
        if text.strip():
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            runs.append((round(x, 2), round(y, 2), " ".join(text.split())))

    PdfReader(io.BytesIO(pdf)).pages[page].extract_text(visitor_text=visit)
    return runs


def _signature_widget(signed: bytes) -> tuple[int, list[float]]:
    """(page index, /Rect) of the one signature field's widget of a signed PDF."""
    reader = PdfReader(io.BytesIO(signed))
    widgets = [
        (index, [round(float(v), 2) for v in annot.get_object()["/Rect"]])
        for index, page in enumerate(reader.pages)
        for annot in page.get("/Annots") or []
        if annot.get_object().get("/FT") == "/Sig"
    ]
    assert len(widgets) == 1
    return widgets[0]


ADVICE_29 = "\n".join(f"{n}. Perhatikan kembali rancangan sampel dan jadwal kegiatan." for n in range(1, 30))
TEMBUSAN_10 = "\n".join(f"Kepala Dinas Nomor {n} Provinsi Kalimantan Tengah" for n in range(1, 11))
# The letter's variants: (fields set, page of the signature box, pages of the letter part with the lampiran's head).
VARIANTS = {
    "short": ({}, 0, 2),
    "long": ({"body_text": ADVICE_29}, 1, 3),
    "many tembusan": ({"tembusan": TEMBUSAN_10}, 0, 3),  # the tembusan runs over onto a second page
}
PASSPHRASE = "kunci-Rahasia-uji-4711"
BOX_WIDTH, BOX_HEIGHT = (round(v * MM, 2) for v in SIGNATURE_BOX_SIZE_MM)


@pytest.mark.django_db
@pytest.mark.parametrize("variant", VARIANTS)
def test_the_signature_goes_in_the_box_where_the_layout_put_it(decided, variant):
    """The closing and the signature block flow directly after the body, so the box is wherever the text leaves it.
    Whatever the length: the box the signer uses is the laid-out one, on the page of the closing and of the body's
    last paragraph, directly under the closing (only the position between), its right edge on the right margin,
    nothing over it; the signed letter's visible signature fills exactly that box."""
    fields, expected_page, expected_count = VARIANTS[variant]
    letter = decided["letter"]
    letter.number, letter.letter_date = "B-036/62020/VS.300/2026", DAY
    for field, value in fields.items():
        setattr(letter, field, value)
    laid_page, count, laid_box, lines = _box(letter)
    assert (laid_page, count) == (expected_page, expected_count)
    pdf = letter_pdf(letter)
    page, box = signature_place(pdf)
    assert page == laid_page == signature_page_index(pdf)
    assert box == pytest.approx(laid_box, abs=0.01)
    x1, y1, x2, y2 = box
    assert (round(x2 - x1, 2), round(y2 - y1, 2)) == (BOX_WIDTH, BOX_HEIGHT)
    assert x2 == pytest.approx((PAGE_WIDTH_MM - MARGIN_MM["right"]) * MM, abs=0.01)
    assert y1 > MARGIN_MM["bottom"] * MM
    runs = _runs(pdf, page)
    (closing,) = [run for run in runs if run[2].startswith("Demikian kami sampaikan")]
    assert any(run[2].startswith("Sesuai dengan Undang-Undang") and run[1] > closing[1] for run in runs)
    between = [run[2] for run in runs if y2 < run[1] < closing[1]]
    assert " ".join(between) == "Kepala Badan Pusat Statistik Kabupaten Kotawaringin Timur,"
    assert closing[1] - y2 < 20 * MM  # directly below: the closing, then the position's two lines
    overlapping = [text for *rect, text in lines if rect[0] < x2 and rect[2] > x1 and rect[1] < y2 and rect[3] > y1]
    assert overlapping == []
    assert not [run for run in runs if x1 <= run[0] <= x2 and y1 <= run[1] <= y2]
    assert _page(pdf, count - 1).startswith("LAMPIRAN")

    head = decided["head"]
    demo_certificate_issue(user=head, office=letter.signer_office, passphrase=PASSPHRASE)
    signed = LocalPkcs12Signer().sign(pdf, letter=letter, signer_user=head, passphrase=PASSPHRASE)
    widget_page, rect = _signature_widget(signed)
    assert widget_page == page
    assert rect == pytest.approx(list(box), abs=0.01)


@pytest.mark.django_db
def test_a_short_letter_is_one_page_with_its_closing_and_signature(decided):
    letter = decided["letter"]
    letter.letter_date = DAY
    text = _pages(letter_pages_pdf(letter))
    assert len(text) == 2 and text[1].startswith("LAMPIRAN")
    assert "Demikian kami sampaikan." in text[0] and "NIP. 197001011990031001" in text[0] and "Tembusan:" in text[0]


@pytest.mark.django_db
def test_ten_tembusan_lines_stay_inside_the_page_margins(decided):
    """Tembusan of any length flow after the signature block: every line inside the page area, in order, below
    the signature; none runs into the bottom margin or off the page."""
    letter = decided["letter"]
    letter.letter_date, letter.tembusan = DAY, TEMBUSAN_10
    pdf = letter_pages_pdf(letter)
    bottom, top = MARGIN_MM["bottom"] * MM, (PAGE_HEIGHT_MM - MARGIN_MM["top"]) * MM
    box_page, (x1, y1, x2, y2) = signature_place(pdf)
    found = []
    for page in range(len(PdfReader(io.BytesIO(pdf)).pages) - 1):  # the last one is the lampiran's head
        for x, y, text in _runs(pdf, page):
            assert bottom <= y <= top and MARGIN_MM["left"] * MM - 0.01 <= x, (page, x, y, text)
            if text.startswith(("Tembusan:", "Kepala Dinas Nomor")):
                found.append((page, y, text))
                assert page > box_page or y < y1  # below the signature box
    assert [text for _page, _y, text in found] == ["Tembusan:"] + TEMBUSAN_10.splitlines()
    assert found == sorted(found, key=lambda item: (item[0], -item[1]))  # read top to bottom, page after page


@pytest.mark.django_db
def test_a_pdf_without_the_box_s_destination_is_signed_at_the_default_place(decided):
    """Another renderer's PDF (no "signature-box" destination): the signature goes to DEFAULT_SIGNATURE_BOX on its
    last page."""
    from tests.factories import pdf_bytes

    pdf = pdf_bytes()
    assert signature_place(pdf) == (-1, DEFAULT_SIGNATURE_BOX)
    letter, head = decided["letter"], decided["head"]
    letter.number = "B-036/62020/VS.300/2026"
    demo_certificate_issue(user=head, office=letter.signer_office, passphrase=PASSPHRASE)
    signer = LocalPkcs12Signer()._load(letter=letter, signer_user=head, passphrase=PASSPHRASE)
    signed = pades_sign(pdf, signer=signer, letter=letter, signer_user=head)
    page, rect = _signature_widget(signed)
    assert page == len(PdfReader(io.BytesIO(pdf)).pages) - 1
    assert rect == [float(v) for v in DEFAULT_SIGNATURE_BOX]


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
    office_world["office"].letter_place = "Sampit"  # the town, an office setting (seed 000)
    assert letter_city(office_world["office"]) == "Sampit"


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

"""The letter as an official document (tata naskah dinas), laid out the same on any machine: its own font (npm),
one page for a short letter, the signing office's kop and framing, the lampiran as the form as approved."""

import datetime
import io

import pytest
from django.core.files.base import ContentFile
from django.template.loader import render_to_string
from django.utils import translation
from pypdf import PdfReader

from letters.rendering import (
    SIGNATURE_BOX_ID,
    lampiran_pdf,
    letter_html,
    letter_pages_pdf,
    letter_pdf,
    signature_page_index,
    signer_framing,
)
from letters.typesetting import FONT_FAMILY, FONT_FAMILY_EXT, FONT_STACK, html_document
from romantik.seed_data import OFFICES
from submissions.models import Indicator
from tests.letters.fontless import no_system_fonts, pdf_fonts, system_font_count  # noqa: F401 - the fixture

# Laid out on a bare machine: no system font, only the letter's own (letters.typesetting).
fontless = pytest.mark.usefixtures("no_system_fonts")
DAY = datetime.date(2026, 11, 21)
NUMBER = "B-1036/62020/VS.300/11/2026"  # a long one: four digits and the month


def _text(pdf: bytes) -> list[str]:
    return [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages]


def _central_signs(w):
    """Seed 003 (6111 Kayong Utara): the Direktur Diseminasi Statistik at BPS RI signs the office's letters (set
    before the decision, when the letter takes its signing office)."""
    office, central = w["office"], w["central"]
    office.signer_office, office.signer_title = central, "Direktur Diseminasi Statistik"
    office.save()
    central.name, central.address, central.letter_place = "Badan Pusat Statistik", "Jl. Dr. Sutomo 6-8", "Jakarta"
    central.save()
    head = w["central_head"]
    head.full_name, head.nip = "Dr. Sri Lestari", "197502021998032002"
    head.save()
    letter = w["letter"]
    letter.office, letter.signer_office = office, central
    return letter


def _png() -> ContentFile:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (120, 120), (0, 84, 166)).save(out, format="PNG")
    return ContentFile(out.getvalue(), name="logo.png")


def _images(pdf: bytes, page: int) -> int:
    resources = PdfReader(io.BytesIO(pdf)).pages[page]["/Resources"]
    xobjects = resources.get("/XObject", {})
    return sum(1 for x in xobjects.values() if x.get_object().get("/Subtype") == "/Image")


def _lines(document) -> list[tuple]:
    """Every line of text of the laid-out document: (page, x, y, text)."""
    from weasyprint.formatting_structure.boxes import TextBox

    return [
        (index, round(box.position_x, 2), round(box.position_y, 2), box.text)
        for index, page in enumerate(document.pages)
        for box in page._page_box.descendants(placeholders=True)
        if isinstance(box, TextBox)
    ]


# --- the font -----------------------------------------------------------------------------------------------------


@pytest.mark.django_db
@fontless
def test_letter_is_set_in_its_packaged_font_only(decided):
    """No system font: the letter and its lampiran embed Arimo from npm, regular, bold and italic, and nothing else."""
    letter = decided["letter"]
    letter.tembusan = "Kepala BPS Provinsi Kalimantan Tengah\nKepala Dinas Łódź"  # a latin-ext letter too
    pdf = letter_pdf(letter)
    fonts = pdf_fonts(pdf)
    regular, ext = FONT_FAMILY.replace(" ", "-"), FONT_FAMILY_EXT.replace(" ", "-")
    assert {regular, f"{regular}-Bold", f"{regular}-Italic", ext} <= fonts
    assert all(name.startswith((regular, ext)) for name in fonts), fonts
    assert "Kepala Dinas Łódź" in _text(pdf)[0]


@pytest.mark.django_db
def test_the_letter_names_only_its_own_font(decided):
    html = letter_html(decided["letter"])
    families = {
        line.split("font-family:", 1)[1].split(";")[0].strip()
        for line in html.splitlines()
        if "font-family:" in line and "@font-face" not in line
    }
    assert families == {FONT_STACK}


@pytest.mark.django_db
def test_layout_is_the_same_with_and_without_system_fonts(decided, tmp_path, monkeypatch):
    """The same lines at the same places on this machine (whatever fonts it has) and on a bare one."""
    letter = decided["letter"]
    letter.letter_date = DAY
    here = _lines(html_document(letter_html(letter)))
    config = tmp_path / "fonts.conf"
    config.write_text(f'<?xml version="1.0"?><fontconfig><cachedir>{tmp_path}/cache</cachedir></fontconfig>')
    monkeypatch.setenv("FONTCONFIG_FILE", str(config))
    assert system_font_count() == 0
    assert _lines(html_document(letter_html(letter))) == here
    assert len(here) > 40


# --- the letter ---------------------------------------------------------------------------------------------------


@pytest.mark.django_db
@fontless
def test_a_typical_letter_fits_on_one_page(decided):
    """Kop with a logo, a.n. framing, three points of advice, two tembusan: one page, the closing and the signature
    on it; the next page of the letter part is the lampiran's head."""
    w = decided
    letter = _central_signs(w)
    w["central"].letter_logo.save("logo.png", _png())
    letter.number, letter.letter_date = NUMBER, DAY
    letter.body_text = (
        "1. Perhatikan jadwal diseminasi.\n2. Lengkapi metadata variabel.\n3. Sertakan rancangan tabulasi."
    )
    letter.tembusan = "Kepala BPS Provinsi Kalimantan Tengah\nKepala BPS Kabupaten Kotawaringin Timur"
    pages = letter_pages_pdf(letter)
    text = _text(pages)
    assert len(text) == 2 and text[1].startswith("LAMPIRAN")
    assert signature_page_index(pages) == 0
    assert "Demikian kami sampaikan." in text[0] and "Tembusan:" in text[0] and "NIP. 197502021998032002" in text[0]


@pytest.mark.django_db
@fontless
def test_closing_and_signature_stay_together_below_the_text(decided):
    """The closing sentence sits directly above the signature block, right after the body."""
    letter = decided["letter"]
    letter.letter_date = DAY
    document = html_document(letter_html(letter))
    lines = _lines(document)
    closing = next(line for line in lines if line[3].startswith("Demikian kami sampaikan"))
    law = next(line for line in lines if line[3].startswith("Sesuai dengan Undang-Undang"))
    page = document.pages[0]
    top_of_box = page.anchors[SIGNATURE_BOX_ID][1]
    assert closing[0] == law[0] == 0
    assert law[2] < closing[2] < top_of_box
    assert top_of_box - closing[2] < 30 * 96 / 25.4  # within 30 mm: the a.n. line and the position between


@pytest.mark.django_db
@fontless
def test_the_6111_letter_is_the_signing_office_s_with_a_n(decided):
    """Signed at BPS RI for the regency office: BPS RI's kop and town, 'a.n. Kepala Badan Pusat Statistik' above
    the Direktur's position, the Direktur's name; not the regency's kop."""
    w = decided
    letter = _central_signs(w)
    letter.number, letter.letter_date = NUMBER, DAY
    page = _text(letter_pages_pdf(letter))[0]
    assert page.startswith(
        f"BADAN PUSAT STATISTIK Jl. Dr. Sutomo 6-8 Nomor : {NUMBER} Jakarta, 21 November 2026 Sifat : Biasa"
    )
    assert "KABUPATEN KOTAWARINGIN TIMUR" not in page and "Sampit" not in page
    assert (
        "kami ucapkan terima kasih. a.n. Kepala Badan Pusat Statistik Direktur Diseminasi Statistik, "
        "Dr. Sri Lestari NIP. 197502021998032002" in page
    )


@pytest.mark.django_db
def test_signer_framing(office_world):
    from letters.models import Letter

    office, central = office_world["office"], office_world["central"]
    central.name = "Badan Pusat Statistik"
    own = Letter(office=office, signer_office=office)
    assert signer_framing(own) == ("", "Kepala Badan Pusat Statistik Kabupaten Kotawaringin Timur")
    office.signer_title = "Direktur Diseminasi Statistik"
    at_central = Letter(office=office, signer_office=central)
    assert signer_framing(at_central) == ("Kepala Badan Pusat Statistik", "Direktur Diseminasi Statistik")
    office.signer_on_behalf_of = "Kepala Badan Pusat Statistik Republik Indonesia"  # the office's setting
    assert signer_framing(at_central) == (
        "Kepala Badan Pusat Statistik Republik Indonesia",
        "Direktur Diseminasi Statistik",
    )
    office.signer_title, office.signer_on_behalf_of = "", ""
    assert signer_framing(at_central) == ("", "Kepala Badan Pusat Statistik")  # the central head signs as himself


def test_seed_offices_have_their_towns_and_6111_its_framing():
    specs = {spec["code"]: spec for spec in OFFICES}
    towns = {code: specs[code]["letter_place"] for code in ("6202", "6371", "6302", "6111", "3304", "0000")}
    assert towns == {
        "6202": "Sampit",
        "6371": "Banjarmasin",
        "6302": "Kotabaru",
        "6111": "Sukadana",
        "3304": "Banjarnegara",
        "0000": "Jakarta",
    }
    assert all(spec["letter_place"] for spec in OFFICES)
    assert (specs["6111"]["signer_title"], specs["6111"]["signer_on_behalf_of"]) == (
        "Direktur Diseminasi Statistik",
        "Kepala Badan Pusat Statistik",
    )


@pytest.mark.django_db
@fontless
def test_kop_shows_the_uploaded_logo_and_text_only_without(decided):
    letter = decided["letter"]
    letter.letter_date = DAY
    assert _images(letter_pages_pdf(letter), 0) == 0
    office = decided["office"]
    office.letter_logo.save("logo.png", _png())
    letter.office.refresh_from_db()
    letter.signer_office.refresh_from_db()
    pdf = letter_pages_pdf(letter)
    assert _images(pdf, 0) == 1
    assert _text(pdf)[0].startswith("BADAN PUSAT STATISTIK KABUPATEN KOTAWARINGIN TIMUR")


@pytest.mark.django_db
@fontless
def test_place_date_and_nomor_rekomendasi_on_one_line(decided):
    office = decided["office"]
    office.letter_place = "Sampit"
    office.save()
    letter = decided["letter"]
    letter.refresh_from_db()
    letter.number, letter.letter_date = NUMBER, DAY
    lines = [
        " ".join(line.split())
        for line in PdfReader(io.BytesIO(letter_pages_pdf(letter))).pages[0].extract_text().splitlines()
    ]
    assert f"Nomor : {NUMBER} Sampit, 21 November 2026" in lines
    assert f"Nomor rekomendasi : {NUMBER}" in lines


@pytest.mark.django_db
@fontless
def test_the_agency_s_cover_letter_is_cited_when_recorded(decided):
    """The agency's cover letter (surat pengantar: its number and date, entered with it) and the portal's number;
    without a recorded cover letter (or before the submission has the fields), the portal's number alone."""
    letter = decided["letter"]
    s = letter.submission
    s.cover_letter_number, s.cover_letter_date = "", None
    without = _text(letter_pages_pdf(letter))[0]
    assert (
        f"Menindaklanjuti pengajuan rekomendasi kegiatan statistik Saudara nomor {s.number} tanggal " in without
        and "perihal Survei Uji, bersama ini kami sampaikan" in without
    )
    assert "surat Saudara" not in without
    s.cover_letter_number, s.cover_letter_date = "440/123/DINKES/2026", datetime.date(2026, 11, 2)
    cited = _text(letter_pages_pdf(letter))[0]
    assert (
        "Menindaklanjuti surat Saudara nomor 440/123/DINKES/2026 tanggal 2 November 2026 perihal permohonan "
        f"rekomendasi kegiatan statistik Survei Uji (pengajuan nomor {s.number} tanggal " in cited
    )
    assert "), bersama ini kami sampaikan" in cited


# --- the lampiran -------------------------------------------------------------------------------------------------


@pytest.mark.django_db
@fontless
def test_lampiran_is_the_form_as_approved_with_every_indicator_and_no_conversation(decided):
    letter = decided["letter"]
    s = letter.submission
    for n in range(1, 4):
        Indicator.objects.create(
            submission=s,
            position=n,
            name=f"Prevalensi stunting {n}",
            definition=f"Persentase balita pendek, definisi {n}",
            unit="Persen",
            composite=n == 3,
        )
    text = " ".join(_text(lampiran_pdf(letter)))
    for n in range(1, 4):
        assert f"{n}. Prevalensi stunting {n} — Konsep" not in text  # empty columns are left out
        assert f"{n}. Prevalensi stunting {n} — Definisi: Persentase balita pendek, definisi {n}; " in text
    assert "Indikator komposit: Ya" in text and "Indikator komposit: Tidak" in text
    assert "Variabel 1" in text
    with translation.override("id"):
        from submissions.sections import sections_for

        for section in sections_for(s):
            assert str(section.title) in text, section.key
    # Round 1's note and the agency's reply stay in the portal's history.
    assert "Tujuan perlu dirinci" not in text and "Tujuan sudah dirinci" not in text
    assert "Catatan pemeriksa" not in text and "Tanggapan instansi" not in text


# --- who signed, in the messages ----------------------------------------------------------------------------------


def test_letter_issued_e_mail_names_the_office_that_signs():
    context = {
        "title": "Survei",
        "number": "6111-2026-00001",
        "office": "BPS Kabupaten Kayong Utara",
        "signer_office": "Badan Pusat Statistik (BPS RI)",
        "letter_number": NUMBER,
        "decision": "Layak",
    }
    with translation.override("en"):
        body = render_to_string("notifications/messages/letter_issued/body.txt", context)
    assert "has been signed by Badan Pusat Statistik (BPS RI): letter number" in body
    del context["signer_office"]  # a message queued before the signing office was given
    with translation.override("id"):
        body = render_to_string("notifications/messages/letter_issued/body.txt", context)
    assert "telah ditandatangani oleh BPS Kabupaten Kayong Utara: nomor surat" in body

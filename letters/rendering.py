"""The letter as HTML and as PDF (WeasyPrint, A4), always in Indonesian: an official document.

The same function renders the unsigned draft (preview) and, once the number and date are set, the PDF the
head signs (letters.signing calls `letter_pdf` after setting `letter.number` and `letter.letter_date`).

The signature box
-----------------
The letter ends with the signature block of the head: a box kept empty for the visible electronic signature
(id "signature-box"), with the head's name and NIP under it. The block is laid out as a CSS footnote
(`float: footnote`), so WeasyPrint places it at the bottom of the page area of the letter's last page, always at
the same place whatever the length of the text: if it does not fit under the text, the last line moves with it
to the next page. The box is 80 mm × 35 mm, its right edge on the right margin (20 mm), its bottom edge 33 mm
above the bottom of the page. The LAMPIRAN (the form as reviewed) starts on the next page, so the box is on the
last page *of the letter*, which is not the last page of the PDF: `signature_page_index(pdf)` finds it (the
PDF has a named destination "signature-box" there).

SIGNATURE_BOX is (x1, y1, x2, y2) in PDF points from the bottom-left corner of that page; the CSS constants
below (millimetres) define it, and tests/letters/test_render.py checks the laid-out box against it.
"""

import io

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.formats import date_format

from romantik.enums import OfficeLevel, Role
from romantik.selectors import staff_with_roles
from submissions.sections import SECTIONS

MM = 72 / 25.4  # points per millimetre
PAGE_WIDTH_MM, PAGE_HEIGHT_MM = 210, 297  # A4
MARGIN_MM = {"top": 20, "right": 20, "bottom": 20, "left": 25}
SIGNATURE_BLOCK_HEIGHT_MM = 58  # the whole footnote block: title, box, name, NIP (tembusan on its left)
SIGNATURE_BOX_TOP_MM = 12  # from the top of the block
SIGNATURE_BOX_SIZE_MM = (80, 35)

_box_x2 = PAGE_WIDTH_MM - MARGIN_MM["right"]
_box_y1 = MARGIN_MM["bottom"] + SIGNATURE_BLOCK_HEIGHT_MM - SIGNATURE_BOX_TOP_MM - SIGNATURE_BOX_SIZE_MM[1]
# (x1, y1, x2, y2) in points from the bottom-left of the page: (311.81, 93.54, 538.58, 192.76).
SIGNATURE_BOX = tuple(
    round(v * MM, 2) for v in (_box_x2 - SIGNATURE_BOX_SIZE_MM[0], _box_y1, _box_x2, _box_y1 + SIGNATURE_BOX_SIZE_MM[1])
)
SIGNATURE_BOX_ID = "signature-box"

CITY_PREFIXES = ("Kabupaten ", "Kota ", "Provinsi ")


def letter_city(office) -> str:
    """The place in the date line: the office's regency/city without 'Kabupaten'/'Kota'; Jakarta for BPS RI."""
    if office.region is not None:
        name = office.region.display_name
        for prefix in CITY_PREFIXES:
            if name.startswith(prefix):
                return name[len(prefix) :]
        return name
    return "Jakarta"


def kop_unit(office) -> str:
    """The second line of the letterhead: 'KABUPATEN KOTAWARINGIN TIMUR' for 'BPS Kabupaten Kotawaringin Timur'."""
    if office.level == OfficeLevel.CENTRAL:
        return ""
    name = office.name
    for prefix in ("BPS ", "Badan Pusat Statistik "):
        if name.startswith(prefix):
            name = name[len(prefix) :]
    return name.upper()


def letter_head(letter):
    """The head who signs: the first person with the role head in the signing office (None if there is none)."""
    return staff_with_roles(letter.signer_office, {Role.HEAD}).first()


def _numbers() -> dict[str, str]:
    return {q.field: q.number for s in SECTIONS for q in s.questions if q.number != "–"}


def _lampiran(submission) -> dict:
    """The form as reviewed, the same rows as the staff review page, with every round's notes and responses."""
    from review.views.detail import _section_views, _variable_rows

    notes = list(submission.notes.order_by("round", "pk"))
    numbers = _numbers()
    sections = _section_views(submission, notes, can_review=False)
    for view in sections:
        for row in view.answers:
            # Most labels carry their number already ("1.1 Instansi penyelenggara"): the number goes in its column.
            row.number = numbers.get(row.field, "")
            row.text = row.label[len(row.number) :].strip() if row.label.startswith(row.number) else row.label
    return {"sections": sections, "variables": _variable_rows(submission)}


def letter_context(letter) -> dict:
    submission = letter.submission
    office, signer_office = letter.office, letter.signer_office
    day = letter.letter_date or timezone.localdate()
    submitted = timezone.localtime(submission.submitted_at).date() if submission.submitted_at else None
    head = letter_head(letter)
    return {
        "letter": letter,
        "submission": submission,
        "agency": submission.agency,
        "office": office,
        "signer_office": signer_office,
        "kop_unit": kop_unit(office),
        "feasible": letter.decision == "layak",
        "date_line": f"{letter_city(office)}, {date_format(day, 'j F Y')}",
        "letter_date": date_format(day, "j F Y"),
        "submitted_on": date_format(submitted, "j F Y") if submitted else "",
        "signer_title": office.signer_title or signer_office.signer_title,
        "head": head,
        "addressee_lines": [line for line in letter.addressee.splitlines() if line.strip()],
        "tembusan_lines": [line for line in letter.tembusan.splitlines() if line.strip()],
        "margin": MARGIN_MM,
        "block_height": SIGNATURE_BLOCK_HEIGHT_MM,
        "box_top": SIGNATURE_BOX_TOP_MM,
        "box_width": SIGNATURE_BOX_SIZE_MM[0],
        "box_height": SIGNATURE_BOX_SIZE_MM[1],
        "box_id": SIGNATURE_BOX_ID,
        **_lampiran(submission),
    }


def letter_html(letter) -> str:
    with translation.override("id"):
        return render_to_string("letters/letter.html", letter_context(letter))


def letter_pdf(letter) -> bytes:
    """The letter as an A4 PDF. Everything is inside the template: the fetcher allows no protocol, so WeasyPrint
    touches neither the network nor the disk; fonts come from the system."""
    # Imported here: WeasyPrint is slow to import.
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    fetcher = URLFetcher(allowed_protocols=frozenset())
    return HTML(string=letter_html(letter), base_url=str(settings.BASE_DIR), url_fetcher=fetcher).write_pdf()


def signature_page_index(pdf: bytes) -> int:
    """The (0-based) page of `pdf` that holds the signature box: the last page of the letter, before the
    LAMPIRAN."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    return reader.get_destination_page_number(reader.named_destinations[SIGNATURE_BOX_ID])

"""The letter as HTML and as PDF (WeasyPrint, A4), always in Indonesian: an official document laid out as
Indonesian government correspondence (tata naskah dinas). The layout is the template templates/letters/letter.html;
the font and what the letter may load, letters.typesetting; the lampiran's content, letters.lampiran.

Two parts, rendered apart from the one template (its `part`):

* the LETTER: its page(s) with the number and the date, then one more page holding only the head of the
  LAMPIRAN ("LAMPIRAN / Surat Nomor: …, tanggal …"). Short: one page for a typical letter, rendered in well under
  a second, once for the draft and once more at signing, after the number is taken (letters.issuing);
* the LAMPIRAN (the form as approved: every section, the variables and the indicators; up to 2,000 variables, a
  few seconds: bench/letter_render.py): no number in it, so it is rendered once, with the draft, by the Celery
  task (letters.services.letter_render) and stored (Letter.lampiran_pdf). Its first page leaves
  LAMPIRAN_HEAD_HEIGHT_MM empty at the top, where `letter_combine` lays the head page of the letter part over it.

`letter_combine(letter pages, lampiran)` (pypdf) makes the one PDF the reviewers preview and the head signs;
`letter_pdf(letter)` renders both parts and combines them (tests, bench).

A long lampiran, rendered in parts at once
------------------------------------------
WeasyPrint lays out and draws one document in one process, 4.5 to 7 ms a variable by machine (the text's lines
and glyphs: the CSS is not what costs, bench/letter_render.py). A lampiran of LAMPIRAN_PARTS_MIN_ITEMS items or
more is therefore cut into parts of about as many rows (letters.lampiran.lampiran_parts: between two items, the
numbering carried on), one per processor up to LAMPIRAN_PARTS_MAX, rendered at once
(letters.typesetting.html_pdfs_at_once: the first here, the others in forked children) and joined with pypdf
(`lampiran_join`): the pages in order, the bookmarks of every part, the page footers of the later parts
("Lampiran, halaman N", numbered on from the pages before them: the part "lampiran-footers" of the template, laid
over them). The same text, the same sections and numbers, the same font; each cut starts a new page (the page
before it may be part empty). 2,000 variables in two parts: 7.0 s wall instead of 9.2 s in one process on an idle
2-core machine (7 December 2026; docs/PERFORMANCE.md). A shorter lampiran is one document, as before.

Who signs
---------
The letter is the signing office's (`letter.signer_office`: the office itself, or the one that signs for it, seed
003: BPS RI for BPS Kabupaten Kayong Utara): its kop, its town in the date line. The signature block names the
position (the office's `signer_title`, else "Kepala" and the signing office's full name) and, when someone signs for
the head of another office, "a.n." and whom (`signer_on_behalf_of`, else "Kepala" and the signing office's name):
`signer_framing(letter)`.

The signature box
-----------------
The letter ends with the closing sentence and the signature block of the head: a box kept empty for the visible
electronic signature (id "signature-box", SIGNATURE_BOX_SIZE_MM, its right edge on the right margin), with the
head's name and NIP under it, and the tembusan below. They flow directly after the body: the closing and the block
are kept together and with the body's last paragraph (if they do not fit under the text, that paragraph moves with
them to the next page, never the block alone), and a tembusan of any length follows. So the box is wherever the
layout puts it, and the signer finds it there: WeasyPrint writes a named destination "signature-box" at the box's
top-left corner (page and /XYZ coordinates), which `letter_combine` keeps; `signature_box_locate(pdf)` reads it and
gives the box's page and rectangle (the corner and the box's known size), `signature_page_index(pdf)` its page. The
LAMPIRAN starts on the next page, so the box is on the last page *of the letter* (or the one before, when a long
tembusan runs over), not the last page of the PDF.
"""

import io
import os

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.formats import date_format

from romantik.enums import OfficeLevel, Role
from romantik.selectors import staff_with_roles

from .enums import LetterState
from .lampiran import lampiran_blocks, lampiran_parts
from .models import Letter
from .typesetting import FONT_STACK, font_faces_css, html_pdf, html_pdfs_at_once, logo_src

MM = 72 / 25.4  # points per millimetre
PAGE_WIDTH_MM, PAGE_HEIGHT_MM = 210, 297  # A4
MARGIN_MM = {"top": 15, "right": 20, "bottom": 20, "left": 25}
SIGNATURE_BOX_SIZE_MM = (80, 35)  # width, height of the box kept for the visible signature
SIGNATURE_BOX_ID = "signature-box"
# The head of the LAMPIRAN (title, letter number and date, submission): drawn by the letter part over the top of
# the lampiran's first page, which leaves this much empty for it.
LAMPIRAN_HEAD_HEIGHT_MM = 20
# A lampiran with this many items (variables, indicators, attachments) or more is rendered in parts at once, one per
# processor, at most LAMPIRAN_PARTS_MAX.
LAMPIRAN_PARTS_MIN_ITEMS = 400
LAMPIRAN_PARTS_MAX = 4
# The first part's share of the rows against each other part's: this process also makes the parts' HTML, their page
# footers and the joined PDF (bench/letter_render.py: two parts of 2,000 variables end together).
LAMPIRAN_FIRST_PART_SHARE = 0.8

CITY_PREFIXES = ("Kabupaten ", "Kota ", "Provinsi ")
BPS = "Badan Pusat Statistik"


def letter_city(office) -> str:
    """The place in the date line: the office's town (`letter_place`: Sampit); without one, its regency/city
    without 'Kabupaten'/'Kota'; Jakarta for BPS RI."""
    if office.letter_place:
        return office.letter_place
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
    for prefix in ("BPS ", f"{BPS} "):
        if name.startswith(prefix):
            name = name[len(prefix) :]
    return name.upper()


def office_full_name(office) -> str:
    """'Badan Pusat Statistik Kabupaten Kotawaringin Timur' for 'BPS Kabupaten Kotawaringin Timur'; 'Badan Pusat
    Statistik' for BPS RI."""
    unit = kop_unit(office)
    return f"{BPS} {unit.title()}" if unit else BPS


def signer_framing(letter) -> tuple[str, str]:
    """(a.n. line or "", position) of the signature block. The position is the office's signer title (seed 003:
    "Direktur Diseminasi Statistik"), else the head of the signing office; "a.n." when the office says on whose
    behalf, or when another office signs under a title of its own ("a.n. Kepala Badan Pusat Statistik")."""
    office, signing = letter.office, letter.signer_office
    head_of_signing = f"Kepala {office_full_name(signing)}"
    position = office.signer_title or signing.signer_title or head_of_signing
    on_behalf = office.signer_on_behalf_of
    if not on_behalf and signing.pk != office.pk and position != head_of_signing:
        on_behalf = head_of_signing
    return on_behalf, position


def letter_head(letter):
    """The head who signs: the first person with the role head in the signing office (None if there is none)."""
    return staff_with_roles(letter.signer_office, {Role.HEAD}).first()


def _cover_letter(submission):
    """The agency's cover letter (surat pengantar) as it cites it: its number and date, when the submission records
    them (None otherwise, and while the submission has no such fields)."""
    number = getattr(submission, "cover_letter_number", "") or ""
    if not number:
        return None
    day = getattr(submission, "cover_letter_date", None)
    return {"number": number, "date": date_format(day, "j F Y") if day else ""}


def _previous_letter(submission):
    """For a renewal of a recurring activity (submissions.renewal): the issued letter of the recommendation it
    renews, as the new letter cites it (its number and date); None otherwise."""
    if getattr(submission, "renews_id", None) is None:
        return None
    previous = Letter.objects.filter(submission_id=submission.renews_id, state=LetterState.SIGNED).first()
    if previous is None or not previous.number:
        return None
    return {
        "number": previous.number,
        "date": date_format(previous.letter_date, "j F Y") if previous.letter_date else "",
    }


def _page_context() -> dict:
    """What the template's style needs, whichever part."""
    return {
        "page_footers": True,
        "font_faces_css": font_faces_css(),
        "font_stack": FONT_STACK,
        "margin": MARGIN_MM,
        "lampiran_head_height": LAMPIRAN_HEAD_HEIGHT_MM,
        "box_width": SIGNATURE_BOX_SIZE_MM[0],
        "box_height": SIGNATURE_BOX_SIZE_MM[1],
        "box_id": SIGNATURE_BOX_ID,
    }


def check_code_context(submission, *, feasible: bool) -> dict:
    """Cek Survei (issue 22): a layak letter prints the activity's public code and the QR code of its page."""
    if not feasible or not submission.pk:
        return {}
    from .public_code import check_qr_svg, check_url, code_display, public_code

    code = public_code(submission.pk)
    return {"check_code": code_display(code), "check_url": check_url(code), "check_qr_svg": check_qr_svg(code)}


def letter_context(letter) -> dict:
    """The letter part: its pages and the head of the lampiran (number and date)."""
    submission = letter.submission
    office, signer_office = letter.office, letter.signer_office
    day = letter.letter_date or timezone.localdate()
    submitted = timezone.localtime(submission.submitted_at).date() if submission.submitted_at else None
    on_behalf_of, position = signer_framing(letter)
    return {
        "part": "letter",
        "letter": letter,
        "submission": submission,
        "agency": submission.agency,
        "office": office,
        "signer_office": signer_office,
        "kop_office": signer_office,
        "kop_unit": kop_unit(signer_office),
        "logo_src": logo_src(signer_office),
        "feasible": letter.decision == "layak",
        "date_line": f"{letter_city(signer_office)}, {date_format(day, 'j F Y')}",
        "letter_date": date_format(day, "j F Y"),
        "submitted_on": date_format(submitted, "j F Y") if submitted else "",
        "cover_letter": _cover_letter(submission),
        "previous_letter": _previous_letter(submission),
        "on_behalf_of": on_behalf_of,
        "signer_position": position,
        "head": letter_head(letter),
        "addressee_lines": [line for line in letter.addressee.splitlines() if line.strip()],
        "tembusan_lines": [line for line in letter.tembusan.splitlines() if line.strip()],
        **check_code_context(submission, feasible=letter.decision == "layak"),
        **_page_context(),
    }


def lampiran_context(letter, blocks=None, *, first_part: bool = True) -> dict:
    """The lampiran part: the form as approved (or `blocks`, one of its parts). Nothing in it depends on the number
    or the date. A part after the first leaves no room for the head and has no page footers: `lampiran_join`."""
    submission = letter.submission
    return {
        **_page_context(),
        "part": "lampiran",
        "letter": letter,
        "submission": submission,
        "blocks": lampiran_blocks(submission) if blocks is None else blocks,
        "first_part": first_part,
        "page_footers": first_part,
    }


def letter_html(letter) -> str:
    """The letter part (its pages and the lampiran's head)."""
    with translation.override("id"):
        return render_to_string("letters/letter.html", letter_context(letter))


def lampiran_html(letter, blocks=None, *, first_part: bool = True) -> str:
    with translation.override("id"):
        return render_to_string("letters/letter.html", lampiran_context(letter, blocks, first_part=first_part))


def lampiran_footers_html(letter, wide: list[bool], first_page: int) -> str:
    """Only the lampiran's page footers: one empty page per item of `wide` (landscape when true), numbered from
    `first_page`, with the same @page rules as the lampiran."""
    context = {**_page_context(), "part": "lampiran-footers", "letter": letter}
    context.update(footer_pages=wide, first_page=first_page)
    with translation.override("id"):
        return render_to_string("letters/letter.html", context)


def _pdf(html: str) -> bytes:
    """Every render of a part goes through here (the signing tests watch it): letters.typesetting."""
    return html_pdf(html)


def letter_pages_pdf(letter) -> bytes:
    """The letter part as PDF: the letter's pages, then the page with the lampiran's head. Short."""
    return _pdf(letter_html(letter))


def lampiran_processes() -> int:
    """How many parts a long lampiran is rendered in at once: the processors this process may use, at most
    LAMPIRAN_PARTS_MAX."""
    try:
        processors = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        processors = os.cpu_count() or 1
    return max(1, min(processors, LAMPIRAN_PARTS_MAX))


def lampiran_pdf(letter) -> bytes:
    """The lampiran as PDF, without number or date: the long part, rendered with the draft (a Celery task). One
    document; in parts at once when it has LAMPIRAN_PARTS_MIN_ITEMS items or more (see the module's docstring)."""
    blocks = lampiran_blocks(letter.submission)
    items = sum(len(block.rows) for block in blocks if block.kind == "items")
    parts = [blocks]
    if items >= LAMPIRAN_PARTS_MIN_ITEMS:
        parts = lampiran_parts(blocks, lampiran_processes(), LAMPIRAN_FIRST_PART_SHARE)
    if len(parts) == 1:
        return _pdf(lampiran_html(letter, blocks))
    htmls = [lampiran_html(letter, part, first_part=n == 0) for n, part in enumerate(parts)]
    return lampiran_join(letter, html_pdfs_at_once(htmls, _pdf))


def lampiran_join(letter, parts: list[bytes]) -> bytes:
    """One lampiran from its parts (rendered apart: `lampiran_pdf`): their pages in order with every part's
    bookmarks, and the page footers of the parts after the first laid over their pages, numbered on from the
    first part's pages; the first part's title and language."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import NameObject

    readers = [PdfReader(io.BytesIO(part)) for part in parts]
    writer = PdfWriter()
    for reader in readers:
        writer.append(reader)
    first = len(readers[0].pages)
    later = writer.pages[first:]
    wide = [float(page.mediabox.width) > float(page.mediabox.height) for page in later]
    footers = PdfReader(io.BytesIO(_pdf(lampiran_footers_html(letter, wide, first + 1))))
    for page, footer in zip(later, footers.pages, strict=True):
        page.merge_page(footer)
        page.compress_content_streams()  # merge_page leaves the page's content uncompressed (ten times the size)
    catalog = readers[0].trailer["/Root"]
    if "/Lang" in catalog:
        writer.root_object[NameObject("/Lang")] = catalog["/Lang"]
    if readers[0].metadata:
        writer.add_metadata(dict(readers[0].metadata))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def letter_combine(pages: bytes, lampiran: bytes) -> bytes:
    """One PDF: the letter's pages, then the lampiran, the head page of `pages` laid over the top of the
    lampiran's first page (underneath it in the content, so that text extraction reads the head first). Kept from
    the parts: the named destination of the signature box, the language, the title, and the lampiran's bookmarks
    (under one "LAMPIRAN"). Takes well under a second for a lampiran of a hundred pages."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import Fit, NameObject

    letter_part = PdfReader(io.BytesIO(pages))
    box = letter_part.named_destinations[SIGNATURE_BOX_ID]
    box_page = letter_part.get_destination_page_number(box)
    count = len(letter_part.pages) - 1  # the last page is the lampiran's head
    writer = PdfWriter()
    writer.append(letter_part, pages=(0, count), import_outline=False)
    writer.append(PdfReader(io.BytesIO(lampiran)), outline_item="LAMPIRAN")
    writer.pages[count].merge_page(letter_part.pages[count], over=False)
    writer.add_named_destination(SIGNATURE_BOX_ID, box_page, Fit.xyz(left=box.left, top=box.top, zoom=0))
    catalog = letter_part.trailer["/Root"]
    if "/Lang" in catalog:
        writer.root_object[NameObject("/Lang")] = catalog["/Lang"]
    if letter_part.metadata:
        writer.add_metadata(dict(letter_part.metadata))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def letter_pdf(letter) -> bytes:
    """The whole letter as an A4 PDF: both parts rendered now and combined (the draft task and the signing
    task render the lampiran only once: letters.services, letters.issuing)."""
    return letter_combine(letter_pages_pdf(letter), lampiran_pdf(letter))


def signature_box_locate(pdf: bytes) -> tuple[int, tuple[float, float, float, float]] | None:
    """Where the layout put the signature box in `pdf`: (0-based page index, (x1, y1, x2, y2) in PDF points from
    the bottom-left of that page), from the named destination "signature-box" (the box's top-left corner) and the
    box's size. None for a PDF without that destination (made by another renderer)."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    destination = reader.named_destinations.get(SIGNATURE_BOX_ID)
    if destination is None or destination.left is None or destination.top is None:
        return None
    width, height = (v * MM for v in SIGNATURE_BOX_SIZE_MM)
    x1, top = float(destination.left), float(destination.top)
    box = tuple(round(v, 2) for v in (x1, top - height, x1 + width, top))
    return reader.get_destination_page_number(destination), box


def signature_page_index(pdf: bytes) -> int:
    """The (0-based) page of `pdf` that holds the signature box: the last page of the letter (or the one before,
    when a long tembusan runs over), before the LAMPIRAN."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    return reader.get_destination_page_number(reader.named_destinations[SIGNATURE_BOX_ID])

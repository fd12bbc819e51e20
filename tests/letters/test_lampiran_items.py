"""The lampiran's items (variables, indicators), set as the cheaper lines (issue 16, docs/PERFORMANCE.md): each a
paragraph whose number and name are one bold run and whose text, single-spaced (letters.lampiran), flows as one
paragraph within the landscape page (`white-space: pre-wrap` in templates/letters/letter.html)."""

import pytest

from letters.rendering import lampiran_html
from letters.typesetting import html_document
from submissions.models import Variable
from tests.letters.fontless import no_system_fonts  # noqa: F401 - the fixture

fontless = pytest.mark.usefixtures("no_system_fonts")

# What an agency may type into a textarea or paste from a spreadsheet: line breaks, a tab, runs of spaces.
DEFINITION = "Baris satu\r\n\r\n   baris\tdua,  dengan   spasi ganda\n" + "kalimat panjang yang mengalir " * 12


def _text_boxes(document) -> list:
    from weasyprint.formatting_structure.boxes import TextBox

    return [
        (page, box)
        for page in document.pages
        for box in page._page_box.descendants(placeholders=True)
        if isinstance(box, TextBox)
    ]


@pytest.mark.django_db
@fontless
def test_an_item_is_one_flowing_paragraph_with_its_number_and_name_in_bold(decided):
    letter = decided["letter"]
    s = letter.submission
    Variable.objects.filter(submission=s).delete()
    Variable.objects.create(
        submission=s, position=1, name="Umur  kepala\nrumah tangga", alias="UMUR_KRT", definition=DEFINITION
    )
    document = html_document(lampiran_html(letter))
    boxes = _text_boxes(document)
    start = next(n for n, (_page, box) in enumerate(boxes) if box.text.startswith("1. Umur"))
    end = next(n for n, (_page, box) in enumerate(boxes) if "Dapat diakses umum" in box.text)
    item = "".join(box.text for _page, box in boxes[start : end + 1])  # its lines, as laid out, one after the other

    # Single-spaced: the line breaks, the tab and the runs of spaces are one space each, nothing typed lost.
    flowing = " ".join(("Baris satu baris dua, dengan spasi ganda " + "kalimat panjang yang mengalir " * 12).split())
    assert item.startswith(f"1. Umur kepala rumah tangga — Alias: UMUR_KRT; Definisi: {flowing}; "), item
    assert "\n" not in item and "\t" not in item and "  " not in item

    # The number and the name: one bold run; the columns after it: regular.
    (name,) = [box for _page, box in boxes if box.text.startswith("1. Umur")]
    assert name.text == "1. Umur kepala rumah tangga" and name.style["font_weight"] == 700
    (alias,) = [box for _page, box in boxes if "Alias: UMUR_KRT" in box.text]
    assert alias.style["font_weight"] == 400 and alias.text.startswith(" — Alias: UMUR_KRT; Definisi: Baris satu")

    # The long definition wraps onto several lines, each within the page's content box (landscape).
    lines = [(page, box) for page, box in boxes if "kalimat panjang" in box.text]
    assert len(lines) >= 2
    for page, box in lines:
        content = page._page_box.children[0]  # the root's box: the page's content area
        right = content.content_box_x() + content.width
        assert box.position_x + box.width <= right + 0.5, (box.text, box.position_x + box.width, right)
    assert page.width > page.height  # the items' pages are landscape

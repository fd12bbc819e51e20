"""A long lampiran (up to 2,000 variables) is rendered in parts at once, one process each, and joined: the same text,
sections, numbering, bookmarks and font as when rendered as one document, the page numbers running on through the
parts, and the letter made with it is signed and verifies (letters.rendering.lampiran_pdf, letters.lampiran)."""

import io
import logging
import os
import time

import pytest
from pypdf import PdfReader

from letters import rendering, typesetting
from letters.issuing import letter_sign
from letters.lampiran import Block, lampiran_parts
from letters.verification import verify_pdf
from submissions.models import Variable
from tests.letters import test_sign
from tests.letters.fontless import no_system_fonts, pdf_fonts  # noqa: F401 - the fixture
from tests.letters.test_sign import PASSPHRASE

fontless = pytest.mark.usefixtures("no_system_fonts")
world = test_sign.world  # the fixture: a head with a certificate and a letter awaiting the signature


def _variables(submission, count: int) -> None:
    Variable.objects.filter(submission=submission).delete()
    Variable.objects.bulk_create(
        Variable(
            submission=submission,
            position=i,
            name=f"Variabel bagian ke-{i + 1}",
            alias=f"VB_{i + 1}",
            concept="Konsep variabel yang diukur dalam kegiatan statistik ini",
            definition="Definisi operasional variabel sebagaimana diterapkan oleh pencacah di lapangan " * (1 + i % 3),
            time_reference="Seminggu yang lalu",
            data_type="numerik",
            question_text="Berapa umur kepala rumah tangga pada ulang tahun terakhir?",
        )
        for i in range(count)
    )


def _in_parts(monkeypatch, processes: int) -> list:
    """Lampirans of 10 items or more in `processes` parts; the list of the parts each joined lampiran had."""
    monkeypatch.setattr(rendering, "LAMPIRAN_PARTS_MIN_ITEMS", 10)
    monkeypatch.setattr(rendering, "lampiran_processes", lambda: processes)
    joined, join = [], rendering.lampiran_join

    def watched(letter, parts):
        joined.append(parts)
        return join(letter, parts)

    monkeypatch.setattr(rendering, "lampiran_join", watched)
    return joined


def _body_and_footers(pdf: bytes) -> tuple[str, list[str]]:
    """The lampiran's text without its page footers (the pages' last lines), and those footers."""
    pages = [page.extract_text().strip() for page in PdfReader(io.BytesIO(pdf)).pages]
    footers = [text.rsplit("\n", 1)[-1] for text in pages]
    body = " ".join(" ".join(text.rsplit("\n", 1)[0].split()) for text in pages)
    return body, footers


def _outline(pdf: bytes) -> list[str]:
    return [item.title for item in PdfReader(io.BytesIO(pdf)).outline]


# --- cutting the blocks -------------------------------------------------------------------------------------------


def test_parts_cut_between_items_and_carry_the_numbering_on():
    answers = Block("I. Penyelenggara", "answers", list(range(8)))
    variables = Block("Variabel (MS-Var)", "items", [f"v{n}" for n in range(100)])
    indicators = Block("Indikator (MS-Ind)", "items", [f"i{n}" for n in range(4)])
    empty = Block("Lampiran", "items", [], "Tidak ada berkas lampiran.")
    blocks = [answers, variables, indicators, empty]

    parts = lampiran_parts(blocks, 3)
    assert len(parts) == 3
    assert parts[0][0] is answers  # a table of answers is never cut
    rows = [row for part in parts for block in part for row in block.rows]
    assert rows == [row for block in blocks for row in block.rows]  # every row once, in order
    assert [sum(len(b.rows) for b in part) for part in parts] == [37, 37, 38]
    cut = parts[1][0]
    assert (cut.title, cut.continued, cut.start, cut.rows[0]) == ("Variabel (MS-Var)", True, 29, "v29")
    assert parts[0][1].continued is False and parts[0][1].start == 0
    assert parts[2][-1] is empty and parts[2][-2] is indicators  # an empty block keeps its "none" line

    lighter = lampiran_parts(blocks, 2, first_share=0.8)
    assert [sum(len(b.rows) for b in part) for part in lighter] == [50, 62]
    assert lampiran_parts(blocks, 1) == [blocks]


# --- rendering at once --------------------------------------------------------------------------------------------


def test_the_other_documents_are_rendered_in_child_processes():
    here = os.getpid()

    def render(html):
        return typesetting.html_pdf(html.replace("PID", str(os.getpid())))

    pdfs = typesetting.html_pdfs_at_once([f"<p>{n} PID</p>" for n in range(3)], render)
    pids = [PdfReader(io.BytesIO(pdf)).pages[0].extract_text().split()[1] for pdf in pdfs]
    assert pids[0] == str(here) and here not in {int(pid) for pid in pids[1:]} and len(set(pids)) == 3


def test_a_part_whose_process_fails_or_hangs_is_rendered_here(monkeypatch):
    here = os.getpid()
    monkeypatch.setattr(typesetting, "CHILD_PATIENCE_MIN_SECONDS", 1)
    # The warnings, read on the module's own logger: a test run before this one in the process (a Celery worker's
    # logging set-up) may have left the root logger's propagation to pytest's capture broken (seen in CI).
    warnings = []
    handler = logging.Handler(logging.WARNING)
    handler.emit = lambda record: warnings.append(record.getMessage())
    monkeypatch.setattr(typesetting.logger, "disabled", False)
    monkeypatch.setattr(typesetting.logger, "level", logging.WARNING)
    typesetting.logger.addHandler(handler)

    def render(html):
        if os.getpid() != here:
            if "hang" in html:
                time.sleep(60)
            raise RuntimeError("the child fails")
        return typesetting.html_pdf(html)

    started = time.monotonic()
    try:
        pdfs = typesetting.html_pdfs_at_once(["<p>one</p>", "<p>fail</p>", "<p>hang</p>"], render)
    finally:
        typesetting.logger.removeHandler(handler)
    assert time.monotonic() - started < 30
    assert [PdfReader(io.BytesIO(pdf)).pages[0].extract_text() for pdf in pdfs] == ["one", "fail", "hang"]
    assert sum("rendered here" in message for message in warnings) == 2


# --- the lampiran in parts ----------------------------------------------------------------------------------------


@pytest.mark.django_db
@fontless
def test_a_lampiran_in_parts_is_the_same_lampiran(decided, monkeypatch):
    """60 variables in 3 parts: the same text (sections, numbers, every variable), bookmarks and font as one
    document; the footers number every page once, in order; each cut may start a new page, nothing more."""
    letter = decided["letter"]
    _variables(letter.submission, 60)
    one = rendering.lampiran_pdf(letter)
    joined = _in_parts(monkeypatch, 3)
    parts = rendering.lampiran_pdf(letter)
    assert len(joined) == 1 and len(joined[0]) == 3

    body_one, footers_one = _body_and_footers(one)
    body, footers = _body_and_footers(parts)
    assert body == body_one
    assert "60. Variabel bagian ke-60 — Alias: VB_60" in body and body.count("Variabel bagian ke-") == 60
    assert footers == [f"Lampiran, halaman {n}" for n in range(1, len(footers) + 1)]
    assert len(footers_one) <= len(footers) <= len(footers_one) + 2
    assert _outline(parts) == _outline(one) and "Variabel (MS-Var)" in _outline(parts)
    assert pdf_fonts(parts) == pdf_fonts(one)
    first = PdfReader(io.BytesIO(parts)).pages[0]
    assert first.mediabox == PdfReader(io.BytesIO(one)).pages[0].mediabox


@pytest.mark.django_db
def test_a_short_lampiran_is_one_document(decided, monkeypatch):
    joined = _in_parts(monkeypatch, 2)
    monkeypatch.setattr(rendering, "LAMPIRAN_PARTS_MIN_ITEMS", 400)
    letter = decided["letter"]
    _variables(letter.submission, 30)
    rendering.lampiran_pdf(letter)
    assert joined == []


@pytest.mark.django_db
def test_a_letter_with_a_lampiran_in_parts_is_signed_and_verifies(world, monkeypatch):
    joined = _in_parts(monkeypatch, 2)
    letter = world["letter"]
    _variables(letter.submission, 40)
    letter = letter_sign(letter=letter, signer=world["head"], passphrase=PASSPHRASE)
    assert len(joined) == 1  # the signing rendered the missing lampiran, in two parts

    data = letter.signed_pdf.read()
    result = verify_pdf(data)
    assert (result.valid, result.letter) == (True, letter), result.reason
    reader = PdfReader(io.BytesIO(data))
    head = rendering.signature_page_index(data) + 1
    lampiran = [" ".join(page.extract_text().split()) for page in reader.pages[head:]]
    assert f"Surat Nomor: {letter.number}" in lampiran[0]
    assert [text.rsplit("Lampiran, halaman ", 1)[-1] for text in lampiran] == [
        str(n) for n in range(1, len(lampiran) + 1)
    ]
    assert "40. Variabel bagian ke-40 — Alias: VB_40" in " ".join(lampiran)

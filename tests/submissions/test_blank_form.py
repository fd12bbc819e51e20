"""The blank form of each kind as a PDF: public, generated from the declared sections and the models'
help texts, in the active language, loading nothing from anywhere."""

import io
import re

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from submissions.views.blank_form import _context

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def blank_form(client, kind, **headers):
    return client.get(reverse("submissions:blank_form", kwargs={"kind": kind}), **headers)


def pdf_text(content: bytes) -> str:
    """The text of every page, with runs of whitespace (line breaks) as one space."""
    reader = PdfReader(io.BytesIO(content))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def test_blank_form_fs3_is_a_pdf_with_numbers_help_texts_and_block_v(db, client):
    response = blank_form(client, "fs3", **EN)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'inline; filename="formulir-fs3-kosong.pdf"'
    assert response.content.startswith(b"%PDF-")
    text = pdf_text(response.content)
    assert "FS3 – survey" in text
    assert "Activity title * The full name of the survey or compilation, as it will appear in publications." in text
    assert "V. Sample design" in text
    assert "5.1 Type of sample design *" in text
    assert "choose one 1 Single stage/phase 2 Multi stage/phase" in text
    assert "1 Basic statistics 2 Sectoral statistics 3 Special statistics" in text
    assert "choose all that apply 1 PAPI 2 CAPI 4 CATI 8 CAWI 16 Mail 32 Other" in text
    assert "Only if 4.1 = Repeated" in text
    assert "6.4 Field officers * Who collects the data in the field. Only if 4.7 includes PAPI, CAPI or CATI" in text
    assert "Only if 5.2 = Probability" in text
    # Block V always applies to FS3: its "surveys only" note is left out.
    assert "Only for surveys" not in text


def test_blank_form_fs3_has_schedule_tables_and_attachments(db, client):
    text = pdf_text(blank_form(client, "fs3", **EN).content)

    assert "3.3 Planned schedule *" in text
    assert "Phase Start End Activity planning" in text
    assert "Evaluation / / / / day / month / year" in text
    assert "Variables (MS-Var)" in text
    assert "Variable name * For example: Age of household head." in text
    assert "Indicators (MS-Ind)" in text
    assert "Calculation method/formula How it is computed." in text
    assert "Cover letter (surat pengantar) * Required Questionnaire/instrument * Required" in text
    assert "Upload each document in the portal as a PDF file of at most 10 MB." in text


def test_blank_form_fpkpa_has_no_block_v_but_a_source_column(db, client):
    response = blank_form(client, "fpkpa", **EN)

    assert response.status_code == 200
    assert response["Content-Disposition"] == 'inline; filename="formulir-fpkpa-kosong.pdf"'
    text = pdf_text(response.content)
    assert "FP-KPA – compilation of administrative records" in text
    assert "V. Sample design" not in text
    assert "Type of sample design" not in text
    assert not re.search(r"\b5\.1\b", text)
    assert "4.1 The activity is carried out *" in text
    assert "Source * FP-KPA: the administrative record the value comes from." in text
    # No pilot test or non-response adjustment for a compilation.
    assert "Pilot test" not in text
    assert "Questionnaire/instrument Optional" in text


def test_blank_form_mskeg_says_when_block_v_applies(db, client):
    text = pdf_text(blank_form(client, "mskeg", **EN).content)

    assert (
        "V. Sample design Only for surveys: for MS-Keg it appears when the header says the data are collected by "
        "survey. 5.1 Type of sample design" in text
    )
    assert "Way of collecting data * A survey observes a sample;" in text
    assert "1 Complete enumeration 2 Survey 3 Compilation of administrative products" in text
    assert "Source * FP-KPA" not in text


@pytest.mark.parametrize("kind", ["fs3", "fpkpa", "mskeg"])
def test_blank_form_is_public_and_opens(db, client, kind):
    response = blank_form(client, kind)

    assert response.status_code == 200
    reader = PdfReader(io.BytesIO(response.content))
    assert len(reader.pages) >= 5
    assert reader.pages[0].mediabox.width == pytest.approx(595.28, abs=0.5)  # A4
    assert reader.pages[0].mediabox.height == pytest.approx(841.89, abs=0.5)


def test_blank_form_speaks_the_default_language(db, client):
    reader = PdfReader(io.BytesIO(blank_form(client, "fs3").content))

    assert reader.trailer["/Root"]["/Lang"] == "id"


def test_blank_form_in_english_on_request(db, client):
    reader = PdfReader(io.BytesIO(blank_form(client, "fs3", **EN).content))

    assert reader.trailer["/Root"]["/Lang"] == "en"
    assert reader.metadata.title == "FS3 – survey · Blank form with explanations"


def test_blank_form_unknown_kind_is_404(db, client):
    assert blank_form(client, "fs4").status_code == 404
    assert blank_form(client, "FS3").status_code == 404


def test_blank_form_html_loads_no_resource(db):
    with translation.override("en"):
        html = render_to_string("submissions/blank_form.html", _context("fs3"))

    assert "<style>" in html
    for reference in ("src=", "href=", "url(", "@import", "<link", "<script"):
        assert reference not in html

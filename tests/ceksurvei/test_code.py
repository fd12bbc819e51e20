"""Cek Survei's public code (letters.public_code): unique, stable, unambiguous; given to a layak catalogue entry,
backfilled for the entries listed before it, and printed with its QR code on the letter."""

import importlib
import io
import re

import pytest
from django.apps import apps
from pypdf import PdfReader

from catalogue.models import CatalogueEntry
from letters.public_code import ALPHABET, code_display, code_normalise, public_code
from letters.rendering import letter_html, letter_pages_pdf
from submissions.states import State

from .conftest import make_issued


def test_codes_are_unique_stable_and_use_unambiguous_characters():
    codes = [public_code(pk) for pk in range(1, 50_001)]
    assert len(set(codes)) == len(codes)
    assert all(len(code) == 8 and set(code) <= set(ALPHABET) for code in codes)
    assert not set("ILOU") & set(ALPHABET)
    # stable: a constant of the code, never of SECRET_KEY or the database
    assert public_code(1) == public_code(1) and public_code(1) != public_code(2)
    assert public_code(1) == "HXRSFZHZ"
    # not a counter: consecutive ids differ in most characters
    assert sum(a != b for a, b in zip(public_code(1000), public_code(1001), strict=True)) >= 5


@pytest.mark.parametrize("typed", ["HXRS-FZHZ", "hxrsfzhz", " HXRS FZHZ ", "hxrs-fzhz"])
def test_a_typed_code_is_read_leniently(typed):
    assert code_normalise(typed) == "HXRSFZHZ"
    assert code_display("HXRSFZHZ") == "HXRS-FZHZ"


@pytest.mark.parametrize("typed", ["331Y-9E0B", "33IY-9EOB", "33lY9EoB", "33LY 9E0B"])
def test_letters_that_look_like_digits_are_read_as_digits(typed):
    assert public_code(4) == "331Y9E0B"
    assert code_normalise(typed) == "331Y9E0B"


@pytest.mark.parametrize("typed", ["", "HXRSFZH", "HXRSFZHZX", "HXRS-FZH!", "ÄXRSFZHZ"])
def test_what_cannot_be_a_code_is_refused(typed):
    assert code_normalise(typed) == ""


def test_a_layak_entry_gets_its_code_and_a_tidak_layak_entry_none(world):
    layak = make_issued(world["agency"], title="Survei Layak")
    tidak = make_issued(world["agency"], title="Survei Tidak Layak", decision=State.NOT_FEASIBLE)
    assert CatalogueEntry.objects.get(pk=layak.pk).public_check_code == public_code(layak.pk)
    assert CatalogueEntry.objects.get(pk=tidak.pk).public_check_code is None


def test_the_backfill_gives_listed_layak_entries_the_same_code(world):
    first = make_issued(world["agency"], title="Survei Lama Satu")
    second = make_issued(world["agency"], title="Survei Lama Dua")
    tidak = make_issued(world["agency"], title="Survei Lama Tidak", decision=State.NOT_FEASIBLE)
    CatalogueEntry.objects.update(public_check_code=None)  # as they were before migration 0006
    migration = importlib.import_module("catalogue.migrations.0006_public_check_code_backfill")
    migration.backfill(apps, None)
    codes = dict(CatalogueEntry.objects.values_list("pk", "public_check_code"))
    assert codes == {first.pk: public_code(first.pk), second.pk: public_code(second.pk), tidak.pk: None}
    migration.backfill(apps, None)  # again: nothing changes
    assert dict(CatalogueEntry.objects.values_list("pk", "public_check_code")) == codes


def test_a_layak_letter_prints_the_code_and_its_qr_code(world):
    submission = make_issued(world["agency"], title="Survei Dengan Kode")
    html = letter_html(submission.letter)
    code = code_display(public_code(submission.pk))
    assert f'data-check-code="{code}"' in html
    assert f"/cek-survei/{public_code(submission.pk)}/" in html
    assert re.search(r'<svg [^>]*class="check-qr" role="img" aria-label="QR Cek Survei"[^>]*>\s*<path d="M', html)


def test_a_tidak_layak_letter_has_no_code(world):
    submission = make_issued(world["agency"], title="Survei Tanpa Kode", decision=State.NOT_FEASIBLE)
    assert "Kode Cek Survei" not in letter_html(submission.letter)


@pytest.mark.slow
def test_the_rendered_letter_shows_the_code_on_its_first_page(world):
    submission = make_issued(world["agency"], title="Survei Kode Tercetak")
    pdf = letter_pages_pdf(submission.letter)
    pages = [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages]
    assert f"Kode Cek Survei: {code_display(public_code(submission.pk))}" in pages[0]

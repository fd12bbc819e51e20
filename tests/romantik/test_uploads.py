"""romantik.uploads: what a zip archive may unpack to, checked before any library opens it, and the budget of
bytes a PDF reader may decode for one document."""

import io
import re
import zipfile

import pytest
from django.core.exceptions import ValidationError
from pypdf import PdfReader

from romantik.uploads import (
    MB,
    ArchiveLimits,
    PdfBudgetExceeded,
    _ElementCounter,
    pdf_decoding_bounded,
    zip_check,
)
from tests.bombs import Member, pdf_bomb, workbook_members, zip_bytes

LIMITS = ArchiveLimits(
    max_members=10,
    max_total_bytes=4 * MB,
    max_member_bytes=3 * MB,
    max_ratio=100,
    ratio_floor=MB,
    max_markup=100_000,
    max_elements={"si": 1000},
)
ROWS = [["Nama variabel", "Definisi"], ["Umur", "Umur dalam tahun"]]


def refusal(content: bytes, limits: ArchiveLimits = LIMITS) -> str:
    with pytest.raises(ValidationError) as refused:
        zip_check(content, limits)
    return refused.value.code


def archive(files: dict[str, bytes], method=zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=method) as zipped:
        for name, content in files.items():
            zipped.writestr(name, content)
    return out.getvalue()


def random_bytes(size: int) -> bytes:
    """Bytes that do not deflate (pseudo-random)."""
    import random

    return random.Random(size).randbytes(size)


def test_an_ordinary_workbook_passes():
    zip_check(zip_bytes(workbook_members(ROWS)), LIMITS)
    zip_check(archive({"a.xml": b"<a/>", "b.bin": random_bytes(1000)}, method=zipfile.ZIP_STORED), LIMITS)


def test_data_before_the_archive_is_allowed_as_zipfile_allows_it():
    zip_check(b"#!/bin/sh\n" + archive({"a.xml": b"<a/>"}), LIMITS)


def test_declared_sizes_are_refused_before_inflating():
    assert refusal(archive({"big.txt": random_bytes(3 * MB + 1)})) == "too_large_unpacked"
    assert refusal(archive({"a.txt": random_bytes(2 * MB), "b.txt": random_bytes(2 * MB + 1)})) == "too_large_unpacked"


def test_a_member_compressed_beyond_the_ratio_is_refused():
    assert refusal(archive({"zeros.txt": b"0" * (MB + 1)})) == "too_large_unpacked"
    zip_check(archive({"zeros.txt": b"0" * MB}), LIMITS)  # below the ratio's floor: only the sizes count


def test_too_many_members_encryption_other_methods_and_nested_archives_are_refused():
    assert refusal(archive({f"{i}.xml": b"<a/>" for i in range(11)})) == "too_many_members"
    encrypted = [Member.of("a.xml", b"<a/>", flags=0x1)]
    assert refusal(zip_bytes(encrypted)) == "encrypted_archive"
    assert refusal(archive({"a.xml": b"<a/>"}, method=zipfile.ZIP_BZIP2)) == "compression_method"
    inner = archive({"a.xml": b"<a/>"})
    assert refusal(archive({"xl/embeddings/lampiran.bin": inner})) == "nested_archive"
    assert refusal(archive({"data.gz": b"\x1f\x8b\x08\x00rest"})) == "nested_archive"


def test_content_that_differs_from_the_directory_is_refused():
    content = random_bytes(10_000)
    real = Member.of("a.txt", content)
    assert refusal(zip_bytes([Member(real.name, real.deflated, real.crc, real.size, declared_size=9_999)])) == (
        "damaged_archive"
    )
    assert refusal(zip_bytes([Member(real.name, real.deflated, real.crc, real.size, declared_size=10_001)])) == (
        "damaged_archive"
    )
    assert refusal(zip_bytes([Member(real.name, real.deflated, real.crc ^ 1, real.size)])) == "damaged_archive"
    whole = zip_bytes([real])
    garbled = whole.replace(real.deflated, real.deflated[:100] + b"\xff" * (len(real.deflated) - 100))
    assert refusal(garbled) == "damaged_archive"
    assert refusal(whole[: len(whole) // 2]) == "not_a_zip"
    assert refusal(b"PK\x03\x04 but no archive") == "not_a_zip"


def test_markup_is_counted_in_all_members_together():
    whole = b"<a/>" * 60_000 + b"<b></b>" * 20_000  # 100,000 "<": the limit
    zip_check(archive({"a.xml": whole}), LIMITS)
    assert refusal(archive({"a.xml": whole, "b.xml": b"<b/>"})) == "too_much_markup"


def test_named_elements_are_counted_once_with_any_prefix_however_the_text_is_cut():
    text = b'<sst><si><t>a</t></si><x:si/><sizes/><sis/>\n<si\txml:space="preserve"></si><si'
    for size in range(1, len(text) + 1):  # pieces of every size: tags cut everywhere
        counter = _ElementCounter({"si": 10, "r": 10})
        for start in range(0, len(text), size):
            counter.feed(text[start : start + size])
        assert counter.counts == {"si": 3, "r": 0}, size


def test_named_elements_are_counted_in_all_members_together():
    def strings(count: int, tag: bytes = b"si") -> bytes:
        return b"<sst>" + b"<%s><t>x</t></%s>" % (tag, tag) * count + b"</sst>"

    zip_check(archive({"a.xml": strings(600), "b.xml": strings(400, b"x:si")}), LIMITS)
    assert refusal(archive({"a.xml": strings(600), "b.xml": strings(401, b"x:si")})) == "too_much_markup"


# --- PDF decoding budget ------------------------------------------------------------------------------------


def pages(content: bytes) -> int:
    return len(PdfReader(io.BytesIO(content)).pages)


def test_pdf_within_the_budget_reads_as_before_and_without_a_budget_pypdf_is_unchanged():
    bomb = pdf_bomb(streams=3, expanded=2 * MB)
    with pdf_decoding_bounded(7 * MB):
        assert pages(bomb) == 3
    assert pages(bomb) == 3  # outside, pypdf's own limits only


def test_pdf_beyond_the_budget_is_refused_even_where_pypdf_carries_on():
    bomb = pdf_bomb(streams=3, expanded=2 * MB)
    with pytest.raises(PdfBudgetExceeded), pdf_decoding_bounded(5 * MB):
        pages(bomb)
    # A broken cross-reference makes pypdf look for the objects in every object stream, ignoring errors.
    broken = re.sub(rb"startxref\n\d+", b"startxref\n9", bomb)
    with pytest.raises(PdfBudgetExceeded), pdf_decoding_bounded(5 * MB):
        pages(broken)

"""Decompression bombs: uploads that are small but unpack to gigabytes are refused within a few seconds and a
bounded amount of memory, with a message next to the upload field, through the real import and upload views."""

import time
import tracemalloc

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.formats import number_format
from django.utils.translation import override

from complaints.attachments import complaint_attachment_check
from letters.verification import verify_pdf
from submissions.enums import AttachmentKind
from submissions.models import Attachment
from tests.bombs import MB, SHORT_TEXTS, pdf_bomb, workbook_members, xlsx_bomb, zip_bytes
from tests.factories import pdf_bytes, submission_for
from tests.submissions import test_tables
from tests.submissions.test_tables import HEADER, import_errors, upload, url

setting, client_ = test_tables.setting, test_tables.client_  # the fixtures

ROWS = [HEADER, ["Umur", "Umur dalam tahun", "numerik", "Ya"]]
TOO_LARGE = (
    "The file is too large once unpacked: its contents would take more than %s MB, or far more than the file "
    "itself. Remove what is not needed, or split it into several files."
)
DAMAGED = (
    "The file is damaged: its parts do not match the sizes and checksums it lists. Save it again and upload the "
    "new copy."
)
PDF_TOO_LARGE = (
    "This PDF is too large once unpacked: its compressed contents come to more than %s MB. Export or print it to "
    "PDF again, or split it into several files."
)
# A hostile upload must be answered within this time and Python memory (tracemalloc's peak, the request's
# own handling included); the old code took minutes and gigabytes for the same files.
SECONDS, MEMORY = 3, 100 * MB


@pytest.fixture(autouse=True)
def _language_kept():
    """The test client's requests leave their language active; the tests after these get back their own."""
    with override(translation.get_language()):
        yield


def bounded(call, seconds=SECONDS, memory=MEMORY):
    """What `call()` returns, having checked that it runs within `seconds`, and within `memory` when run again
    under tracemalloc (apart: tracemalloc slows down some code many times). The server is warmed up before: the
    first request of a test run imports views and compiles templates, which is no part of the upload's cost."""
    start = time.perf_counter()
    result = call()
    elapsed = time.perf_counter() - start
    assert elapsed < seconds, f"took {elapsed:.1f} s"
    tracemalloc.start()
    try:
        call()
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < memory, f"peak {peak / MB:.0f} MB"
    return result


def import_(client, submission, content, name="variabel.xlsx"):
    return client.post(url("variables_import", submission.pk), {"file": upload(name, content)})


def test_xlsx_whose_shared_strings_unpack_to_gigabytes_is_refused_fast(setting, client_):
    """1.5 GB of shared strings in a workbook of 1.8 MB, just under the import's 2 MB."""
    submission = submission_for(setting["user"])
    bomb = xlsx_bomb(ROWS, expanded=1536 * MB)
    assert len(bomb) < 2 * MB
    client_.get(url("variables", submission.pk))
    response = bounded(lambda: import_(client_, submission, bomb))
    assert response.status_code == 400
    assert import_errors(response) == [TOO_LARGE % 32]
    assert TOO_LARGE % 32 in response.content.decode()
    assert submission.variables.count() == 0


def test_xlsx_bomb_message_is_in_indonesian(setting):
    submission = submission_for(setting["user"])
    client = Client(HTTP_ACCEPT_LANGUAGE="id")
    client.force_login(setting["user"])
    response = import_(client, submission, xlsx_bomb(ROWS, expanded=64 * MB))
    assert response.status_code == 400
    [message] = import_errors(response)
    assert message.startswith("Berkas terlalu besar setelah dibuka: isinya")


def test_xlsx_of_many_short_strings_is_refused_fast(setting, client_):
    """Short strings cost openpyxl the most time (each one a Python string): 256 MB of them in 0.8 MB."""
    submission = submission_for(setting["user"])
    bomb = xlsx_bomb(ROWS, expanded=256 * MB, filler=SHORT_TEXTS)
    client_.get(url("variables", submission.pk))
    response = bounded(lambda: import_(client_, submission, bomb))
    assert import_errors(response) == [TOO_LARGE % 32]


def test_xlsx_whose_header_understates_the_size_is_refused_without_inflating_it(setting, client_):
    """The central directory says 2 KB; the member really holds 1.5 GB. Inflating stops past the 2 KB."""
    submission = submission_for(setting["user"])
    bomb = xlsx_bomb(ROWS, expanded=1536 * MB, declared_size=2000)
    client_.get(url("variables", submission.pk))
    response = bounded(lambda: import_(client_, submission, bomb))
    assert response.status_code == 400
    assert import_errors(response) == [DAMAGED]
    assert submission.variables.count() == 0


def test_xlsx_of_2000_rows_of_long_texts_still_imports(setting, client_):
    """The limits leave room for the largest honest import: 2000 rows with paragraphs of text."""
    submission = submission_for(setting["user"])
    paragraph = "Jumlah anggota rumah tangga yang tinggal dan makan bersama dalam satu bangunan sensus. " * 6
    rows = [HEADER, *([f"Variabel {i}", f"{paragraph}{i}", "numerik", "Ya"] for i in range(2000))]
    response = import_(client_, submission, zip_bytes(workbook_members(rows)))
    assert response.status_code == 302
    assert submission.variables.count() == 2000


# --- PDFs: attachments of submissions and complaints, letters to verify ------------------------------------

ATTACHMENT_BOMB = {"streams": 60, "expanded": 70 * MB}  # 4.3 MB: 60 object streams of 70 MB, 4.2 GB in all


def attachments_url(submission):
    return reverse("submissions:attachments", kwargs={"pk": submission.pk})


def test_pdf_whose_object_streams_unpack_to_gigabytes_is_refused_fast(setting, client_):
    submission = submission_for(setting["user"])
    bomb = pdf_bomb(**ATTACHMENT_BOMB)

    def attach():
        file = SimpleUploadedFile("surat.pdf", bomb, content_type="application/pdf")
        data = {"kind": AttachmentKind.COVER_LETTER, "file": file, "description": "Surat pengantar"}
        return client_.post(attachments_url(submission), data)

    client_.get(attachments_url(submission))
    response = bounded(attach)
    assert response.status_code == 400
    form = response.context["form"]
    budget = max(4 * MB, len(bomb))  # the file's size, at least 4 MB
    with override("en"):
        assert form.errors == {"file": [PDF_TOO_LARGE % number_format(budget / MB, decimal_pos=1)]}
    assert form["description"].value() == "Surat pengantar"  # nothing the user typed is lost
    assert not Attachment.objects.filter(submission=submission).exists()


def test_complaint_pdf_bomb_is_refused_fast(db):
    bomb = pdf_bomb(**ATTACHMENT_BOMB)

    def check():
        with pytest.raises(ValidationError) as refused:
            complaint_attachment_check(file=SimpleUploadedFile("bukti.pdf", bomb, content_type="application/pdf"))
        return refused.value

    assert bounded(check).code == "too_large_unpacked"


def test_pdf_with_a_few_compressed_megabytes_is_still_accepted(setting, client_):
    """Within the budget (the file's size, at least 4 MB) a PDF opens as before, object streams and all."""
    submission = submission_for(setting["user"])
    for content in (pdf_bomb(streams=1, expanded=3 * MB), pdf_bytes(3)):
        file = SimpleUploadedFile("surat.pdf", content, content_type="application/pdf")
        response = client_.post(attachments_url(submission), {"kind": AttachmentKind.COVER_LETTER, "file": file})
        assert response.status_code == 302
    assert Attachment.objects.filter(submission=submission).count() == 1  # the cover letter was replaced


def test_letter_to_verify_whose_form_unpacks_to_hundreds_of_megabytes_is_refused_fast(db):
    """The public verification page reads the signature fields of any PDF anyone uploads: here 100 of them, each
    in an object stream of 3 MB of blanks, which pyHanko's own limits let through (the old code: minutes)."""
    bomb = pdf_bomb(streams=100, expanded=3 * MB, form=True)
    refused = (False, "the file is too large once unpacked to be checked")
    with override("en"):
        result = bounded(lambda: verify_pdf(bomb))
        assert (result.valid, result.reason) == refused
        # Streams each within the budget are refused once together they exceed it.
        result = verify_pdf(pdf_bomb(streams=3, expanded=MB + 100, form=True))
        assert (result.valid, result.reason) == refused

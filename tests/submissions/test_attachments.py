"""Attachments: PDFs only (judged by content), a size limit with a clear message, private storage,
downloads for those who may view the submission only, replacing and deleting."""

import io
import re

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pypdf import PdfWriter

from romantik.enums import Role
from submissions.attachments import attachment_add
from submissions.enums import AttachmentKind
from submissions.models import Attachment
from submissions.services import submission_submit
from tests.factories import (
    SubmissionFactory,
    fill_complete,
    pdf_bytes,
    staff,
    submission_for,
)

MB = 1024 * 1024
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
NOT_PDF = "This file is not a PDF. Save or export the document as PDF and upload that."


@pytest.fixture
def setting(shared_world):
    w = shared_world
    return {**w, "other": w["other_agency"], "submission": SubmissionFactory(owner=w["user"])}


def list_url(submission):
    return reverse("submissions:attachments", kwargs={"pk": submission.pk})


def download_url(attachment):
    return reverse("submissions:attachment_download", kwargs={"pk": attachment.submission_id, "att": attachment.pk})


def delete_url(attachment):
    return reverse("submissions:attachment_delete", kwargs={"pk": attachment.submission_id, "att": attachment.pk})


def upload(client, submission, content, *, name="surat.pdf", kind=AttachmentKind.COVER_LETTER, description=""):
    file = SimpleUploadedFile(name, content, content_type="application/pdf")
    return client.post(list_url(submission), {"kind": kind, "file": file, "description": description}, **EN)


def encrypted_pdf(*, user_password: str) -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.encrypt(user_password=user_password, owner_password="pemilik", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def stored_files(submission) -> list[str]:
    folder = f"attachments/{submission.pk}"
    return default_storage.listdir(folder)[1] if default_storage.exists(folder) else []


# --- upload ------------------------------------------------------------------


def test_upload_valid_pdf_is_stored_and_listed(setting, client):
    submission, content = setting["submission"], pdf_bytes(2)
    client.force_login(setting["user"])

    response = upload(client, submission, content, name="Surat Pengantar.pdf", description="Surat kepala dinas")

    assert response.status_code == 302
    assert response["Location"] == list_url(submission)
    attachment = Attachment.objects.get(submission=submission)
    assert (attachment.kind, attachment.original_name) == (AttachmentKind.COVER_LETTER, "Surat Pengantar.pdf")
    assert (attachment.size, attachment.description, attachment.uploaded_by) == (
        len(content),
        "Surat kepala dinas",
        setting["user"],
    )
    with default_storage.open(attachment.file.name, "rb") as stored:
        assert stored.read() == content
    page = client.get(list_url(submission), **EN)
    assert page.status_code == 200
    html = page.content.decode()
    assert f'<a href="{download_url(attachment)}">Surat Pengantar.pdf</a>' in html
    assert "Surat kepala dinas" in html


def test_upload_stored_path_does_not_contain_user_filename(setting, client):
    submission = setting["submission"]
    client.force_login(setting["user"])

    upload(client, submission, pdf_bytes(), name="rahasia-dinas.pdf")

    attachment = Attachment.objects.get(submission=submission)
    assert re.fullmatch(rf"attachments/{submission.pk}/[0-9a-f]{{32}}\.pdf", attachment.file.name)
    assert "rahasia" not in attachment.file.name
    assert attachment.original_name == "rahasia-dinas.pdf"


def test_upload_renamed_png_is_rejected_and_input_kept(setting, client):
    submission = setting["submission"]
    client.force_login(setting["user"])

    response = upload(
        client, submission, PNG, name="surat.pdf", kind=AttachmentKind.INSTRUMENT, description="Kuesioner utama"
    )

    assert response.status_code == 400
    html = response.content.decode()
    assert NOT_PDF in html
    assert 'value="Kuesioner utama"' in html
    form = response.context["form"]
    assert form.errors == {"file": [NOT_PDF]}
    assert (form["kind"].value(), form["description"].value()) == ("instrumen", "Kuesioner utama")
    assert Attachment.objects.count() == 0
    assert stored_files(submission) == []


def test_upload_text_named_pdf_is_rejected(setting, client):
    client.force_login(setting["user"])

    response = upload(client, setting["submission"], b"Surat pengantar\n", name="surat.pdf")

    assert response.status_code == 400
    assert response.context["form"].errors == {"file": [NOT_PDF]}
    assert Attachment.objects.count() == 0


def test_upload_pdf_header_with_garbage_is_rejected(setting, client):
    client.force_login(setting["user"])

    response = upload(client, setting["submission"], b"%PDF-1.7\n" + bytes(range(256)) * 20)

    assert response.status_code == 400
    assert response.context["form"].errors == {
        "file": ["This file starts like a PDF but cannot be read: it may be damaged. Export it as PDF again."]
    }
    assert Attachment.objects.count() == 0
    assert stored_files(setting["submission"]) == []


def test_upload_over_limit_is_rejected_with_size_and_limit(setting, client, settings):
    settings.ATTACHMENT_MAX_MB = 1
    client.force_login(setting["user"])
    padded = pdf_bytes().ljust(int(1.5 * MB), b" ")

    response = upload(client, setting["submission"], padded, description="Surat bertanda tangan")

    assert response.status_code == 400
    assert "The file is 1.5 MB; the limit is 1 MB." in response.content.decode()
    assert response.context["form"].errors == {"file": ["The file is 1.5 MB; the limit is 1 MB."]}
    assert response.context["form"]["description"].value() == "Surat bertanda tangan"
    assert Attachment.objects.count() == 0


def test_upload_over_default_limit_reaches_the_size_check(setting, client):
    """Django does not stop a 12 MB upload first (DATA_UPLOAD_MAX_MEMORY_SIZE leaves files out)."""
    client.force_login(setting["user"])

    response = upload(client, setting["submission"], pdf_bytes().ljust(int(12.4 * MB), b" "))

    assert response.status_code == 400
    assert response.context["form"].errors == {"file": ["The file is 12.4 MB; the limit is 10 MB."]}


def test_upload_just_under_limit_is_accepted(setting, client, settings):
    settings.ATTACHMENT_MAX_MB = 1
    client.force_login(setting["user"])

    response = upload(client, setting["submission"], pdf_bytes().ljust(MB, b" "))

    assert response.status_code == 302
    assert Attachment.objects.get().size == MB


def test_upload_password_protected_pdf_is_rejected(setting, client):
    client.force_login(setting["user"])

    response = upload(client, setting["submission"], encrypted_pdf(user_password="rahasia"))

    assert response.status_code == 400
    assert response.context["form"].errors == {
        "file": ["This PDF is protected with a password. Upload a copy that opens without one."]
    }


def test_upload_encrypted_pdf_that_opens_without_password_is_accepted(setting, client):
    client.force_login(setting["user"])

    response = upload(client, setting["submission"], encrypted_pdf(user_password=""))

    assert response.status_code == 302
    assert Attachment.objects.filter(submission=setting["submission"]).count() == 1


def test_upload_pdf_without_pages_is_rejected(setting, client):
    client.force_login(setting["user"])
    out = io.BytesIO()
    PdfWriter().write(out)

    response = upload(client, setting["submission"], out.getvalue())

    assert response.status_code == 400
    assert response.context["form"].errors == {"file": ["This PDF has no pages."]}


def test_second_cover_letter_replaces_first_and_deletes_its_file(setting, client, django_capture_on_commit_callbacks):
    submission = setting["submission"]
    client.force_login(setting["user"])
    with django_capture_on_commit_callbacks(execute=True):
        upload(client, submission, pdf_bytes(1), name="lama.pdf")
    first = Attachment.objects.get(submission=submission)

    with django_capture_on_commit_callbacks(execute=True):
        response = upload(client, submission, pdf_bytes(2), name="baru.pdf")

    assert response.status_code == 302
    current = Attachment.objects.get(submission=submission, kind=AttachmentKind.COVER_LETTER)
    assert current.original_name == "baru.pdf"
    assert not Attachment.objects.filter(pk=first.pk).exists()
    assert not default_storage.exists(first.file.name)
    assert stored_files(submission) == [current.file.name.rsplit("/", 1)[1]]


def test_other_documents_accumulate(setting, client):
    submission = setting["submission"]
    client.force_login(setting["user"])

    upload(client, submission, pdf_bytes(), name="a.pdf", kind=AttachmentKind.OTHER)
    upload(client, submission, pdf_bytes(), name="b.pdf", kind=AttachmentKind.OTHER)

    names = list(submission.attachments.order_by("pk").values_list("original_name", flat=True))
    assert names == ["a.pdf", "b.pdf"]
    assert len(stored_files(submission)) == 2


def test_list_says_which_documents_are_still_required(setting, client):
    client.force_login(setting["user"])
    fpkpa = submission_for(setting["user"], kind="fpkpa")

    fs3_page = client.get(list_url(setting["submission"]), **EN).content.decode()
    fpkpa_page = client.get(list_url(fpkpa), **EN).content.decode()

    assert fs3_page.count('data-testid="required-missing"') == 2
    assert "Upload the questionnaire/instrument as a PDF." in fs3_page
    assert fpkpa_page.count('data-testid="required-missing"') == 1
    assert "Upload the questionnaire/instrument as a PDF." not in fpkpa_page


# --- download ----------------------------------------------------------------


def test_download_by_owner(setting, client):
    submission, content = setting["submission"], pdf_bytes(3)
    client.force_login(setting["user"])
    upload(client, submission, content, name="Surat Pengantar.pdf")
    attachment = Attachment.objects.get(submission=submission)

    response = client.get(download_url(attachment))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="Surat Pengantar.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == content


def test_download_by_office_staff_after_submit(setting, client):
    submission = submission_submit(submission=fill_complete(setting["submission"]), actor=setting["user"])
    attachment = submission.attachments.get(kind=AttachmentKind.COVER_LETTER)
    client.force_login(staff(setting["office"], Role.REVIEWER))

    response = client.get(download_url(attachment))

    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="surat_pengantar.pdf"'
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_download_by_office_staff_of_a_draft_is_404(setting, client):
    attachment = fill_complete(setting["submission"]).attachments.first()
    client.force_login(staff(setting["office"], Role.REVIEWER))

    assert client.get(download_url(attachment)).status_code == 404


def test_other_agency_user_gets_404_and_nothing_changes(setting, client):
    submission = fill_complete(setting["submission"])
    attachment = submission.attachments.get(kind=AttachmentKind.COVER_LETTER)
    client.force_login(setting["other"])

    assert client.get(list_url(submission)).status_code == 404
    assert client.get(download_url(attachment)).status_code == 404
    assert client.post(delete_url(attachment)).status_code == 404
    assert upload(client, submission, pdf_bytes(), name="sisipan.pdf").status_code == 404

    assert list(submission.attachments.order_by("kind").values_list("original_name", flat=True)) == [
        "instrumen.pdf",
        "surat_pengantar.pdf",
    ]
    assert default_storage.exists(attachment.file.name)


def test_anonymous_download_redirects_to_login(setting, client):
    attachment = fill_complete(setting["submission"]).attachments.first()

    response = client.get(download_url(attachment))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


# --- delete and permissions ----------------------------------------------------


def test_delete_removes_row_and_file(setting, client, django_capture_on_commit_callbacks):
    submission = setting["submission"]
    client.force_login(setting["user"])
    upload(client, submission, pdf_bytes(), name="hapus.pdf")
    attachment = Attachment.objects.get(submission=submission)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(delete_url(attachment), **EN)

    assert response.status_code == 302
    assert response["Location"] == list_url(submission)
    assert not Attachment.objects.filter(pk=attachment.pk).exists()
    assert not default_storage.exists(attachment.file.name)


def test_delete_twice_is_a_friendly_no_op(setting, client):
    submission = setting["submission"]
    client.force_login(setting["user"])
    upload(client, submission, pdf_bytes())
    attachment = Attachment.objects.get(submission=submission)
    client.post(delete_url(attachment), **EN)

    response = client.post(delete_url(attachment), follow=True, **EN)

    assert response.status_code == 200
    assert "This file was already removed." in response.content.decode()


def test_owner_cannot_upload_or_delete_after_submit(setting, client):
    submission = submission_submit(submission=fill_complete(setting["submission"]), actor=setting["user"])
    attachment = submission.attachments.get(kind=AttachmentKind.COVER_LETTER)
    client.force_login(setting["user"])

    assert upload(client, submission, pdf_bytes(), name="baru.pdf").status_code == 403
    assert client.post(delete_url(attachment)).status_code == 403
    assert submission.attachments.count() == 2
    page = client.get(list_url(submission), **EN).content.decode()
    assert "This submission cannot be changed in its current state." in page
    assert delete_url(attachment) not in page


def test_attachment_add_by_other_agency_user_raises_permission_denied(setting):
    file = SimpleUploadedFile("surat.pdf", pdf_bytes(), content_type="application/pdf")

    with pytest.raises(PermissionDenied):
        attachment_add(
            submission=setting["submission"], kind=AttachmentKind.COVER_LETTER, file=file, actor=setting["other"]
        )

    assert Attachment.objects.count() == 0

"""Stored files in S3-compatible object storage (MEDIA_STORAGE=s3, as docker-compose.yml runs MinIO): a real S3
server (moto's server mode, tests/s3_server.py) started by the test, the portal pointed at it by the settings'
own environment variables. Files go in through the portal's pages and services and come out only through the
permission-checked views; nothing is written under MEDIA_ROOT."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from romantik.enums import Role
from submissions.enums import AttachmentKind
from tests import s3_server
from tests.factories import SubmissionFactory, pdf_bytes, staff
from tests.s3_server import bucket_keys, media_files, object_bytes

# The fixtures: the S3 server (one for the module) and a fresh bucket as the default storage of every test.
s3_endpoint, bucket = s3_server.s3_endpoint, s3_server.bucket

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def test_the_default_storage_is_the_bucket(bucket):
    from django.core.files.storage import storages
    from storages.backends.s3 import S3Storage

    from submissions.models import Attachment

    assert isinstance(storages["default"], S3Storage)
    storage = Attachment._meta.get_field("file").storage  # the models' fields use the default storage
    assert storage.bucket_name == bucket
    assert storage.file_overwrite is False  # a stored name is never overwritten, as on disk


def test_an_attachment_uploaded_through_the_portal_lives_in_the_bucket_and_downloads_with_permission(
    shared_world, client, s3_endpoint, bucket, settings, django_capture_on_commit_callbacks
):
    w = shared_world
    submission = SubmissionFactory(owner=w["user"])
    content = pdf_bytes(2)
    client.force_login(w["user"])
    page = reverse("submissions:attachments", kwargs={"pk": submission.pk})
    file = SimpleUploadedFile("Surat Pengantar.pdf", content, content_type="application/pdf")
    response = client.post(page, {"kind": AttachmentKind.OTHER, "file": file, "description": "Lampiran"}, **EN)
    assert response.status_code == 302, response.content.decode()[:500]

    attachment = submission.attachments.get()
    assert bucket_keys(s3_endpoint, bucket, f"attachments/{submission.pk}/") == [attachment.file.name]
    assert object_bytes(s3_endpoint, bucket, attachment.file.name) == content
    assert media_files(settings) == []  # nothing on this machine's disk

    download = reverse("submissions:attachment_download", kwargs={"pk": submission.pk, "att": attachment.pk})
    response = client.get(download)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == content
    assert response["Content-Disposition"] == 'attachment; filename="Surat Pengantar.pdf"'

    # Every permission check stands in front of the bucket: another agency's member, a stranger, no one.
    client.force_login(w["other_agency"])  # a verified member of another agency
    assert client.get(download).status_code == 404
    client.logout()
    assert client.get(download).status_code == 302  # to the log-in

    # Removed: its object leaves the bucket once the removal is committed.
    client.force_login(w["user"])
    remove = reverse("submissions:attachment_delete", kwargs={"pk": submission.pk, "att": attachment.pk})
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(remove).status_code == 302
    assert bucket_keys(s3_endpoint, bucket, "attachments/") == []


def test_a_complaint_attachment_lives_in_the_bucket_and_only_its_office_opens_it(client, s3_endpoint, bucket, db):
    from complaints.services import complaint_file
    from tests.factories import OfficeFactory

    office, other = OfficeFactory(code="6202"), OfficeFactory(code="6371")
    handler = staff(office, Role.COMPLAINT_HANDLER, email="pengaduan@bps.example.go.id")
    other_handler = staff(other, Role.COMPLAINT_HANDLER, email="pengaduan@bjm.example.go.id")
    content = pdf_bytes()
    complaint = complaint_file(
        office=office,
        category="waktu_layanan",
        description="Surat rekomendasi belum terbit.",
        contact_name="Yusuf",
        contact_email="yusuf@example.com",
        attachment=SimpleUploadedFile("bukti.pdf", content, content_type="application/pdf"),
    )
    assert bucket_keys(s3_endpoint, bucket, "complaints/") == [complaint.attachment.name]

    url = f"/kantor/{office.code}/pengaduan/{complaint.pk}/lampiran/"
    client.force_login(handler)
    response = client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == content
    client.force_login(other_handler)
    assert client.get(url).status_code == 404  # as for a complaint that does not exist


def test_an_office_document_and_logo_live_in_the_bucket(client, s3_endpoint, bucket, db):
    from letters.office_settings import office_letter_settings_save
    from letters.typesetting import _fetcher, logo_src
    from romantik.models import OfficeDocument
    from tests.factories import OfficeFactory

    office = OfficeFactory(code="3399", name="BPS Kabupaten Contoh")
    admin = staff(office, Role.OFFICE_ADMIN)
    client.force_login(admin)
    content = pdf_bytes(2)
    upload = SimpleUploadedFile("Panduan.pdf", content, content_type="application/pdf")
    response = client.post(
        reverse("office_documents", kwargs={"code": office.code}),
        {"title": "Panduan", "kind": "panduan", "file": upload},
    )
    assert response.status_code == 302
    document = OfficeDocument.objects.get(office=office)
    assert bucket_keys(s3_endpoint, bucket, "offices/documents/") == [document.file.name]
    client.logout()  # public, through the view
    response = client.get(reverse("office_document", kwargs={"code": office.code, "pk": document.pk}))
    assert response.status_code == 200 and b"".join(response.streaming_content) == content

    png = io.BytesIO()
    Image.new("RGB", (40, 40), "navy").save(png, "PNG")
    office.letter_logo = SimpleUploadedFile("logo.png", png.getvalue(), content_type="image/png")
    office_letter_settings_save(office=office, actor=admin, tembusan="", fields=["letter_logo"])
    assert bucket_keys(s3_endpoint, bucket, "offices/logos/") == [office.letter_logo.name]
    # The letter's typesetting loads it from the storage (letters.typesetting), not from a path.
    assert _fetcher().fetch(logo_src(office)).read() == png.getvalue()


def test_the_health_check_writes_reads_and_removes_in_the_bucket(s3_endpoint, bucket):
    from romantik.health import check_storage

    check_storage()
    assert bucket_keys(s3_endpoint, bucket) == []

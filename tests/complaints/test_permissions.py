"""A complaint is visible only to the handlers of its office and to its complainant."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory

from complaints.models import Complaint
from tests.factories import PASSWORD, pdf_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def complaint(world, file_complaint):
    return file_complaint(
        complainant=world["member"],
        contact_email=world["member"].email,
        attachment=SimpleUploadedFile("bukti.pdf", pdf_bytes(), content_type="application/pdf"),
    )


def _office_urls(world, complaint) -> list[str]:
    base = f"/kantor/{world['office'].code}/pengaduan/"
    return [base, f"{base}{complaint.pk}/", f"{base}{complaint.pk}/lampiran/"]


def _public_urls(complaint) -> list[str]:
    return [f"/pengaduan/lacak/{complaint.number}/", f"/pengaduan/{complaint.number}/lampiran/"]


@pytest.mark.parametrize("person", ["handler", "admin", "head"])
def test_handlers_admins_and_heads_of_the_office_open_the_queue_detail_and_attachment(client, world, complaint, person):
    client.login(request=RequestFactory().get("/"), email=world[person].email, password=PASSWORD)
    for url in _office_urls(world, complaint):
        assert client.get(url).status_code == 200, url
    download = client.get(_office_urls(world, complaint)[2])
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"] == 'attachment; filename="bukti.pdf"'
    assert b"".join(download.streaming_content).startswith(b"%PDF-")


@pytest.mark.parametrize("person", ["reviewer", "other_handler", "member", "colleague", "stranger"])
def test_everyone_else_signed_in_gets_404_on_the_office_pages(client, world, complaint, person):
    client.login(request=RequestFactory().get("/"), email=world[person].email, password=PASSWORD)
    for url in _office_urls(world, complaint):
        assert client.get(url).status_code == 404, url


def test_another_offices_handler_cannot_reach_it_through_their_own_office_either(client, world, complaint):
    client.login(request=RequestFactory().get("/"), email=world["other_handler"].email, password=PASSWORD)
    assert client.get("/kantor/6371/pengaduan/").context["rows"] == []
    for suffix in ("", "lampiran/"):
        assert client.get(f"/kantor/6371/pengaduan/{complaint.pk}/{suffix}").status_code == 404


@pytest.mark.parametrize("person", ["reviewer", "other_handler", "member", "stranger"])
def test_forged_posts_by_others_change_nothing(client, world, complaint, person):
    client.login(request=RequestFactory().get("/"), email=world[person].email, password=PASSWORD)
    for code in ("6202", "6371"):
        base = f"/kantor/{code}/pengaduan/{complaint.pk}/"
        assert client.post(f"{base}balas/", {"text": "x", "visibility": "publik"}).status_code == 404
        assert client.post(f"{base}status/", {"to": "selesai", "note": "x"}).status_code == 404
        assert client.post(f"{base}jenis/", {"kind": "tidak_sederhana"}).status_code == 404
    complaint.refresh_from_db()
    assert (complaint.status, complaint.kind, complaint.events.count()) == ("diterima", "sederhana", 1)


def test_anonymous_visitors_are_sent_to_log_in_for_office_pages(client, world, complaint):
    for url in _office_urls(world, complaint):
        response = client.get(url)
        assert response.status_code == 302 and "/akun/login/" in response["Location"]


def test_the_complainant_follows_it_and_downloads_the_attachment(client, world, complaint):
    client.login(request=RequestFactory().get("/"), email=world["member"].email, password=PASSWORD)
    for url in _public_urls(complaint):
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("person", ["colleague", "stranger", "handler", "other_handler", "reviewer"])
def test_nobody_else_signed_in_follows_it_on_the_public_pages(client, world, complaint, person):
    """Even a colleague of the same agency, or the handler (who has the office page), gets 404."""
    client.login(request=RequestFactory().get("/"), email=world[person].email, password=PASSWORD)
    for url in _public_urls(complaint):
        assert client.get(url).status_code == 404, url


def test_anonymous_visitors_need_the_number_and_tracking_key(client, world, complaint):
    for url in _public_urls(complaint):
        assert client.get(url).status_code == 404, url
    # The pair of old, number and e-mail address, opens nothing: the officer complained about knows both.
    client.post("/pengaduan/lacak/", {"number": complaint.number, "email": world["member"].email})
    for url in _public_urls(complaint):
        assert client.get(url).status_code == 404, url
    client.post("/pengaduan/lacak/", {"number": complaint.number, "key": complaint.tracking_key})
    for url in _public_urls(complaint):
        assert client.get(url).status_code == 200, url


def test_a_session_that_proved_one_key_sees_only_that_complaint(client, world, complaint, file_complaint):
    other = file_complaint(contact_email="lain@example.com")
    client.post("/pengaduan/lacak/", {"number": other.number, "key": other.tracking_key})
    assert client.get(f"/pengaduan/lacak/{other.number}/").status_code == 200
    assert client.get(f"/pengaduan/lacak/{complaint.number}/").status_code == 404


def test_unknown_numbers_and_offices_are_404(client, world, complaint):
    client.login(request=RequestFactory().get("/"), email=world["handler"].email, password=PASSWORD)
    assert client.get("/kantor/9999/pengaduan/").status_code == 404
    assert client.get(f"/kantor/6202/pengaduan/{complaint.pk + 100}/").status_code == 404
    assert client.get("/pengaduan/lacak/ADU-6202-2020-99999/").status_code == 404
    assert Complaint.objects.count() == 1


def test_the_attachment_is_never_served_from_the_media_url(client, world, complaint):
    assert client.get(complaint.attachment.url).status_code == 404

"""Filing a complaint: public and signed in, the attachment check, the honeypot and the rate limits."""

import io
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory
from PIL import Image

from complaints.enums import EventKind, Status
from complaints.models import Complaint
from notifications.models import Message
from tests.factories import PASSWORD, fill_complete, pdf_bytes, submission_for

pytestmark = pytest.mark.django_db

URL = "/pengaduan/"


def _data(world, **overrides) -> dict:
    data = {
        "office": world["office"].pk,
        "category": "perilaku_petugas",
        "description": "Petugas PST tidak ramah saat saya bertanya tentang status pengajuan.",
        "contact_name": "Yusuf Pratama",
        "contact_email": "Yusuf@Example.com",
        "contact_phone": "0812-5555-6202",
        "situs_web": "",
    }
    data.update(overrides)
    return data


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(out, format="PNG")
    return out.getvalue()


def _jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (8, 8), "blue").save(out, format="JPEG")
    return out.getvalue()


def test_public_filing_numbers_logs_and_tells_both_sides(client, world):
    response = client.post(URL, _data(world))
    complaint = Complaint.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/pengaduan/terkirim/{complaint.number}/"
    assert re.fullmatch(r"ADU-6202-\d{4}-00001", complaint.number)
    assert (complaint.status, complaint.kind, complaint.complainant, complaint.contact_email) == (
        Status.RECEIVED,
        "sederhana",
        None,
        "yusuf@example.com",
    )
    assert list(complaint.events.values_list("kind", "to_status", "public")) == [
        (EventKind.STATUS, Status.RECEIVED, True)
    ]
    messages = {(m.template, m.address) for m in Message.objects.all()}
    assert messages == {
        ("complaint_filed", "yusuf@example.com"),
        ("complaint_new", "pengaduan@bps.example.go.id"),  # the dedicated handler only, not admin or head
    }
    assert Message.objects.get(template="complaint_filed").language == "id"
    assert set(Message.objects.values_list("office", flat=True)) == {world["office"].pk}

    page = client.get(response["Location"])
    assert page.status_code == 200
    assert page.context["number"] == complaint.number
    assert complaint.number in page.content.decode()


def test_handlers_fall_back_to_admin_and_head_when_the_office_has_no_complaint_handler(client, world):
    world["handler"].office_roles.all().delete()
    client.post(URL, _data(world))
    assert set(Message.objects.filter(template="complaint_new").values_list("address", flat=True)) == {
        "admin@bps.example.go.id",
        "kepala@bps.example.go.id",
    }


def test_numbers_run_per_office_and_year_without_gaps(world, file_complaint):
    numbers = [file_complaint().number for _ in range(3)] + [file_complaint(office=world["other_office"]).number]
    assert [n.rsplit("-", 1)[1] for n in numbers] == ["00001", "00002", "00003", "00001"]
    assert numbers[3].startswith("ADU-6371-")


def test_the_filed_page_is_only_for_the_session_that_filed(client, world, file_complaint):
    complaint = file_complaint()
    assert client.get(f"/pengaduan/terkirim/{complaint.number}/").status_code == 404


def test_office_is_chosen_from_the_address(client, world):
    response = client.get(URL, {"kantor": "6371"})
    assert response.context["form"].initial["office"] == world["other_office"]
    assert client.get(URL, {"kantor": "9999"}).context["form"].initial.get("office") is None


def test_missing_fields_are_named_next_to_them_and_nothing_typed_is_lost(client, world):
    response = client.post(
        URL, _data(world, description="", contact_email="bukan-email"), headers={"accept-language": "en"}
    )
    form = response.context["form"]
    assert response.status_code == 400
    assert set(form.errors) == {"description", "contact_email"}
    assert form["contact_name"].value() == "Yusuf Pratama"
    assert form["contact_phone"].value() == "0812-5555-6202"
    assert 'value="Yusuf Pratama"' in response.content.decode()
    assert Complaint.objects.count() == 0


def test_bad_phone_number_is_refused_next_to_the_field(client, world):
    response = client.post(URL, _data(world, contact_phone="telepon saya"))
    assert list(response.context["form"].errors) == ["contact_phone"]


# --- signed in ----------------------------------------------------------------------------------------------


def test_signed_in_form_is_prefilled_and_offers_the_agencys_submissions(client, world):
    submission = submission_for(world["member"], title="Survei Gizi")
    client.login(request=RequestFactory().get("/"), email=world["member"].email, password=PASSWORD)
    form = client.get(URL).context["form"]
    assert (form.initial["contact_name"], form.initial["contact_email"]) == ("Rina Handayani", world["member"].email)
    assert list(form.fields["submission"].queryset) == [submission]


def test_public_form_has_no_submission_field(client, world):
    assert "submission" not in client.get(URL).context["form"].fields
    # A staff member without an agency gets none either.
    client.login(request=RequestFactory().get("/"), email=world["reviewer"].email, password=PASSWORD)
    assert "submission" not in client.get(URL).context["form"].fields


def test_signed_in_complaint_about_an_own_submission_is_linked_to_the_person(client, world):
    from submissions.services import submission_submit

    submission = submission_submit(submission=fill_complete(submission_for(world["member"])), actor=world["member"])
    client.login(request=RequestFactory().get("/"), email=world["member"].email, password=PASSWORD)
    response = client.post(URL, _data(world, submission=submission.pk, contact_email=world["member"].email))
    complaint = Complaint.objects.get()
    assert response.status_code == 302
    assert (complaint.complainant, complaint.submission) == (world["member"], submission)
    # The complainant's message goes to their account, in their language.
    message = Message.objects.get(template="complaint_filed")
    assert (message.recipient, message.language) == (world["member"], world["member"].language)
    assert client.get("/pengaduan/saya/").context["complaints"][0] == complaint


def test_a_submission_of_another_agency_cannot_be_chosen(client, world):
    other_submission = submission_for(world["stranger"])
    client.login(request=RequestFactory().get("/"), email=world["member"].email, password=PASSWORD)
    response = client.post(URL, _data(world, submission=other_submission.pk))
    assert response.status_code == 400
    assert list(response.context["form"].errors) == ["submission"]
    assert Complaint.objects.count() == 0


def test_a_submission_handled_by_another_office_is_refused_next_to_the_field(client, world):
    submission = submission_for(world["member"])
    client.login(request=RequestFactory().get("/"), email=world["member"].email, password=PASSWORD)
    response = client.post(URL, _data(world, office=world["other_office"].pk, submission=submission.pk))
    assert response.status_code == 400
    assert list(response.context["form"].errors) == ["submission"]
    assert response.context["form"]["description"].value().startswith("Petugas PST")


# --- attachment ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "content_type", "suffix"),
    [
        ("surat.pdf", pdf_bytes(), "application/pdf", ".pdf"),
        ("layar.PNG", _png(), "image/png", ".png"),
        ("foto", _jpeg(), "image/jpeg", ".jpg"),
    ],
)
def test_pdf_png_and_jpeg_are_stored_under_a_random_name(client, world, name, content, content_type, suffix):
    upload = SimpleUploadedFile(name, content, content_type="application/octet-stream")
    response = client.post(URL, {**_data(world), "attachment": upload})
    complaint = Complaint.objects.get()
    assert response.status_code == 302
    assert complaint.attachment_type == content_type
    assert complaint.attachment.name.startswith("complaints/") and name not in complaint.attachment.name
    assert complaint.attachment.name.endswith(suffix)
    assert complaint.attachment_name.lower().endswith((suffix, ".jpeg"))
    assert complaint.attachment.read() == content


@pytest.mark.parametrize(
    ("name", "content", "code_word"),
    [
        ("surat.pdf", b"This is a text file pretending to be a PDF", "not a PDF, PNG or JPEG"),
        ("rusak.pdf", b"%PDF-1.7\nnot really a pdf", "cannot be read"),
        ("foto.png", b"\x89PNG\r\n\x1a\n" + b"junk" * 20, "image cannot be read"),
        ("foto.jpg", b"\xff\xd8\xff" + b"junk" * 20, "image cannot be read"),
    ],
)
def test_a_fake_attachment_is_refused_next_to_the_field_and_the_text_is_kept(client, world, name, content, code_word):
    upload = SimpleUploadedFile(name, content, content_type="application/pdf")
    response = client.post(URL, {**_data(world), "attachment": upload}, headers={"accept-language": "en"})
    form = response.context["form"]
    assert response.status_code == 400
    assert list(form.errors) == ["attachment"]
    assert code_word in form.errors["attachment"][0]
    assert form["description"].value().startswith("Petugas PST")
    assert 'value="Yusuf Pratama"' in response.content.decode()
    assert Complaint.objects.count() == 0
    assert Message.objects.count() == 0


def test_an_attachment_over_the_limit_is_refused_with_both_sizes(client, world, settings):
    settings.ATTACHMENT_MAX_MB = 1
    upload = SimpleUploadedFile("besar.pdf", pdf_bytes() + b"0" * (1024 * 1024), content_type="application/pdf")
    response = client.post(URL, {**_data(world), "attachment": upload}, headers={"accept-language": "en"})
    assert response.status_code == 400
    assert "the limit is 1 MB" in response.context["form"].errors["attachment"][0]


def test_a_failed_filing_leaves_no_file_behind(world, settings, file_complaint):
    from pathlib import Path

    from romantik.models import Office

    upload = SimpleUploadedFile("surat.pdf", pdf_bytes(), content_type="application/pdf")
    # An office that was never saved: the file is stored first, then the row cannot be written.
    with pytest.raises(ValueError):
        file_complaint(office=Office(code="7777", name="Belum tersimpan"), attachment=upload)
    stored = Path(settings.MEDIA_ROOT, "complaints")
    assert not stored.exists() or list(stored.iterdir()) == []
    assert Complaint.objects.count() == 0


# --- spam defence -------------------------------------------------------------------------------------------


def test_a_filled_honeypot_pretends_success_and_saves_nothing(client, world):
    response = client.post(URL, _data(world, situs_web="http://spam.example"))
    assert response.status_code == 302
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert re.fullmatch(r"ADU-6202-\d{4}-\d{5}", page.context["number"])
    assert Complaint.objects.count() == 0
    assert Message.objects.count() == 0


def test_the_honeypot_is_hidden_from_people(client, world):
    html = client.get(URL).content.decode()
    field = re.search(r'<div class="complaint-hp"[^>]*>.*?</div>', html, re.S).group(0)
    assert 'aria-hidden="true"' in field
    # Placed off-screen by the stylesheet (the Content-Security-Policy allows no style attributes).
    css = (Path(settings.BASE_DIR) / "static/css/romantik.css").read_text()
    assert re.search(r"\.complaint-hp\s*\{[^}]*left:\s*-10000px", css)
    assert 'tabindex="-1"' in field and 'autocomplete="off"' in field


def test_rate_limit_per_client_address_keeps_what_was_typed(client, world, settings):
    settings.COMPLAINT_RATE_LIMIT = (2, 3600)
    for n in range(2):
        assert client.post(URL, _data(world, contact_email=f"orang{n}@example.com")).status_code == 302
    response = client.post(URL, _data(world, contact_email="orang3@example.com"), headers={"accept-language": "en"})
    assert response.status_code == 429
    assert "Too many complaints" in response.content.decode()
    assert response.context["form"]["description"].value().startswith("Petugas PST")
    assert Complaint.objects.count() == 2
    # Another address is not affected.
    assert client.post(URL, _data(world, contact_email="orang4@example.com"), REMOTE_ADDR="10.0.0.9").status_code == 302


def test_rate_limit_per_email_address_across_client_addresses(client, world, settings):
    settings.COMPLAINT_RATE_LIMIT = (2, 3600)
    for n in range(2):
        assert client.post(URL, _data(world), REMOTE_ADDR=f"10.0.0.{n}").status_code == 302
    assert client.post(URL, _data(world, contact_email="YUSUF@example.com"), REMOTE_ADDR="10.0.0.7").status_code == 429
    assert Complaint.objects.count() == 2


def test_honeypot_submissions_count_towards_the_rate_limit(client, world, settings):
    settings.COMPLAINT_RATE_LIMIT = (1, 3600)
    client.post(URL, _data(world, situs_web="spam"))
    assert client.post(URL, _data(world, contact_email="lain@example.com")).status_code == 429


def test_a_refused_attachment_does_not_count_towards_the_rate_limit(client, world, settings):
    settings.COMPLAINT_RATE_LIMIT = (1, 3600)
    fake = SimpleUploadedFile("surat.pdf", b"not a pdf", content_type="application/pdf")
    assert client.post(URL, {**_data(world), "attachment": fake}).status_code == 400
    assert client.post(URL, _data(world)).status_code == 302

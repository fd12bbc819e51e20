"""The cover letter's number and date (issue 16): entered with the surat pengantar on the attachments page (by the
agency, or by the front desk recording a walk-in) or with its upload through the API; checked with a clear message
next to the field, nothing typed lost; required to submit wherever the cover letter is."""

import datetime
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from api.services import api_token_create
from romantik.calendar import office_today
from submissions.attachments import cover_letter_set
from submissions.completeness import submission_completeness
from submissions.enums import AttachmentKind, Channel
from submissions.models import Submission
from submissions.services import submission_submit
from tests.factories import fill_complete, pdf_bytes, submission_for

NUMBER = "000.5.2/412/Dinkes/2026"
MISSING = "Isikan nomor dan tanggal surat pengantar."


@pytest.fixture
def world(shared_world):
    return shared_world


def page_url(submission):
    return reverse("submissions:attachments", kwargs={"pk": submission.pk})


def save(client, submission, number, day):
    data = {"cover_letter_number": number, "cover_letter_date": day, "surat_pengantar": "1"}
    return client.post(page_url(submission), data)


def errors(response, name):
    return response.context["cover_form"].errors.get(name, [])


def attachment_errors(submission):
    return next(s.missing for s in submission_completeness(submission) if s.section.key == "attachments")


def test_the_agency_saves_the_number_and_date_and_the_page_shows_them(world, client):
    submission = submission_for(world["user"])
    client.force_login(world["user"])
    page = client.get(page_url(submission)).content.decode()
    assert 'data-testid="cover-letter-form"' in page and 'data-testid="cover-letter-missing"' in page

    response = save(client, submission, "  000.5.2/412/Dinkes/2026 ", "2026-01-15")

    assert (response.status_code, response["Location"]) == (302, page_url(submission))
    submission.refresh_from_db()
    assert (submission.cover_letter_number, submission.cover_letter_date) == (NUMBER, datetime.date(2026, 1, 15))
    page = client.get(page_url(submission)).content.decode()
    assert f'value="{NUMBER}"' in page and 'value="2026-01-15"' in page
    assert 'data-testid="cover-letter-missing"' not in page


def test_a_date_in_the_future_is_refused_next_to_its_field_and_the_number_is_kept(world, client):
    submission = submission_for(world["user"])
    client.force_login(world["user"])
    today = office_today(submission.office)
    tomorrow = today + datetime.timedelta(days=1)

    response = save(client, submission, NUMBER, tomorrow.isoformat())

    assert response.status_code == 400
    months = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober"]
    months += ["November", "Desember"]
    today_text = f"{today.day} {months[today.month - 1]} {today.year}"
    assert errors(response, "cover_letter_date") == [
        f"Tanggal surat pengantar tidak boleh setelah hari ini ({today_text})."
    ]
    assert errors(response, "cover_letter_number") == []
    page = response.content.decode()
    assert f'value="{NUMBER}"' in page and f'value="{tomorrow.isoformat()}"' in page  # nothing typed is lost
    # The form is far down the page and posts to the page itself: the field in error takes the focus (the browser
    # scrolls to it), and only it.
    assert page.count("autofocus") == 1
    assert re.search(r'<input type="date" name="cover_letter_date"[^>]*autofocus', page)
    submission.refresh_from_db()
    assert (submission.cover_letter_number, submission.cover_letter_date) == ("", None)


def test_a_number_too_long_and_a_missing_date_get_their_messages_at_once(world, client):
    submission = submission_for(world["user"])
    client.force_login(world["user"])
    long_number = "1" * 101

    response = save(client, submission, long_number, "")

    assert response.status_code == 400
    assert errors(response, "cover_letter_number") == ["Nomor ini 101 karakter; paling banyak 100 karakter."]
    assert errors(response, "cover_letter_date") == ["Isikan tanggal surat pengantar, sebagaimana tertulis di surat."]
    assert f'value="{long_number}"' in response.content.decode()
    assert Submission.objects.get(pk=submission.pk).cover_letter_number == ""


def test_an_unreadable_date_keeps_its_own_message_and_the_number_is_still_checked(world, client):
    submission = submission_for(world["user"])
    client.force_login(world["user"])

    response = save(client, submission, "", "15-15-2026")

    assert response.status_code == 400
    assert errors(response, "cover_letter_date") == ["Isikan tanggal yang benar, misalnya 15-01-2027."]
    assert errors(response, "cover_letter_number") == ["Isikan nomor surat pengantar, sebagaimana tertulis di surat."]


def test_submitting_needs_the_number_and_date_where_the_cover_letter_is_required(world):
    submission = fill_complete(submission_for(world["user"]))
    assert attachment_errors(submission) == []
    Submission.objects.filter(pk=submission.pk).update(cover_letter_number="", cover_letter_date=None)
    submission.refresh_from_db()

    assert attachment_errors(submission) == [MISSING]
    with pytest.raises(ValidationError):
        submission_submit(submission=submission, actor=world["user"])

    Submission.objects.filter(pk=submission.pk).update(cover_letter_number=NUMBER)
    submission.refresh_from_db()
    assert attachment_errors(submission) == [MISSING]  # the number alone is not enough
    cover_letter_set(submission=submission, number=NUMBER, date=datetime.date(2026, 1, 15), actor=world["user"])
    assert attachment_errors(submission) == []
    assert submission_submit(submission=submission, actor=world["user"]).state == "diajukan"


def test_the_front_desk_enters_them_for_a_walk_in_it_records(world, client):
    submission = submission_for(world["user"])
    Submission.objects.filter(pk=submission.pk).update(channel=Channel.OFFLINE, recorded_by=world["front_desk"])
    client.force_login(world["front_desk"])

    response = save(client, submission, NUMBER, "2026-02-02")

    assert response.status_code == 302
    submission.refresh_from_db()
    assert (submission.cover_letter_number, submission.cover_letter_date) == (NUMBER, datetime.date(2026, 2, 2))


def test_only_who_may_change_the_submission_saves_them(world, client):
    submission = submission_for(world["user"])
    with pytest.raises(PermissionDenied):
        cover_letter_set(submission=submission, number=NUMBER, date=datetime.date(2026, 1, 15), actor=world["head"])
    client.force_login(world["other_agency"])
    assert save(client, submission, NUMBER, "2026-01-15").status_code == 404
    # Submitted: no longer the agency's to change.
    submitted = submission_submit(submission=fill_complete(submission_for(world["user"])), actor=world["user"])
    before = (submitted.cover_letter_number, submitted.cover_letter_date)
    client.force_login(world["user"])
    assert save(client, submitted, "lain", "2026-01-20").status_code == 403
    submitted.refresh_from_db()
    assert (submitted.cover_letter_number, submitted.cover_letter_date) == before


def test_the_service_refuses_a_future_date_whoever_calls_it(world):
    submission = submission_for(world["user"])
    with pytest.raises(ValidationError) as refused:
        cover_letter_set(
            submission=submission,
            number=NUMBER,
            date=timezone.localdate() + datetime.timedelta(days=2),
            actor=world["user"],
        )
    assert set(refused.value.message_dict) == {"cover_letter_date"}


# --- the API: with the upload of the cover letter ------------------------------------------------------------


@pytest.fixture
def api(world):
    _token, key = api_token_create(user=world["user"], name="uji")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    return client


def api_upload(api, submission, **fields):
    file = SimpleUploadedFile("surat.pdf", pdf_bytes(), content_type="application/pdf")
    url = reverse("api:submission_attachments", kwargs={"pk": submission.pk})
    return api.post(url, {"kind": AttachmentKind.COVER_LETTER, "file": file, **fields}, format="multipart")


def test_the_api_takes_them_with_the_cover_letter_and_shows_them(world, api):
    submission = submission_for(world["user"])

    response = api_upload(api, submission, cover_letter_number=NUMBER, cover_letter_date="2026-01-15")

    assert response.status_code == 201, response.json()
    detail = api.get(reverse("api:submission", kwargs={"pk": submission.pk})).json()
    assert (detail["cover_letter_number"], detail["cover_letter_date"]) == (NUMBER, "2026-01-15")


def test_the_api_refuses_a_future_date_and_stores_no_file(world, api):
    submission = submission_for(world["user"])
    future = (timezone.localdate() + datetime.timedelta(days=3)).isoformat()

    response = api_upload(api, submission, cover_letter_number=NUMBER, cover_letter_date=future)

    assert response.status_code == 400
    assert list(response.json()["error"]["fields"]) == ["cover_letter_date"]
    assert not submission.attachments.exists()
    submission.refresh_from_db()
    assert submission.cover_letter_number == ""

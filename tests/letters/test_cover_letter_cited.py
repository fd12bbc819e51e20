"""The letter cites the agency's own cover letter — its number and date, which the agency entered with the surat
pengantar (submissions.attachments.cover_letter_set) — as well as the portal's number (issue 16). The letter's
HTML is read, not its PDF: the words, not the layout."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils.html import strip_tags

from letters.models import Letter
from letters.rendering import letter_html
from review.services import review_accept, review_assign, review_decide
from submissions.models import Submission
from submissions.services import submission_submit
from submissions.states import State
from tests.factories import fill_complete, submission_for

pytestmark = pytest.mark.django_db


def _opening(letter) -> str:
    """The letter's first paragraph, as the agency reads it."""
    letter = Letter.objects.select_related("submission__agency", "office", "signer_office").get(pk=letter.pk)
    text = " ".join(strip_tags(letter_html(letter)).split())
    return re.search(r"Menindaklanjuti .*? dinyatakan:", text).group(0)


def test_the_letter_cites_the_cover_letters_number_and_date_and_the_portals_number(decided):
    submission = decided["submission"]
    Submission.objects.filter(pk=submission.pk).update(
        cover_letter_number="000.5.2/412/Dinkes/2026", cover_letter_date=datetime.date(2026, 1, 15)
    )

    opening = _opening(decided["letter"])

    assert "surat Saudara nomor 000.5.2/412/Dinkes/2026 tanggal 15 Januari 2026" in opening
    assert f"nomor {submission.number}" in opening  # the portal's number too


def test_what_the_agency_entered_on_the_attachments_page_reaches_the_letter(office_world, client):
    """The whole way: entered by the agency on its attachments page while the form is its to change, then
    submitted, reviewed and decided; the decision's letter cites them."""
    w = office_world
    draft = fill_complete(submission_for(w["agency"], title="Survei Pengantar"))
    client.force_login(w["agency"])
    response = client.post(
        reverse("submissions:attachments", kwargs={"pk": draft.pk}),
        {"cover_letter_number": "800/77/Dinkes-Kotim/2026", "cover_letter_date": "2026-03-02", "surat_pengantar": "1"},
    )
    assert response.status_code == 302
    submission = submission_submit(submission=Submission.objects.get(pk=draft.pk), actor=w["agency"])
    review_accept(submission=submission, actor=w["front_desk"])
    review_assign(submission=submission, reviewers=[w["reviewer"]], actor=w["coordinator"])
    submission = review_decide(submission=submission, actor=w["reviewer"], decision=State.FEASIBLE, text="Saran")

    opening = _opening(submission.letter)

    assert "surat Saudara nomor 800/77/Dinkes-Kotim/2026 tanggal 2 Maret 2026" in opening
    assert f"nomor {submission.number}" in opening


def test_without_a_cover_letter_number_the_letter_cites_the_submission_alone(decided):
    submission = decided["submission"]
    Submission.objects.filter(pk=submission.pk).update(cover_letter_number="", cover_letter_date=None)

    opening = _opening(decided["letter"])

    assert "surat Saudara" not in opening
    assert f"pengajuan rekomendasi kegiatan statistik Saudara nomor {submission.number}" in opening

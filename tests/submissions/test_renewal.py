"""Renewing a recurring activity for a new period (issue 19, submissions/renewal.py): who may renew, what the new
draft takes over, what is refused, the reviewer's panel of differences, and the new letter citing the previous."""

import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils.html import strip_tags

from letters.issuing import letter_sign
from letters.models import Letter
from letters.rendering import letter_html, letter_pages_pdf, signature_page_index
from review.services import review_accept, review_assign, review_decide
from romantik.enums import MembershipStatus
from submissions import enums
from submissions.models import Indicator, Submission, Variable
from submissions.renewal import RenewalNotAllowed, renewal_changes, submission_renew
from submissions.services import submission_submit
from submissions.states import State
from tests.factories import agency_user, fill_complete, pdf_bytes, submission_for, world_fresh
from tests.letters.test_render_layout import _text
from tests.letters.test_sign import PASSPHRASE, decided, letter_awaiting, sign_world_build

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def issued_module(office_world_module):
    """Built once for the module (a real signature renders and signs the letter, about a second each; see
    tests/conftest.py `module_db`): the signing world of tests/letters/test_sign.py (`sign_world_build`: the head's
    certificate, a decided submission whose letter awaits the signature), and in it an issued layak recommendation
    of a recurring activity (4.1 Berulang, yearly) with a variable and an indicator (`previous`, its letter
    `previous_letter`)."""
    w = sign_world_build(world_fresh(office_world_module))
    previous = fill_complete(submission_for(w["agency"], title="Survei Kesehatan Berulang"))
    Indicator.objects.create(submission=previous, name="Angka kesakitan", definition="Persentase penduduk sakit")
    previous = submission_submit(submission=previous, actor=w["agency"])
    review_accept(submission=previous, actor=w["front_desk"])
    review_assign(submission=previous, reviewers=[w["reviewer"]], actor=w["coordinator"])
    previous = review_decide(submission=previous, actor=w["reviewer"], decision=State.FEASIBLE, text="Saran")
    letter = letter_sign(letter=letter_awaiting(previous), signer=w["head"], passphrase=PASSPHRASE)
    previous.refresh_from_db()
    assert previous.state == State.ISSUED
    return {**w, "previous": previous, "previous_letter": letter}


@pytest.fixture
def issued(db, issued_module):
    """The module's world, every row read again: each test changes it in its own savepoint."""
    return world_fresh(issued_module)


def _submit_and_decide(w, renewal):
    """The renewal through the ordinary workflow up to the decision (its letter draft prepared)."""
    from django.core.files.base import ContentFile

    from submissions.models import Attachment

    Submission.objects.filter(pk=renewal.pk).update(
        cover_letter_number="800/12/Dinkes/2028", cover_letter_date="2028-01-10"
    )
    for kind in (enums.AttachmentKind.COVER_LETTER, enums.AttachmentKind.INSTRUMENT):
        attachment = Attachment(submission=renewal, kind=kind, original_name=f"{kind}.pdf", size=100)
        attachment.file.save(f"{kind}.pdf", ContentFile(pdf_bytes()), save=True)
    renewal = submission_submit(submission=Submission.objects.get(pk=renewal.pk), actor=w["agency"])
    review_accept(submission=renewal, actor=w["front_desk"])
    review_assign(submission=renewal, reviewers=[w["reviewer"]], actor=w["coordinator"])
    return review_decide(submission=renewal, actor=w["reviewer"], decision=State.FEASIBLE, text="Saran periode baru")


# --- who may renew, and what -----------------------------------------------------------------------------------


def test_a_verified_member_renews_and_the_draft_takes_over_every_answer_variable_and_indicator(issued):
    w, previous = issued, issued["previous"]
    renewal = submission_renew(previous=previous, actor=w["agency"], year=2028)

    assert renewal.state == State.DRAFT and renewal.renews == previous and renewal.number is None
    assert renewal.year == 2028 and renewal.round == 1 and renewal.submitted_at is None
    assert renewal.title == f"{previous.title} 2028"  # no year in the old title: the period appended
    assert renewal.previous_recommendation == issued["previous_letter"].number
    # Every answer of the form is the previous one's, but the period's own cover letter.
    skipped = {"title", "year", "previous_recommendation", "cover_letter_number", "cover_letter_date"}
    from submissions.sections import SECTIONS

    for section in SECTIONS:
        for question in section.questions:
            if question.field in skipped or question.field == "coverage_regions":
                continue
            assert getattr(renewal, question.field) == getattr(previous, question.field), question.field
    assert list(renewal.coverage_regions.all()) == list(previous.coverage_regions.all())
    assert renewal.cover_letter_number == "" and renewal.cover_letter_date is None
    for model, fields in ((Variable, Variable.FORM_FIELDS), (Indicator, Indicator.FORM_FIELDS)):
        old = list(model.objects.filter(submission=previous).values_list(*fields))
        new = list(model.objects.filter(submission=renewal).values_list(*fields))
        assert old and new == old
    # The attachments belong to one period: uploaded again.
    assert previous.attachments.exists() and not renewal.attachments.exists()
    previous.refresh_from_db()
    assert previous.state == State.ISSUED and previous.variables.count() == 1


def test_the_year_in_the_title_is_replaced_by_the_new_period(issued):
    previous = issued["previous"]
    Submission.objects.filter(pk=previous.pk).update(title="Survei Kesehatan Daerah 2027")
    previous.refresh_from_db()
    renewal = submission_renew(previous=previous, actor=issued["agency"])  # the next year by default
    assert (renewal.year, renewal.title) == (2028, "Survei Kesehatan Daerah 2028")


def test_only_a_verified_member_of_the_same_agency_may_renew(issued):
    w, previous = issued, issued["previous"]
    pending = agency_user(w["agency_org"], status=MembershipStatus.PENDING)
    for who in (w["other_agency"], pending, w["reviewer"], w["head"]):
        with pytest.raises(PermissionDenied):
            submission_renew(previous=previous, actor=who, year=2028)
    assert not previous.renewals.exists()
    # A colleague of the same agency, verified, may.
    colleague = agency_user(w["agency_org"])
    assert submission_renew(previous=previous, actor=colleague, year=2028).created_by == colleague


def test_a_one_off_activity_is_not_renewed(issued):
    previous = issued["previous"]
    Submission.objects.filter(pk=previous.pk).update(repetition=enums.Repetition.ONCE, frequency=None)
    previous.refresh_from_db()
    with pytest.raises(RenewalNotAllowed):
        submission_renew(previous=previous, actor=issued["agency"], year=2028)


def test_only_an_issued_layak_recommendation_is_renewed(issued):
    w = issued
    # Decided layak, letter not signed yet: not issued.
    with pytest.raises(RenewalNotAllowed):
        submission_renew(previous=w["decided"], actor=w["agency"], year=2028)
    # Issued tidak layak.
    refused = decided(w, decision=State.NOT_FEASIBLE, title="Survei Ditolak")
    letter_sign(letter=letter_awaiting(refused), signer=w["head"], passphrase=PASSPHRASE)
    refused.refresh_from_db()
    assert refused.state == State.ISSUED
    with pytest.raises(RenewalNotAllowed):
        submission_renew(previous=refused, actor=w["agency"], year=2028)


def test_a_second_renewal_for_the_same_period_is_refused_another_period_is_not(issued):
    w, previous = issued, issued["previous"]
    first = submission_renew(previous=previous, actor=w["agency"], year=2028)
    with pytest.raises(ValidationError) as refused:
        submission_renew(previous=previous, actor=w["agency"], year=2028)
    assert "sudah diperpanjang untuk 2028" in " ".join(refused.value.messages)  # in the portal's language
    with pytest.raises(ValidationError):  # not after the previous period
        submission_renew(previous=previous, actor=w["agency"], year=2027)
    assert submission_renew(previous=previous, actor=w["agency"], year=2029).year == 2029
    # A deleted renewal draft no longer counts.
    first.delete()
    assert submission_renew(previous=previous, actor=w["agency"], year=2028).year == 2028


# --- the pages --------------------------------------------------------------------------------------------------


def test_the_agency_renews_from_the_button_through_the_confirm_page(issued, client):
    w, previous = issued, issued["previous"]
    client.force_login(w["agency"])
    overview = client.get(reverse("submissions:overview", kwargs={"pk": previous.pk})).content.decode()
    url = reverse("submissions:renew", kwargs={"pk": previous.pk})
    assert 'data-testid="renew-link"' in overview and url in overview
    assert "Perpanjang untuk periode berikutnya" in overview

    page = client.get(url)
    assert page.status_code == 200 and 'value="2028"' in page.content.decode()
    assert client.post(url, {}).status_code == 400  # the period is required: an empty POST only asks again
    assert not previous.renewals.exists()

    response = client.post(url, {"year": "2028"})
    renewal = previous.renewals.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "submissions:overview", kwargs={"pk": renewal.pk}
    )
    again = client.post(url, {"year": "2028"})
    assert again.status_code == 400 and "sudah diperpanjang untuk 2028" in again.content.decode()
    assert previous.renewals.count() == 1
    renewal_page = client.get(reverse("submissions:overview", kwargs={"pk": renewal.pk})).content.decode()
    assert 'data-testid="renews-note"' in renewal_page and 'data-testid="renew-link"' not in renewal_page


def test_no_button_for_a_one_off_activity_and_office_staff_are_sent_back(issued, client):
    w, previous = issued, issued["previous"]
    client.force_login(w["reviewer"])
    response = client.post(reverse("submissions:renew", kwargs={"pk": previous.pk}), {"year": "2028"})
    assert response.status_code == 302 and not previous.renewals.exists()
    Submission.objects.filter(pk=previous.pk).update(repetition=enums.Repetition.ONCE)
    client.force_login(w["agency"])
    overview = client.get(reverse("submissions:overview", kwargs={"pk": previous.pk})).content.decode()
    assert 'data-testid="renew-link"' not in overview


# --- the reviewer sees only the differences -----------------------------------------------------------------


def _panel(client, submission) -> str:
    html = client.get(reverse("review:detail", kwargs={"pk": submission.pk})).content.decode()
    match = re.search(r'<section class="card border-info mb-3" data-testid="renewal-changes".*?</section>', html, re.S)
    return match.group(0) if match else ""


def test_the_reviewer_sees_only_what_differs_from_the_recommendation(issued, client):
    w, previous = issued, issued["previous"]
    renewal = submission_renew(previous=previous, actor=w["agency"], year=2028)
    # The agency changes one answer, one variable's definition, and drops the indicator.
    Submission.objects.filter(pk=renewal.pk).update(objective="Tujuan periode 2028")
    Variable.objects.filter(submission=renewal).update(definition="Definisi baru")
    Indicator.objects.filter(submission=renewal).delete()
    renewal.refresh_from_db()

    found = renewal_changes(renewal)
    fields = {(c.section, c.field) for c in found.changes}
    # The new period's year, title and previous recommendation number are the renewal's own, not changes.
    assert fields == {
        ("3", "objective"),
        ("variables", "variables"),
        ("indicators", "indicators"),
    }
    assert "4" in found.unchanged_sections and "3" not in found.unchanged_sections

    renewal = _submit_and_decide(w, renewal)  # also: the renewal goes through the ordinary workflow
    client.force_login(w["reviewer"])
    panel = _panel(client, renewal)
    assert "Perubahan dari rekomendasi sebelumnya" in panel and "tidak berubah" in panel
    assert panel.count('data-testid="renewal-change"') == 3
    assert 'data-testid="renewal-period"' in panel and "2027" in panel and "2028" in panel
    assert 'data-field="objective"' in panel and "Definisi baru" in panel and 'data-field="background"' not in panel
    assert reverse("review:detail", kwargs={"pk": previous.pk}) in panel
    assert issued["previous_letter"].number in panel
    assert 'data-testid="renewal-unchanged"' in panel and 'href="#section-4"' in panel


def test_nothing_changed_says_so(issued, client):
    w, previous = issued, issued["previous"]
    renewal = submission_renew(previous=previous, actor=w["agency"], year=2028)
    # The agency confirms the design as it was: only the period is new.
    assert renewal_changes(renewal).changes == []
    renewal = _submit_and_decide(w, renewal)
    client.force_login(w["front_desk"])
    panel = _panel(client, renewal)
    assert 'data-testid="renewal-no-changes"' in panel and 'data-testid="renewal-unchanged"' in panel
    assert 'data-testid="renewal-change"' not in panel


def test_a_title_changed_beyond_the_new_period_is_listed(issued):
    renewal = submission_renew(previous=issued["previous"], actor=issued["agency"], year=2028)
    Submission.objects.filter(pk=renewal.pk).update(title="Survei Kesehatan Ibu dan Anak 2028")
    renewal.refresh_from_db()
    assert [(c.field, c.after) for c in renewal_changes(renewal).changes] == [
        ("title", "Survei Kesehatan Ibu dan Anak 2028")
    ]


def test_a_submission_that_renews_nothing_has_no_panel(issued, client):
    client.force_login(issued["reviewer"])
    html = client.get(reverse("review:detail", kwargs={"pk": issued["previous"].pk})).content.decode()
    assert 'data-testid="renewal-changes"' not in html


# --- the new period's letter cites the previous one -------------------------------------------------------------


def test_the_new_letter_cites_the_previous_letters_number_and_date_and_stays_on_one_page(issued):
    w, previous_letter = issued, issued["previous_letter"]
    renewal = _submit_and_decide(w, submission_renew(previous=issued["previous"], actor=w["agency"], year=2028))
    letter = Letter.objects.select_related("submission__agency", "office", "signer_office").get(submission=renewal)
    text = " ".join(strip_tags(letter_html(letter)).split())
    opening = re.search(r"Menindaklanjuti .*? dinyatakan:", text).group(0)
    from django.utils import formats, translation

    with translation.override("id"):
        day = formats.date_format(previous_letter.letter_date, "j F Y")
    assert f"perpanjangan rekomendasi kegiatan berulang nomor {previous_letter.number} tanggal {day}" in opening
    assert "surat Saudara nomor 800/12/Dinkes/2028" in opening  # the cover letter still cited

    pages = letter_pages_pdf(letter)
    page_text = _text(pages)
    assert len(page_text) == 2 and page_text[1].startswith("LAMPIRAN")
    assert signature_page_index(pages) == 0 and "Demikian kami sampaikan." in page_text[0]


def test_a_letter_that_renews_nothing_cites_no_previous_letter(issued):
    letter = Letter.objects.get(pk=issued["previous_letter"].pk)
    assert "perpanjangan rekomendasi" not in strip_tags(letter_html(letter))

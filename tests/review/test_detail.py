"""The staff review page: who sees it, each action for the role allowed and refused for the others, what the
agency sees of notes and decisions, consultations across offices, and a fixed number of queries."""

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from review import services
from review.models import Assignment, Comment, Consultation, SectionNote
from submissions.services import submission_submit
from submissions.states import State
from tests.factories import OfficeFactory, fill_complete, staff, submission_for

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
NOT_ALLOWED = "You may not do this for this submission; nothing changed."


def url(name, *args):
    return reverse(f"review:{name}", args=args)


def detail_url(submission):
    return url("detail", submission.pk)


def get_page(client, user, submission):
    client.force_login(user)
    return client.get(detail_url(submission), **EN)


def post(client, path, data=None):
    """POST, note the messages it left, then follow the redirect as a browser would (which shows them)."""
    response = client.post(path, data or {}, **EN)
    response.flash = [str(m) for m in get_messages(response.wsgi_request)]
    if response.status_code == 302:
        client.get(response["Location"], **EN)
    return response


def act(client, user, name, submission, data=None):
    client.force_login(user)
    return post(client, url(name, submission.pk), data)


def messages_of(response):
    return response.flash


def html(response):
    return response.content.decode()


def refresh(submission):
    submission.refresh_from_db()
    return submission


@pytest.fixture
def in_review(office_world):
    """The submission accepted and assigned to `reviewer`."""
    w = office_world
    s = services.review_accept(submission=w["submission"], actor=w["front_desk"])
    services.review_assign(submission=s, reviewers=[w["reviewer"]], actor=w["coordinator"])
    return s


# --- who sees the page --------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["front_desk", "reviewer", "reviewer2", "coordinator", "head", "office_admin"])
def test_detail_page_shown_to_every_role_of_the_office(office_world, client, role):
    assert get_page(client, office_world[role], office_world["submission"]).status_code == 200


@pytest.mark.parametrize("role", ["agency", "other_agency", "other_reviewer", "other_coordinator", "central_head"])
def test_detail_page_is_404_for_agency_and_other_offices(office_world, client, role):
    assert get_page(client, office_world[role], office_world["submission"]).status_code == 404


def test_detail_page_is_404_for_a_draft_never_submitted(office_world, client):
    draft = submission_for(office_world["agency"], title="Masih draf")
    assert get_page(client, office_world["coordinator"], draft).status_code == 404


def test_detail_page_redirects_anonymous_to_login(office_world, client):
    response = client.get(detail_url(office_world["submission"]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize("name", ["accept", "return_incomplete", "assign", "take", "note_add", "comment_add"])
def test_actions_are_404_for_agency_and_other_office(office_world, client, name):
    w = office_world
    for user in (w["agency"], w["other_coordinator"]):
        assert act(client, user, name, w["submission"], {"note": "x", "text": "x"}).status_code == 404
    assert refresh(w["submission"]).state == State.SUBMITTED
    assert Comment.objects.count() == 0


def test_detail_page_shows_header_clock_and_form(office_world, client):
    w = office_world
    s = w["submission"]
    response = get_page(client, w["coordinator"], s)
    page = html(response)
    assert f'data-testid="submission-number">{s.number}<' in page
    assert "Dinas Kesehatan" in page
    assert '<span class="badge fs-6 state-diajukan" data-testid="submission-state">Submitted</span>' in page
    assert 'data-testid="submission-round">1<' in page
    assert "Not started: the clock starts when the submission is recorded complete." in page
    assert '<dt class="col-sm-5" data-field="background">3.1 Background</dt>' in page
    background = next(r for v in response.context["sections"] for r in v.answers if r.field == "background")
    assert (background.label, background.value) == ("3.1 Background", "Latar belakang")
    frequency = next(r for v in response.context["sections"] for r in v.answers if r.field == "frequency")
    assert frequency.value == "7 Yearly"
    attachment = s.attachments.get(kind="surat_pengantar")
    assert reverse("submissions:attachment_download", args=[s.pk, attachment.pk]) in page
    assert "Variabel 1" in page


def test_detail_page_clock_counts_working_days_after_accept(office_world, client):
    w = office_world
    s = services.review_accept(submission=w["submission"], actor=w["front_desk"])
    response = get_page(client, w["coordinator"], s)
    assert response.context["clock"].days_left == 30
    assert response.context["clock_text"] == "30 working days left"
    services.review_assign(submission=s, reviewers=[w["reviewer"]], actor=w["coordinator"])
    response = get_page(client, w["coordinator"], s)
    assert response.context["reviewers"] == [w["reviewer"]]


# --- accept as complete (terekam lengkap) -------------------------------------------------------------


def test_accept_by_front_desk_starts_the_clock(office_world, client):
    w = office_world
    s = w["submission"]
    assert 'data-testid="accept"' in html(get_page(client, w["front_desk"], s))
    response = act(client, w["front_desk"], "accept", s)
    assert response.status_code == 302
    assert response["Location"] == detail_url(s) + "#actions"
    s = refresh(s)
    assert s.state == State.IN_REVIEW
    assert s.recorded_complete_on is not None
    [message] = messages_of(response)
    assert message.startswith("Recorded complete (terekam lengkap): the service clock runs from today, due ")


def test_accept_repeated_click_is_a_friendly_no_op(office_world, client):
    w = office_world
    s = w["submission"]
    act(client, w["front_desk"], "accept", s)
    response = act(client, w["front_desk"], "accept", s)
    assert messages_of(response) == ["This submission was already recorded complete; nothing changed."]
    assert [t.to_state for t in s.transitions.all()] == [State.SUBMITTED, State.IN_REVIEW]


@pytest.mark.parametrize("role", ["head", "office_admin"])
def test_accept_refused_for_other_roles_of_the_office(office_world, client, role):
    w = office_world
    s = w["submission"]
    assert 'data-testid="accept"' not in html(get_page(client, w[role], s))
    response = act(client, w[role], "accept", s)
    assert response.status_code == 302
    assert messages_of(response) == [NOT_ALLOWED]
    assert refresh(s).state == State.SUBMITTED


# --- return as incomplete -----------------------------------------------------------------------------


def test_return_incomplete_requires_a_note(office_world, client):
    w = office_world
    s = w["submission"]
    response = act(client, w["front_desk"], "return_incomplete", s, {"note": "  "})
    assert response.status_code == 400
    assert messages_of(response) == ["Say what is missing, so the agency can complete it."]
    assert "Say what is missing, so the agency can complete it." in html(response)
    assert refresh(s).state == State.SUBMITTED


def test_return_incomplete_by_front_desk_goes_back_to_draft(office_world, client):
    w = office_world
    s = w["submission"]
    response = act(client, w["front_desk"], "return_incomplete", s, {"note": "Surat pengantar belum ditandatangani."})
    assert messages_of(response) == ["Returned to the agency as incomplete; they were told what is missing."]
    s = refresh(s)
    assert s.state == State.DRAFT
    assert s.transitions.last().note == "Surat pengantar belum ditandatangani."
    again = act(client, w["front_desk"], "return_incomplete", s, {"note": "Surat pengantar belum ditandatangani."})
    assert messages_of(again) == ["This submission was already returned to the agency; nothing changed."]
    assert s.transitions.count() == 2


def test_return_incomplete_refused_for_head(office_world, client):
    w = office_world
    s = w["submission"]
    assert 'data-testid="return-incomplete-form"' not in html(get_page(client, w["head"], s))
    response = act(client, w["head"], "return_incomplete", s, {"note": "Kurang."})
    assert messages_of(response) == [NOT_ALLOWED]
    assert refresh(s).state == State.SUBMITTED


def test_return_incomplete_absent_once_the_clock_started(in_review, office_world, client):
    w = office_world
    assert 'data-testid="return-incomplete-form"' not in html(get_page(client, w["front_desk"], in_review))


# --- assign and take ----------------------------------------------------------------------------------


def test_assign_by_coordinator(office_world, client):
    w = office_world
    s = w["submission"]
    page = html(get_page(client, w["coordinator"], s))
    assert 'data-testid="assign-form"' in page
    response = act(client, w["coordinator"], "assign", s, {"reviewers": [w["reviewer"].pk, w["reviewer2"].pk]})
    assert messages_of(response) == [f"Assigned: {w['reviewer']}, {w['reviewer2']}. They were told by e-mail."]
    assert sorted(s.assignments.values_list("reviewer_id", flat=True)) == sorted([w["reviewer"].pk, w["reviewer2"].pk])
    again = act(client, w["coordinator"], "assign", s, {"reviewers": [w["reviewer"].pk]})
    assert messages_of(again) == ["These reviewers were already assigned; nothing changed."]
    assert s.assignments.count() == 2


def test_assign_rejects_a_reviewer_of_another_office(office_world, client):
    w = office_world
    s = w["submission"]
    response = act(client, w["coordinator"], "assign", s, {"reviewers": [w["other_reviewer"].pk]})
    assert response.status_code == 400
    assert Assignment.objects.count() == 0


def test_assign_refused_for_reviewer(office_world, client):
    w = office_world
    s = w["submission"]
    assert 'data-testid="assign-form"' not in html(get_page(client, w["reviewer"], s))
    response = act(client, w["reviewer"], "assign", s, {"reviewers": [w["reviewer"].pk]})
    assert messages_of(response) == [NOT_ALLOWED]
    assert Assignment.objects.count() == 0


def test_take_by_reviewer_when_the_office_allows_it(office_world, client):
    w = office_world
    s = w["submission"]
    assert 'data-testid="take"' in html(get_page(client, w["reviewer"], s))
    response = act(client, w["reviewer"], "take", s)
    assert messages_of(response) == ["You took this submission; it is in your work now."]
    assert list(s.assignments.values_list("reviewer_id", "assigned_by_id")) == [(w["reviewer"].pk, w["reviewer"].pk)]
    again = act(client, w["reviewer"], "take", s)
    assert messages_of(again) == ["You already work on this submission; nothing changed."]
    assert s.assignments.count() == 1


def test_take_refused_when_the_office_does_not_allow_it(office_world, client):
    w = office_world
    w["office"].reviewers_take_work = False
    w["office"].save()
    s = w["submission"]
    assert 'data-testid="take"' not in html(get_page(client, w["reviewer"], s))
    response = act(client, w["reviewer"], "take", s)
    assert messages_of(response) == [NOT_ALLOWED]
    assert Assignment.objects.count() == 0


def test_take_refused_for_front_desk(office_world, client):
    w = office_world
    s = w["submission"]
    assert 'data-testid="take"' not in html(get_page(client, w["front_desk"], s))
    assert messages_of(act(client, w["front_desk"], "take", s)) == [NOT_ALLOWED]
    assert Assignment.objects.count() == 0


# --- notes on sections ----------------------------------------------------------------------------------


def test_note_add_by_assigned_reviewer_on_a_question(in_review, office_world, client):
    w = office_world
    s = in_review
    assert 'data-testid="note-form"' in html(get_page(client, w["reviewer"], s))
    data = {"section": "3", "field": "background", "text": "Jelaskan dasar hukumnya."}
    response = act(client, w["reviewer"], "note_add", s, data)
    assert response["Location"] == detail_url(s) + "#section-3"
    assert messages_of(response) == [
        "Note added to III. Planning and preparation. The agency sees it when the form is returned for revision."
    ]
    note = SectionNote.objects.get()
    assert (note.round, note.section, note.field, note.text, note.author) == (
        1,
        "3",
        "background",
        "Jelaskan dasar hukumnya.",
        w["reviewer"],
    )
    again = act(client, w["reviewer"], "note_add", s, data)
    assert messages_of(again) == ["This note is already there; nothing changed."]
    assert SectionNote.objects.count() == 1
    page = get_page(client, w["coordinator"], s)
    [row] = [r for v in page.context["sections"] for r in v.answers if r.notes]
    assert (row.field, [n.text for n in row.notes]) == ("background", ["Jelaskan dasar hukumnya."])


def test_note_add_requires_text(in_review, office_world, client):
    w = office_world
    response = act(client, w["reviewer"], "note_add", in_review, {"section": "4", "field": "", "text": " "})
    assert response.status_code == 400
    assert messages_of(response) == ["Write the note."]
    assert SectionNote.objects.count() == 0


def test_note_add_rejects_a_question_of_another_section(in_review, office_world, client):
    w = office_world
    response = act(client, w["reviewer"], "note_add", in_review, {"section": "4", "field": "background", "text": "x"})
    assert response.status_code == 400
    assert SectionNote.objects.count() == 0


@pytest.mark.parametrize("role", ["reviewer2", "front_desk", "head"])
def test_note_add_refused_for_staff_not_reviewing(in_review, office_world, client, role):
    w = office_world
    assert 'data-testid="note-form"' not in html(get_page(client, w[role], in_review))
    response = act(client, w[role], "note_add", in_review, {"section": "3", "field": "", "text": "Catatan."})
    assert messages_of(response) == [NOT_ALLOWED]
    assert SectionNote.objects.count() == 0


def test_note_delete_own_note_of_the_current_round(in_review, office_world, client):
    w = office_world
    note = services.note_add(submission=in_review, section="3", text="Hapus saya.", actor=w["reviewer"])
    assert 'data-testid="note-delete"' in html(get_page(client, w["reviewer"], in_review))
    client.force_login(w["reviewer"])
    response = post(client, url("note_delete", in_review.pk, note.pk))
    assert messages_of(response) == ["The note was deleted."]
    assert SectionNote.objects.count() == 0
    again = post(client, url("note_delete", in_review.pk, note.pk))
    assert messages_of(again) == ["This note was already deleted."]


def test_note_delete_refused_for_another_reviewers_note(in_review, office_world, client):
    w = office_world
    services.review_assign(submission=in_review, reviewers=[w["reviewer2"]], actor=w["coordinator"])
    note = services.note_add(submission=in_review, section="3", text="Milik reviewer.", actor=w["reviewer"])
    assert 'data-testid="note-delete"' not in html(get_page(client, w["reviewer2"], in_review))
    client.force_login(w["reviewer2"])
    response = post(client, url("note_delete", in_review.pk, note.pk))
    assert messages_of(response) == [NOT_ALLOWED]
    assert SectionNote.objects.count() == 1


def test_note_of_an_earlier_round_is_kept(in_review, office_world, client):
    w = office_world
    note = services.note_add(submission=in_review, section="3", text="Putaran 1.", actor=w["reviewer"])
    s = services.review_return_for_revision(submission=in_review, actor=w["reviewer"])
    s = services.review_accept(submission=submission_submit(submission=s, actor=w["agency"]), actor=w["reviewer"])
    assert 'data-testid="note-delete"' not in html(get_page(client, w["reviewer"], s))
    client.force_login(w["reviewer"])
    response = post(client, url("note_delete", s.pk, note.pk))
    assert messages_of(response) == ["Notes of an earlier round are kept; nothing changed."]
    assert SectionNote.objects.count() == 1


# --- internal comments ----------------------------------------------------------------------------------


def test_comment_add_by_any_staff_and_never_shown_to_the_agency(in_review, office_world, client):
    w = office_world
    response = act(client, w["head"], "comment_add", in_review, {"text": "Rahasia tim: cek dengan Dinas."})
    assert messages_of(response) == ["Internal comment added. Only BPS staff see it."]
    again = act(client, w["head"], "comment_add", in_review, {"text": "Rahasia tim: cek dengan Dinas."})
    assert messages_of(again) == ["This comment is already there; nothing changed."]
    assert Comment.objects.count() == 1
    assert "Rahasia tim: cek dengan Dinas." in html(get_page(client, w["reviewer2"], in_review))
    services.note_add(submission=in_review, section="3", text="Catatan.", actor=w["reviewer"])
    services.review_return_for_revision(submission=in_review, actor=w["reviewer"])
    client.force_login(w["agency"])
    for page in ("overview", "section"):
        args = [in_review.pk] if page == "overview" else [in_review.pk, "3"]
        assert "Rahasia tim" not in client.get(reverse(f"submissions:{page}", args=args), **EN).content.decode()


def test_comment_add_requires_text(in_review, office_world, client):
    response = act(client, office_world["reviewer"], "comment_add", in_review, {"text": ""})
    assert response.status_code == 400
    assert messages_of(response) == ["Write the comment."]


# --- consultations --------------------------------------------------------------------------------------


def test_consultation_to_a_colleague_of_another_office_by_email(in_review, office_world, client):
    w = office_world
    colleague = w["other_reviewer"]
    data = {"to_email": colleague.email.upper(), "question": "Apakah metode sampling ini lazim?"}
    response = act(client, w["reviewer"], "consultation_request", in_review, data)
    assert messages_of(response) == [
        f"Your question was sent to {colleague}; you are told by e-mail when it is answered."
    ]
    consultation = Consultation.objects.get()
    assert (consultation.to_user, consultation.to_office) == (colleague, None)
    again = act(client, w["reviewer"], "consultation_request", in_review, data)
    assert messages_of(again) == ["This question was already sent; nothing changed."]
    # The colleague outside the office may open the page and answer; a colleague of theirs may not.
    page = get_page(client, colleague, in_review)
    assert page.status_code == 200
    assert 'data-testid="answer-form"' in html(page)
    assert 'data-testid="comment-form"' not in html(page)
    assert get_page(client, w["other_coordinator"], in_review).status_code == 404
    client.force_login(colleague)
    answer = post(client, url("consultation_answer", consultation.pk), {"answer": "Lazim."})
    assert messages_of(answer) == ["Your answer was sent to the colleague who asked."]
    consultation.refresh_from_db()
    assert (consultation.answer, consultation.answered_by) == ("Lazim.", colleague)
    assert 'data-testid="consultation-answer"' in html(get_page(client, w["reviewer"], in_review))


def test_consultation_to_another_office_answered_by_its_staff(in_review, office_world, client):
    w = office_world
    data = {"to_office": w["other_office"].pk, "question": "Pernah ada survei serupa di Kapuas?"}
    act(client, w["coordinator"], "consultation_request", in_review, data)
    consultation = Consultation.objects.get()
    assert consultation.to_office == w["other_office"]
    outsider = staff(OfficeFactory(code="6204", name="BPS Lain"))
    assert get_page(client, outsider, in_review).status_code == 404
    client.force_login(w["other_coordinator"])
    listing = client.get(url("consultations"), **EN)
    assert [c.pk for c in listing.context["consultations"]] == [consultation.pk]
    assert f"{detail_url(in_review)}#consultation-{consultation.pk}" in html(listing)
    assert get_page(client, w["other_coordinator"], in_review).status_code == 200
    response = post(client, url("consultation_answer", consultation.pk), {"answer": "Ya, tahun 2024."})
    assert response["Location"] == f"{detail_url(in_review)}#consultation-{consultation.pk}"
    consultation.refresh_from_db()
    assert (consultation.answer, consultation.answered_by) == ("Ya, tahun 2024.", w["other_coordinator"])
    again = post(client, url("consultation_answer", consultation.pk), {"answer": "Lagi."})
    assert messages_of(again) == ["This question was already answered; nothing changed."]
    assert list(client.get(url("consultations"), **EN).context["consultations"]) == []


def test_consultation_answer_refused_for_someone_not_asked(in_review, office_world, client):
    w = office_world
    consultation = services.consultation_request(
        submission=in_review, actor=w["reviewer"], question="Pendapat?", to_user=w["other_reviewer"]
    )
    assert 'data-testid="answer-form"' not in html(get_page(client, w["reviewer2"], in_review))
    client.force_login(w["reviewer2"])
    response = post(client, url("consultation_answer", consultation.pk), {"answer": "Saya jawab."})
    assert messages_of(response) == [NOT_ALLOWED]
    client.force_login(w["agency"])
    assert post(client, url("consultation_answer", consultation.pk), {"answer": "x"}).status_code == 404
    consultation.refresh_from_db()
    assert consultation.answered_at is None


def test_consultation_answer_requires_text(in_review, office_world, client):
    w = office_world
    consultation = services.consultation_request(
        submission=in_review, actor=w["reviewer"], question="Pendapat?", to_user=w["other_reviewer"]
    )
    client.force_login(w["other_reviewer"])
    response = post(client, url("consultation_answer", consultation.pk), {"answer": ""})
    assert response.status_code == 400
    assert messages_of(response) == ["Write the answer."]


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"to_email": "nobody@example.go.id", "question": "?"}, "No BPS staff member has the e-mail address"),
        ({"question": "Siapa?"}, "Choose a colleague or an office to ask."),
        ({"question": ""}, "Write the question."),
    ],
)
def test_consultation_request_refused_with_a_message(in_review, office_world, client, data, error):
    response = act(client, office_world["reviewer"], "consultation_request", in_review, data)
    assert response.status_code == 400
    assert messages_of(response)[0].startswith(error)
    assert Consultation.objects.count() == 0


def test_consultation_to_an_agency_user_is_refused(in_review, office_world, client):
    w = office_world
    data = {"to_email": w["agency"].email, "question": "?"}
    response = act(client, w["reviewer"], "consultation_request", in_review, data)
    assert messages_of(response) == [f"No BPS staff member has the e-mail address {w['agency'].email}."]
    assert Consultation.objects.count() == 0


# --- return for revision --------------------------------------------------------------------------------


def test_return_for_revision_needs_a_note_this_round(in_review, office_world, client):
    w = office_world
    response = act(client, w["reviewer"], "return_for_revision", in_review, {"note": ""})
    assert response.status_code == 400
    assert messages_of(response) == ["Write at least one note on a section before returning the form."]
    assert refresh(in_review).state == State.IN_REVIEW


def test_return_for_revision_by_assigned_reviewer(in_review, office_world, client):
    w = office_world
    services.note_add(submission=in_review, section="3", text="Perjelas tujuan.", actor=w["reviewer"])
    response = act(client, w["reviewer"], "return_for_revision", in_review, {"note": "Lihat catatan."})
    assert messages_of(response) == ["Returned to the agency for revision with 1 note; the service clock is paused."]
    s = refresh(in_review)
    assert (s.state, s.transitions.last().note) == (State.NEEDS_REVISION, "Lihat catatan.")
    again = act(client, w["reviewer"], "return_for_revision", s, {"note": ""})
    assert messages_of(again) == ["This submission was already returned for revision; nothing changed."]
    assert s.transitions.count() == 3


@pytest.mark.parametrize("role", ["front_desk", "head", "reviewer2"])
def test_return_for_revision_refused_for_others(in_review, office_world, client, role):
    w = office_world
    services.note_add(submission=in_review, section="3", text="Perjelas.", actor=w["reviewer"])
    assert 'data-testid="revision-form"' not in html(get_page(client, w[role], in_review))
    response = act(client, w[role], "return_for_revision", in_review)
    assert messages_of(response) == [NOT_ALLOWED]
    assert refresh(in_review).state == State.IN_REVIEW


# --- the decision ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("decision", "error"),
    [
        (State.FEASIBLE, "Write the advice (saran dan masukan) for the agency."),
        (State.NOT_FEASIBLE, "Write the reasons why the activity is not feasible."),
    ],
)
def test_decide_requires_advice_or_reasons(in_review, office_world, client, decision, error):
    response = act(client, office_world["reviewer"], "decide", in_review, {"decision": decision, "text": ""})
    assert response.status_code == 400
    assert messages_of(response) == [error]
    assert refresh(in_review).state == State.IN_REVIEW


def test_decide_layak_awaits_the_heads_approval(in_review, office_world, client):
    w = office_world
    data = {"decision": State.FEASIBLE, "text": "Perhatikan jadwal diseminasi."}
    response = act(client, w["coordinator"], "decide", in_review, data)
    assert messages_of(response) == ["Proposed as “Feasible”; it now awaits the head's approval."]
    s = refresh(in_review)
    assert (s.state, s.decision_text) == (State.FEASIBLE, "Perhatikan jadwal diseminasi.")
    page = html(get_page(client, w["head"], s))
    assert 'data-testid="awaiting-head"' in page
    assert "awaiting the head's approval" in page
    again = act(client, w["coordinator"], "decide", s, {"decision": State.NOT_FEASIBLE, "text": "Tidak."})
    assert messages_of(again) == ["A decision was already proposed; nothing changed."]
    assert refresh(s).state == State.FEASIBLE


@pytest.mark.parametrize("role", ["head", "front_desk", "office_admin"])
def test_decide_refused_for_others(in_review, office_world, client, role):
    w = office_world
    assert 'data-testid="decide-form"' not in html(get_page(client, w[role], in_review))
    response = act(client, w[role], "decide", in_review, {"decision": State.FEASIBLE, "text": "Layak."})
    assert messages_of(response) == [NOT_ALLOWED]
    assert refresh(in_review).state == State.IN_REVIEW


def test_decide_in_the_wrong_state_is_a_message_not_an_error(office_world, client):
    w = office_world
    s = w["submission"]
    services.review_assign(submission=s, reviewers=[w["reviewer"]], actor=w["coordinator"])
    response = act(client, w["coordinator"], "decide", s, {"decision": State.FEASIBLE, "text": "Layak."})
    assert response.status_code == 302
    assert messages_of(response) == [NOT_ALLOWED]
    assert refresh(s).state == State.SUBMITTED


def test_accept_in_the_wrong_state_is_a_message_not_an_error(in_review, office_world, client):
    w = office_world
    services.note_add(submission=in_review, section="3", text="Perjelas.", actor=w["reviewer"])
    s = services.review_return_for_revision(submission=in_review, actor=w["reviewer"])
    response = act(client, w["front_desk"], "accept", s)
    assert response.status_code == 302
    assert messages_of(response) == [
        "This step is not possible while the submission is “Needs revision”; nothing changed."
    ]
    assert refresh(s).state == State.NEEDS_REVISION


# --- what the agency sees -------------------------------------------------------------------------------


def _agency_pages(client, agency_user, submission):
    client.force_login(agency_user)
    section = client.get(reverse("submissions:section", args=[submission.pk, "3"]), **EN)
    overview = client.get(reverse("submissions:overview", args=[submission.pk]), **EN)
    return section, overview


def test_notes_shown_to_the_agency_only_after_return(in_review, office_world, client):
    w = office_world
    services.note_add(submission=in_review, section="3", text="Catatan bagian.", actor=w["reviewer"])
    services.note_add(
        submission=in_review, section="3", field="objective", text="Tujuan kurang jelas.", actor=w["reviewer"]
    )
    section, overview = _agency_pages(client, w["agency"], in_review)
    for page in (html(section), html(overview)):
        assert "Catatan bagian." not in page
        assert "Tujuan kurang jelas." not in page
        assert 'data-testid="nav-notes"' not in page
    services.review_return_for_revision(submission=in_review, actor=w["reviewer"])
    section, overview = _agency_pages(client, w["agency"], in_review)
    assert [n.text for n in section.context["section_notes"]] == ["Catatan bagian."]
    assert [[n.text for n in notes] for field, notes in section.context["form_rows"] if notes] == [
        ["Tujuan kurang jelas."]
    ]
    page = html(section)
    # The note on 3.2 is shown next to that question; every response box is above the section form, outside it.
    objective_block = page[page.index('data-field="objective"') : page.index('data-field="planning_start"')]
    assert 'data-testid="question-note"' in objective_block
    assert "Tujuan kurang jelas." in objective_block
    notes_block = page[page.index('data-testid="section-notes"') : page.index('class="section-form"')]
    assert notes_block.count('data-testid="note-respond"') == 2
    assert '<span class="badge rounded-pill text-bg-info ms-1" data-testid="nav-notes"' in page
    assert [n.text for n in overview.context["returned_notes"]] == ["Catatan bagian.", "Tujuan kurang jelas."]
    assert html(overview).count('data-testid="note-open"') == 2


def test_notes_of_a_round_under_review_stay_hidden_after_resubmission(in_review, office_world, client):
    w = office_world
    services.note_add(submission=in_review, section="3", text="Putaran satu.", actor=w["reviewer"])
    s = services.review_return_for_revision(submission=in_review, actor=w["reviewer"])
    s = services.review_accept(submission=submission_submit(submission=s, actor=w["agency"]), actor=w["reviewer"])
    services.note_add(submission=s, section="4", text="Putaran dua, belum dikirim.", actor=w["reviewer"])
    _section, overview = _agency_pages(client, w["agency"], s)
    assert [n.text for n in overview.context["returned_notes"]] == ["Putaran satu."]
    assert "Putaran dua" not in html(overview)


def test_note_response_marks_the_note_addressed(in_review, office_world, client):
    w = office_world
    note = services.note_add(submission=in_review, section="3", field="objective", text="Tujuan?", actor=w["reviewer"])
    services.review_return_for_revision(submission=in_review, actor=w["reviewer"])
    client.force_login(w["agency"])
    response = post(client, url("note_respond", note.pk), {"response": "Tujuan diperjelas."})
    assert response["Location"] == reverse("submissions:section", args=[in_review.pk, "3"]) + f"#note-{note.pk}"
    assert messages_of(response) == ["Your response was saved; the note is marked as addressed."]
    note.refresh_from_db()
    assert note.response == "Tujuan diperjelas."
    assert note.addressed_at is not None
    again = post(client, url("note_respond", note.pk), {"response": "Tujuan diperjelas."})
    assert messages_of(again) == ["This response was already saved; nothing changed."]
    _section, overview = _agency_pages(client, w["agency"], in_review)
    assert html(overview).count('data-testid="note-addressed"') == 1
    staff_page = html(get_page(client, w["reviewer"], in_review))
    assert 'data-testid="note-response">Tujuan diperjelas.<' in staff_page
    assert 'data-testid="note-addressed"' in staff_page


def test_note_response_from_the_overview_returns_there(in_review, office_world, client):
    w = office_world
    note = services.note_add(submission=in_review, section="variables", text="Tambah variabel.", actor=w["reviewer"])
    services.review_return_for_revision(submission=in_review, actor=w["reviewer"])
    client.force_login(w["agency"])
    response = post(client, url("note_respond", note.pk), {"response": "Ditambah.", "next": "overview"})
    assert response["Location"] == reverse("submissions:overview", args=[in_review.pk]) + f"#note-{note.pk}"
    note.refresh_from_db()
    assert note.response == "Ditambah."


def test_note_response_refused_outside_revision(in_review, office_world, client):
    w = office_world
    note = services.note_add(submission=in_review, section="3", text="Belum dikirim.", actor=w["reviewer"])
    client.force_login(w["agency"])
    assert post(client, url("note_respond", note.pk), {"response": "x"}).status_code == 404
    client.force_login(w["other_agency"])
    services.review_return_for_revision(submission=in_review, actor=w["reviewer"])
    assert post(client, url("note_respond", note.pk), {"response": "x"}).status_code == 404
    s = submission_submit(submission=refresh(in_review), actor=w["agency"])
    client.force_login(w["agency"])
    response = post(client, url("note_respond", note.pk), {"response": "Terlambat."})
    assert messages_of(response) == ["This note can no longer be answered: the form is not waiting for your revision."]
    note.refresh_from_db()
    assert (note.response, s.state) == ("", State.IN_REVIEW)  # resubmitted: straight back in review


def test_agency_does_not_see_the_decision_before_the_head_approves(in_review, office_world, client):
    w = office_world
    services.review_decide(
        submission=in_review, actor=w["reviewer"], decision=State.NOT_FEASIBLE, text="Duplikasi survei lain."
    )
    client.force_login(w["agency"])
    page = html(client.get(reverse("submissions:overview", args=[in_review.pk]), **EN))
    assert 'data-testid="submission-state">Decision being approved</span>' in page
    assert "Not feasible" not in page
    assert "Duplikasi survei lain." not in page
    assert "state-tidak_layak" not in page


# --- the number of queries ------------------------------------------------------------------------------


def _busy_submission(world, *, rounds: int, notes_per_round: int):
    """A submission under review after `rounds` rounds, with notes, comments and consultations in each."""
    user = world["agency"]
    s = submission_submit(submission=fill_complete(submission_for(user, title=f"Survei {rounds}")), actor=user)
    s = services.review_accept(submission=s, actor=world["front_desk"])
    services.review_assign(submission=s, reviewers=[world["reviewer"]], actor=world["coordinator"])
    for r in range(rounds):
        for i in range(notes_per_round):
            section, field = ("3", "objective") if i % 2 else ("4", "")
            services.note_add(submission=s, section=section, field=field, text=f"r{r} n{i}", actor=world["reviewer"])
        services.comment_add(submission=s, text=f"komentar {r}", actor=world["head"])
        services.consultation_request(
            submission=s, actor=world["reviewer"], question=f"q{r}", to_user=world["other_reviewer"]
        )
        if r < rounds - 1:
            s = services.review_return_for_revision(submission=s, actor=world["reviewer"])
            s = submission_submit(submission=s, actor=user)  # straight back in review
    return s


def test_detail_page_queries_do_not_grow_with_notes_and_transitions(office_world, client):
    w = office_world
    small = _busy_submission(w, rounds=1, notes_per_round=2)
    large = _busy_submission(w, rounds=3, notes_per_round=4)
    assert (small.notes.count(), large.notes.count()) == (2, 12)
    assert (small.transitions.count(), large.transitions.count()) == (2, 6)
    client.force_login(w["reviewer"])
    for submission in (small, large):  # warm caches (session, content types, the kept HTML: review_kept)
        client.get(detail_url(submission))

    def count(submission):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(detail_url(submission)).status_code == 200
        return len(queries)

    assert count(small) == count(large)


def test_consultations_page_lists_only_open_questions_for_me(office_world, client):
    w = office_world
    s = w["submission"]
    mine = services.consultation_request(submission=s, actor=w["reviewer"], question="Untuk saya", to_user=w["head"])
    services.consultation_request(
        submission=s, actor=w["reviewer"], question="Untuk orang lain", to_user=w["reviewer2"]
    )
    answered = services.consultation_request(submission=s, actor=w["reviewer"], question="Sudah", to_user=w["head"])
    services.consultation_answer(consultation=answered, actor=w["head"], answer="Beres.")
    client.force_login(w["head"])
    response = client.get(url("consultations"), **EN)
    assert [c.pk for c in response.context["consultations"]] == [mine.pk]
    client.force_login(w["agency"])
    assert list(client.get(url("consultations"), **EN).context["consultations"]) == []

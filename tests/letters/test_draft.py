"""The letter draft: made at the decision with its defaults, edited by the reviewers (re-rendered, stale renders
skipped), sent to the head once its preview is ready; the draft page and its PDF only for those who may see them."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from letters import services
from letters.enums import LetterState, RenderState
from letters.models import Letter
from notifications.models import Message
from review import services as review_services
from submissions.states import State
from tests.factories import world_fresh
from tests.letters.conftest import ADVICE, _ready_for_decision
from tests.letters.test_render import each_part_rendered_once  # noqa: F401 - the fixture: the same draft rendered once

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def before_decision_module(office_world_module):
    """tests/letters/conftest.py's `before_decision` (a submission in review, round 2, ready for the decision),
    brought there once for the module through the services (see tests/conftest.py `module_db`)."""
    w = world_fresh(office_world_module)
    return {**w, "submission": _ready_for_decision(w)}


@pytest.fixture
def before_decision(db, before_decision_module):
    """The module's submission ready for the decision, every row read again: each test decides it (`decided`)
    or changes it in its own savepoint."""
    return world_fresh(before_decision_module)


def _in_indonesian(msgid: str, **values) -> str:
    """A default text of the letter as the letter has it: always Indonesian."""
    with translation.override("id"):
        return gettext(msgid) % values


def _edit(letter, actor, **changes):
    values = {name: getattr(letter, name) for name in services.EDITABLE_FIELDS} | changes
    return services.letter_update(letter=letter, actor=actor, **values)


def _render(letter):
    letter.refresh_from_db()
    return services.letter_render(letter_id=letter.pk, version=letter.draft_version)


def _awaiting_signature(template="letter_awaiting_signature"):
    return sorted(Message.objects.filter(template=template).values_list("address", flat=True))


# --- the decision makes the draft --------------------------------------------------------------------------


def test_decision_creates_letter_with_defaults(decided):
    w = decided
    letter = Letter.objects.get(submission=w["submission"])
    assert (letter.office, letter.signer_office) == (w["office"], w["office"])
    assert (letter.state, letter.decision, letter.sifat) == (LetterState.DRAFT, State.FEASIBLE, "Biasa")
    assert letter.subject == _in_indonesian(
        "Recommendation for the statistical activity “%(title)s”", title="Survei Uji"
    )
    assert letter.addressee == (
        _in_indonesian("Head of %(agency)s", agency="Dinas Kesehatan") + "\nKabupaten Kotawaringin Timur"
    )
    assert letter.body_text == ADVICE
    assert letter.tembusan == "1. " + _in_indonesian("Head of %(office)s", office="BPS Provinsi Kalimantan Tengah")
    assert (letter.render_state, letter.draft_version, letter.draft_pdf.name) == (RenderState.PENDING, 1, "")
    assert (letter.number, letter.letter_date, letter.created_by) == (None, None, w["reviewer"])


def test_decision_not_feasible_creates_letter_with_the_reasons(before_decision):
    w = before_decision
    s = review_services.review_decide(
        submission=w["submission"], actor=w["coordinator"], decision=State.NOT_FEASIBLE, text="Metodologi belum jelas."
    )
    assert (s.letter.decision, s.letter.body_text) == (State.NOT_FEASIBLE, "Metodologi belum jelas.")


def test_decision_queues_the_render_after_commit(before_decision, django_capture_on_commit_callbacks):
    w = before_decision
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        review_services.review_decide(
            submission=w["submission"], actor=w["reviewer"], decision=State.FEASIBLE, text="Ok"
        )
    # The decision's two messages (to the head) and the render of the draft.
    names = [getattr(c, "__qualname__", "") for c in callbacks]
    assert sum("_queue_render" in name for name in names) == 1


def test_prepare_again_returns_the_same_letter(decided):
    w = decided
    again = services.letter_prepare(submission=w["submission"], actor=w["coordinator"])
    assert again.pk == w["letter"].pk
    assert Letter.objects.count() == 1
    assert again.draft_version == 1


def test_prepare_before_decision_is_refused(before_decision):
    w = before_decision
    with pytest.raises(ValidationError):
        services.letter_prepare(submission=w["submission"], actor=w["reviewer"])
    assert Letter.objects.count() == 0


def test_prepare_by_someone_not_reviewing_is_refused(before_decision):
    w = before_decision
    Letter.objects.all().delete()
    s = w["submission"]
    s.state = State.FEASIBLE  # decided, but asked by people who do not review it
    s.save()
    for actor in (w["reviewer2"], w["other_coordinator"], w["agency"], w["head"]):
        with pytest.raises(PermissionDenied):
            services.letter_prepare(submission=s, actor=actor)
    assert Letter.objects.count() == 0


# --- editing and rendering ----------------------------------------------------------------------------------


def test_render_stores_the_pdf_and_marks_it_ready(decided):
    letter = _render(decided["letter"])
    assert letter.render_state == RenderState.READY
    assert letter.draft_pdf.read(5) == b"%PDF-"


def test_edit_rerenders_and_the_stale_render_is_skipped(decided, django_capture_on_commit_callbacks):
    w = decided
    letter = _render(w["letter"])
    first_file = letter.draft_pdf.name
    edited = _edit(letter, w["reviewer"], body_text="1. Perhatikan jadwal.\n2. Tambahkan metadata.", sifat="Segera")
    assert (edited.draft_version, edited.render_state, edited.sifat) == (2, RenderState.PENDING, "Segera")

    assert services.letter_render(letter_id=letter.pk, version=1) is None  # queued before the edit: skipped
    letter.refresh_from_db()
    assert (letter.render_state, letter.draft_pdf.name) == (RenderState.PENDING, first_file)

    with django_capture_on_commit_callbacks(execute=True):
        rendered = services.letter_render(letter_id=letter.pk, version=2)
    assert rendered.render_state == RenderState.READY
    assert rendered.draft_pdf.name != first_file
    assert not rendered.draft_pdf.storage.exists(first_file)  # the old draft is removed


def test_edit_with_nothing_changed_is_a_no_op(decided):
    w = decided
    letter = _render(w["letter"])
    again = _edit(letter, w["reviewer"])
    assert (again.draft_version, again.render_state) == (1, RenderState.READY)


def test_edit_after_a_failed_render_renders_again(decided):
    w = decided
    Letter.objects.filter(pk=w["letter"].pk).update(render_state=RenderState.FAILED, render_error="boom")
    again = _edit(w["letter"], w["reviewer"])
    assert (again.draft_version, again.render_state, again.render_error) == (2, RenderState.PENDING, "")


def test_edit_refuses_an_empty_part(decided):
    w = decided
    with pytest.raises(ValidationError):
        _edit(w["letter"], w["reviewer"], body_text="   ")
    w["letter"].refresh_from_db()
    assert w["letter"].body_text == ADVICE


def test_only_the_assigned_reviewer_and_the_coordinator_edit(decided):
    w = decided
    for actor in (w["reviewer2"], w["head"], w["front_desk"], w["other_reviewer"], w["other_coordinator"], w["agency"]):
        with pytest.raises(PermissionDenied):
            _edit(w["letter"], actor, subject="Lain")
    assert _edit(w["letter"], w["coordinator"], subject="Rekomendasi").subject == "Rekomendasi"
    assert _edit(w["letter"], w["reviewer"], subject="Rekomendasi 2").draft_version == 3


# --- sending to the head ---------------------------------------------------------------------------------------


def test_send_to_head_needs_a_ready_render(decided):
    w = decided
    with pytest.raises(ValidationError):
        services.letter_send_to_head(letter=w["letter"], actor=w["reviewer"])
    w["letter"].refresh_from_db()
    assert w["letter"].state == LetterState.DRAFT
    assert _awaiting_signature() == []


def test_send_to_head_notifies_the_head_once_and_freezes_the_draft(decided):
    w = decided
    letter = _render(w["letter"])
    sent = services.letter_send_to_head(letter=letter, actor=w["reviewer"])
    assert sent.state == LetterState.AWAITING_SIGNATURE
    assert _awaiting_signature() == [w["head"].email]
    message = Message.objects.get(template="letter_awaiting_signature")
    assert message.context["url"] == reverse("letters:sign", kwargs={"pk": letter.pk})

    again = services.letter_send_to_head(letter=letter, actor=w["coordinator"])  # a repeated click
    assert again.state == LetterState.AWAITING_SIGNATURE
    assert _awaiting_signature() == [w["head"].email]

    with pytest.raises(PermissionDenied):
        _edit(letter, w["reviewer"], subject="Terlambat")


def test_send_to_head_by_someone_else_is_refused(decided):
    w = decided
    letter = _render(w["letter"])
    for actor in (w["reviewer2"], w["head"], w["agency"], w["other_coordinator"]):
        with pytest.raises(PermissionDenied):
            services.letter_send_to_head(letter=letter, actor=actor)
    assert _awaiting_signature() == []


def test_returned_letter_can_be_edited_and_sent_again(decided):
    w = decided
    letter = _render(w["letter"])
    Letter.objects.filter(pk=letter.pk).update(state=LetterState.RETURNED, head_note="Perbaiki hal.")
    edited = _edit(letter, w["reviewer"], subject="Rekomendasi Survei Uji")
    _render(edited)
    assert services.letter_send_to_head(letter=edited, actor=w["reviewer"]).state == LetterState.AWAITING_SIGNATURE


def test_signer_at_a_higher_office_is_the_one_notified(before_decision):
    """Seed 003: the regency office's letters are signed at BPS RI (Direktur Diseminasi Statistik)."""
    w = before_decision
    office = w["office"]
    office.signer_office, office.signer_title = w["central"], "Direktur Diseminasi Statistik"
    office.save()
    s = review_services.review_decide(
        submission=w["submission"], actor=w["reviewer"], decision=State.FEASIBLE, text="Ok"
    )
    letter = _render(s.letter)
    assert (letter.office, letter.signer_office) == (office, w["central"])
    services.letter_send_to_head(letter=letter, actor=w["reviewer"])
    assert _awaiting_signature() == [w["central_head"].email]


# --- the pages ------------------------------------------------------------------------------------------------


def _get(client, user, name, pk):
    client.force_login(user)
    return client.get(reverse(name, kwargs={"pk": pk}))


def test_draft_page_shows_the_form_and_refreshes_while_pending(client, decided):
    w = decided
    response = _get(client, w["reviewer"], "letters:draft", w["submission"].pk)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="letter-form"' in html
    assert '<meta http-equiv="refresh" content="3">' in html
    assert 'data-testid="render-pending"' in html
    assert 'data-testid="send-form"' not in html  # not before the preview is ready


def test_draft_page_embeds_the_ready_preview(client, decided):
    w = decided
    _render(w["letter"])
    response = _get(client, w["reviewer"], "letters:draft", w["submission"].pk)
    html = response.content.decode()
    assert 'http-equiv="refresh"' not in html
    pdf_url = reverse("letters:draft_pdf", kwargs={"pk": w["submission"].pk})
    assert f'<object data="{pdf_url}?v=1" type="application/pdf"' in html
    assert 'data-testid="send-form"' in html


def test_draft_pdf_is_served_inline(client, decided):
    w = decided
    _render(w["letter"])
    response = _get(client, w["coordinator"], "letters:draft_pdf", w["submission"].pk)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline;")
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    assert b"".join(response.streaming_content)[:5] == b"%PDF-"


def test_draft_pdf_before_the_render_is_404(client, decided):
    w = decided
    assert _get(client, w["reviewer"], "letters:draft_pdf", w["submission"].pk).status_code == 404


@pytest.mark.parametrize("who", ["agency", "other_agency", "other_reviewer", "other_coordinator", "central_head"])
def test_draft_page_and_pdf_are_404_for_outsiders(client, decided, who):
    w = decided
    _render(w["letter"])
    for name in ("letters:draft", "letters:draft_pdf"):
        assert _get(client, w[who], name, w["submission"].pk).status_code == 404


def test_draft_page_without_a_letter_is_404(client, before_decision):
    w = before_decision
    assert _get(client, w["reviewer"], "letters:draft", w["submission"].pk).status_code == 404


def test_head_of_the_signing_office_sees_the_draft_but_cannot_edit(client, before_decision):
    w = before_decision
    office = w["office"]
    office.signer_office = w["central"]
    office.save()
    s = review_services.review_decide(
        submission=w["submission"], actor=w["reviewer"], decision=State.FEASIBLE, text="Ok"
    )
    _render(s.letter)
    response = _get(client, w["central_head"], "letters:draft", s.pk)
    assert response.status_code == 200
    assert 'data-testid="letter-form"' not in response.content.decode()
    assert _get(client, w["central_head"], "letters:draft_pdf", s.pk).status_code == 200


def test_post_edit_by_the_reviewer_rerenders(client, decided):
    w = decided
    client.force_login(w["reviewer"])
    url = reverse("letters:draft", kwargs={"pk": w["submission"].pk})
    data = {
        "sifat": "Biasa",
        "subject": "Rekomendasi Kegiatan Statistik Survei Uji",
        "addressee": "Kepala Dinas Kesehatan\nKabupaten Kotawaringin Timur",
        "body_text": "Perhatikan jadwal.",
        "tembusan": "",
    }
    response = client.post(url, data)
    assert (response.status_code, response["Location"]) == (302, url)
    letter = Letter.objects.get(pk=w["letter"].pk)
    assert (letter.subject, letter.body_text, letter.tembusan, letter.draft_version) == (
        "Rekomendasi Kegiatan Statistik Survei Uji",
        "Perhatikan jadwal.",
        "",
        2,
    )


def test_post_edit_by_an_unassigned_reviewer_changes_nothing(client, decided):
    w = decided
    client.force_login(w["reviewer2"])
    url = reverse("letters:draft", kwargs={"pk": w["submission"].pk})
    response = client.post(url, {"sifat": "X", "subject": "X", "addressee": "X", "body_text": "X", "tembusan": ""})
    assert response.status_code == 302
    letter = Letter.objects.get(pk=w["letter"].pk)
    assert (letter.subject, letter.draft_version) == (w["letter"].subject, 1)


def test_post_send_to_head(client, decided):
    w = decided
    _render(w["letter"])
    client.force_login(w["reviewer"])
    url = reverse("letters:draft_send", kwargs={"pk": w["submission"].pk})
    assert client.post(url).status_code == 302
    assert client.post(url).status_code == 302  # a repeated click
    assert Letter.objects.get(pk=w["letter"].pk).state == LetterState.AWAITING_SIGNATURE
    assert _awaiting_signature() == [w["head"].email]


def test_review_page_links_the_letter_draft(client, decided):
    w = decided
    client.force_login(w["reviewer"])
    response = client.get(reverse("review:detail", kwargs={"pk": w["submission"].pk}))
    assert f'href="{reverse("letters:draft", kwargs={"pk": w["submission"].pk})}"' in response.content.decode()

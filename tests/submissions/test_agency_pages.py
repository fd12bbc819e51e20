"""The agency's pages after issue 17: the result first once the letter is issued (and layak / tidak layak in the
lists), the reviewers' notes where the tables are edited, deleting a draft never submitted, and the
confirmation the submit button asks for."""

import logging

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse

from letters.models import Letter
from review.services import note_add, review_return_for_revision
from submissions.attachments import attachment_add
from submissions.models import Submission, Transition
from submissions.states import State
from submissions.workflow import submission_transition
from tests.factories import SubmissionFactory, agency_user, pdf_bytes, submission_for

pytestmark = pytest.mark.django_db
ID = {"HTTP_ACCEPT_LANGUAGE": "id"}


@pytest.fixture
def world(shared_world):
    return shared_world


def _issued(world, decision):
    """A submission whose letter of `decision` is signed and issued (as letters.issuing does it)."""
    trait = {"feasible": True} if decision == State.FEASIBLE else {"not_feasible": True}
    s = SubmissionFactory(owner=world["user"], title=f"Survei {decision}", **trait)
    Letter.objects.filter(submission=s).update(state="ditandatangani", number=f"B-{s.pk}/62020/VS.300/2027")
    return submission_transition(submission=s, to=State.ISSUED, actor=world["head"])[0]


def _page(client, name, **kwargs):
    return client.get(reverse(f"submissions:{name}", kwargs=kwargs), **ID).content.decode()


# --- the result first -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(("decision", "label"), [(State.FEASIBLE, "Layak"), (State.NOT_FEASIBLE, "Tidak layak")])
def test_an_issued_submission_leads_with_its_decision_and_the_letter(world, client, decision, label):
    s = _issued(world, decision)
    client.force_login(world["user"])

    html = _page(client, "overview", pk=s.pk)

    result = html.index('data-testid="result"')
    assert f'data-testid="result-decision">{label}</span>' in html
    download = html.index('data-testid="letter-download"')
    assert result < download < html.index('data-testid="history"') < html.index('data-testid="completeness-panel"')
    assert html.count('data-testid="letter-download"') == 1
    # The form's completeness is still there, folded, after the history.
    assert html.index('data-testid="completeness-details"') < html.index('data-testid="completeness-panel"')
    assert f"B-{s.pk}/62020/VS.300/2027" in html


def test_an_undecided_submission_still_leads_with_completeness(world, client):
    s = SubmissionFactory(owner=world["user"], feasible=True)  # proposed, not yet approved: the agency waits
    client.force_login(world["user"])

    html = _page(client, "overview", pk=s.pk)

    assert 'data-testid="result"' not in html and 'data-testid="completeness-details"' not in html
    assert html.index('data-testid="completeness-panel"') < html.index('data-testid="history"')


def test_the_list_says_layak_or_tidak_layak_once_issued_and_nothing_before(world, client):
    feasible = _issued(world, State.FEASIBLE)
    not_feasible = _issued(world, State.NOT_FEASIBLE)
    pending = SubmissionFactory(owner=world["user"], title="Survei menunggu", not_feasible=True)
    client.force_login(world["user"])

    html = _page(client, "list")

    rows = {}
    for s in (feasible, not_feasible, pending):
        start = html.index(f'/pengajuan/{s.pk}/"')
        rows[s.pk] = html[start : html.index("</tr>", start)]
    assert "Surat terbit: layak" in rows[feasible.pk]
    assert "Surat terbit: tidak layak" in rows[not_feasible.pk]
    assert "Keputusan sedang disetujui" in rows[pending.pk] and "layak</span>" not in rows[pending.pk]
    dashboard = client.get(reverse("agency_dashboard"), **ID).content.decode()
    assert "Surat terbit: layak" in dashboard and "Surat terbit: tidak layak" in dashboard


def test_the_list_works_out_the_decisions_in_one_query(world, client, django_assert_max_num_queries):
    for decision in (State.FEASIBLE, State.NOT_FEASIBLE, State.FEASIBLE):
        _issued(world, decision)
    client.force_login(world["user"])
    _page(client, "list")
    with django_assert_max_num_queries(12) as queries:
        _page(client, "list")
    assert sum("submissions_transition" in q["sql"] for q in queries.captured_queries) == 1


# --- notes where the tables are edited ---------------------------------------------------------------------


def _returned_with_table_notes(world):
    s = SubmissionFactory(owner=world["user"], in_review=True, reviewer=world["reviewer"])
    note_add(submission=s, section="variables", text="Definisi variabel umur kurang jelas.", actor=world["reviewer"])
    note_add(submission=s, section="indicators", text="Tambahkan satuan indikator.", actor=world["reviewer"])
    note_add(submission=s, section="attachments", text="Surat pengantar belum ditandatangani.", actor=world["reviewer"])
    return review_return_for_revision(submission=s, actor=world["reviewer"])


@pytest.mark.parametrize(
    ("page", "text"),
    [
        ("variables", "Definisi variabel umur kurang jelas."),
        ("indicators", "Tambahkan satuan indikator."),
        ("attachments", "Surat pengantar belum ditandatangani."),
        ("variable_add", "Definisi variabel umur kurang jelas."),
        ("indicator_add", "Tambahkan satuan indikator."),
    ],
)
def test_a_tables_notes_show_with_their_reply_box_where_it_is_edited(world, client, page, text):
    s = _returned_with_table_notes(world)
    note = s.notes.get(text=text)
    client.force_login(world["user"])

    html = _page(client, page, pk=s.pk)

    assert html.count('data-testid="agency-note"') == 1
    assert text in html
    assert f'action="{reverse("review:note_respond", kwargs={"pk": note.pk})}"' in html
    assert f'id="response-{note.pk}"' in html


def test_answering_a_table_note_returns_to_the_table(world, client):
    s = _returned_with_table_notes(world)
    note = s.notes.get(section="variables")
    client.force_login(world["user"])

    response = client.post(reverse("review:note_respond", kwargs={"pk": note.pk}), {"response": "Sudah diperjelas."})

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('submissions:variables', kwargs={'pk': s.pk})}#note-{note.pk}"
    note.refresh_from_db()
    assert note.response == "Sudah diperjelas." and note.addressed_at is not None


def test_a_table_without_notes_shows_none(world, client):
    s = SubmissionFactory(owner=world["user"], needs_revision=True)  # its note is on section 3
    client.force_login(world["user"])
    assert 'data-testid="agency-note"' not in _page(client, "variables", pk=s.pk)


# --- deleting a draft ---------------------------------------------------------------------------------------


def test_an_agency_deletes_a_draft_after_confirming_it_with_its_files(
    world, client, caplog, django_capture_on_commit_callbacks
):
    s = submission_for(world["user"], title="Survei lama")
    attachment = attachment_add(
        submission=s, kind="lainnya", file=_pdf("lama.pdf"), actor=world["user"], description="Catatan"
    )
    name = attachment.file.name
    client.force_login(world["user"])
    overview = _page(client, "overview", pk=s.pk)
    assert reverse("submissions:delete", kwargs={"pk": s.pk}) in overview

    confirm = _page(client, "delete", pk=s.pk)
    assert 'data-testid="delete-question"' in confirm and "Survei lama" in confirm
    assert 'name="confirm" value="1"' in confirm
    unconfirmed = client.post(reverse("submissions:delete", kwargs={"pk": s.pk}), **ID)
    assert unconfirmed.status_code == 400 and 'data-testid="delete-question"' in unconfirmed.content.decode()
    assert Submission.objects.filter(pk=s.pk).exists()  # asking changes nothing

    with caplog.at_level(logging.INFO, logger="submissions.services"), django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("submissions:delete", kwargs={"pk": s.pk}), {"confirm": "1"}, **ID)

    assert response.status_code == 302 and response["Location"] == reverse("submissions:list")
    assert not Submission.objects.filter(pk=s.pk).exists()
    assert not default_storage.exists(name)
    assert f"Draft {s.pk} (fs3, 'Survei lama') of agency {world['agency_org'].pk} deleted by user" in caplog.text
    again = client.post(reverse("submissions:delete", kwargs={"pk": s.pk}), {"confirm": "1"}, follow=True, **ID)
    assert "Draf ini sudah dihapus; tidak ada yang berubah." in again.content.decode()


def test_a_colleague_of_the_agency_may_delete_its_draft_and_nobody_else(world, client):
    s = submission_for(world["user"])
    colleague = agency_user(world["agency_org"])
    url = reverse("submissions:delete", kwargs={"pk": s.pk})
    for outsider in (world["other_agency"], world["reviewer"]):
        client.force_login(outsider)
        assert client.post(url, {"confirm": "1"}).status_code == 404
    client.force_login(colleague)
    assert client.post(url, {"confirm": "1"}).status_code == 302
    assert not Submission.objects.filter(pk=s.pk).exists()


@pytest.mark.parametrize("trait", ["submitted", "returned_incomplete", "withdrawn"])
def test_what_was_submitted_once_cannot_be_deleted(world, client, trait):
    s = SubmissionFactory(owner=world["user"], **{trait: True})
    client.force_login(world["user"])
    assert reverse("submissions:delete", kwargs={"pk": s.pk}) not in _page(client, "overview", pk=s.pk)

    response = client.post(reverse("submissions:delete", kwargs={"pk": s.pk}), {"confirm": "1"}, follow=True, **ID)

    assert "Hanya draf yang belum pernah diajukan yang dapat dihapus." in response.content.decode()
    assert Submission.objects.filter(pk=s.pk).exists()
    assert Transition.objects.filter(submission=s).exists()


# --- confirmation before submitting ---------------------------------------------------------------------------


def test_the_submit_button_asks_for_confirmation(world, client):
    s = SubmissionFactory(owner=world["user"], complete=True)
    client.force_login(world["user"])
    html = _page(client, "overview", pk=s.pk)
    button = html[html.index('data-testid="submit-button"') :][:400]
    assert 'data-confirm="Ajukan formulir ini ke BPS Kabupaten Kotawaringin Timur?' in button


def _pdf(name):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, pdf_bytes(), content_type="application/pdf")

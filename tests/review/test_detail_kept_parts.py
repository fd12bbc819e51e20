"""The review page's message log and automatic pre-review, kept between views (issue 20): the log's HTML under a
digest of what its rows show (review.templatetags.review_kept.message_log), the pre-review's results under the
submission's version and the rules' columns (submissions.prereview_input.prereview_results_kept). Each follows
every change of what it shows on the very next view, and a kept view skips their reads."""

import re
from html import unescape

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from notifications.enums import MessageState
from notifications.models import Message
from notifications.selectors import submission_ref
from prereview.models import Rule
from prereview.services import rules_seed
from review import services
from submissions import tables
from submissions.attachments import attachment_add, attachment_delete
from submissions.enums import AttachmentKind
from submissions.models import Variable
from tests.factories import pdf_bytes
from tests.notifications.test_message_log import make
from tests.review.test_detail_large_form import _form

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
ID = {"HTTP_ACCEPT_LANGUAGE": "id"}


def _page(client, submission, language=EN) -> str:
    response = client.get(reverse("review:detail", args=[submission.pk]), **language)
    assert response.status_code == 200
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", response.content.decode())


def _log(page: str) -> str:
    return page[page.index('id="message-log"') : page.index("</section>", page.index('id="message-log"'))]


def _row(page: str, message) -> str:
    row = page[page.index(f'id="message-{message.pk}"') :]
    return row[: row.index("</tr>")]


# --- the message log ----------------------------------------------------------------------------------------


def test_kept_message_log_follows_every_change_of_its_rows(office_world, client):
    w = office_world
    s = w["submission"]
    messages = list(Message.objects.filter(subject_ref=submission_ref(s.pk)).order_by("pk"))
    assert messages  # submitting told the office and the agency
    first = messages[0]
    client.force_login(w["reviewer"])
    page = _page(client, s)
    assert _page(client, s) == page  # viewed again: the same page
    assert f'data-state="{MessageState.QUEUED}"' in _row(page, first)

    # The outbox sends it (its own write: state, attempts, time sent).
    Message.objects.filter(pk=first.pk).update(state=MessageState.SENT, attempts=1, sent_at=timezone.now())
    page = _page(client, s)
    assert f'data-state="{MessageState.SENT}"' in _row(page, first)
    # A retry's error, a recipient renamed, a message added: each on the next view.
    Message.objects.filter(pk=messages[-1].pk).update(attempts=2, last_error="SMTP 451 coba lagi")
    assert "SMTP 451 coba lagi" in _row(_page(client, s), messages[-1])
    named = next(m for m in messages if m.recipient_id)
    type(named.recipient).objects.filter(pk=named.recipient_id).update(full_name="Nama Baru Penerima")
    assert "Nama Baru Penerima" in _row(_page(client, s), named)
    added = make(w["office"], state=MessageState.SENT, subject_ref=submission_ref(s.pk))
    page = _page(client, s)
    assert f'id="message-{added.pk}"' in page
    assert f'data-testid="message-log-count">{len(messages) + 1}<' in page
    # Another language: the labels follow it.
    assert _log(_page(client, s, ID)) != _log(page)


def test_a_failed_message_shows_its_resend_button_to_who_may_resend(office_world, client):
    """A log with a message to resend carries the reader's permission and CSRF token: rendered for each reader."""
    w = office_world
    s = w["submission"]
    client.force_login(w["reviewer"])
    _page(client, s)  # kept without a failed message
    failed = make(w["office"], subject_ref=submission_ref(s.pk))
    assert 'data-testid="resend"' not in _row(_page(client, s), failed)  # a reviewer sees, never resends
    client.force_login(w["office_admin"])
    resend = reverse("office_message_resend", args=[w["office"].code, failed.pk])
    assert resend in _row(_page(client, s), failed)
    assert client.post(resend, {"next": "/"}, **EN).status_code == 302
    page = _page(client, s)  # queued again: no button, the state shown at once
    assert f'data-state="{MessageState.QUEUED}"' in _row(page, failed) and resend not in page


def test_a_kept_message_log_reads_the_outbox_once_and_builds_no_row(office_world, client):
    w = office_world
    s = w["submission"]
    client.force_login(w["reviewer"])
    _page(client, s)
    with CaptureQueriesContext(connection) as captured:
        page = _page(client, s)
    outbox = [q["sql"] for q in captured.captured_queries if f'"{Message._meta.db_table}"' in q["sql"]]
    assert len(outbox) == 1  # the stamp; the rows (with their recipient and office) are not read again
    assert '"romantik_office"' not in outbox[0]
    assert 'id="message-log"' in page


def test_the_message_log_is_not_shown_to_a_colleague_asked_for_advice(office_world, client):
    w = office_world
    s = w["submission"]
    services.consultation_request(
        submission=s, question="Mohon saran", to_user=w["other_reviewer"], to_office=None, actor=w["reviewer"]
    )
    client.force_login(w["other_reviewer"])
    assert 'id="message-log"' not in _page(client, s)
    client.force_login(w["reviewer"])
    assert 'id="message-log"' in _page(client, s)


# --- the automatic pre-review --------------------------------------------------------------------------------


@pytest.fixture
def rules(db):
    rules_seed()  # the migration's rows, unless a transactional test flushed them


def _prereview(page: str, key: str) -> str:
    item = page[page.index(f'data-rule="{key}"') :]
    return item[: item.index("</li>")]


def test_kept_prereview_follows_the_rules_and_the_form(office_world, client, rules):
    w = office_world
    s = _form(w, variables=2, indicators=1, rounds=1, notes_per_round=1)
    Variable.objects.filter(submission=s).update(question_text="Berapa?")  # a complete design ...
    s = services.review_return_for_revision(submission=s, actor=w["reviewer"])  # ... under a new version
    client.force_login(w["reviewer"])
    page = _page(client, s)
    assert _page(client, s) == page
    assert 'data-status="pass"' in _prereview(page, "variabel-definisi")

    # A rule changed on the catalogue's page applies at once, and so does one switched off.
    Rule.objects.filter(key="variabel-definisi").update(title="Definisi dan pertanyaan lengkap")
    assert "Definisi dan pertanyaan lengkap" in _prereview(_page(client, s), "variabel-definisi")
    Rule.objects.filter(key="jadwal-analisis").update(enabled=False)
    assert 'data-rule="jadwal-analisis"' not in _page(client, s)

    # The agency adds a variable without its question text (the table service bumps the version).
    tables.variable_save(
        submission=s, actor=w["agency"], data={"name": "Umur", "definition": "Umur dalam tahun", "data_type": "numerik"}
    )
    result = _prereview(_page(client, s), "variabel-definisi")
    assert 'data-status="violation"' in result and "Umur" in result


def test_a_kept_prereview_reads_no_variable(office_world, client, rules):
    w = office_world
    s = _form(w, variables=3, indicators=1, rounds=1, notes_per_round=1)
    client.force_login(w["reviewer"])
    _page(client, s)
    with CaptureQueriesContext(connection) as captured:
        assert 'data-rule="variabel-definisi"' in _page(client, s)
    reads = [q["sql"] for q in captured.captured_queries if f'"{Variable._meta.db_table}"."question_text"' in q["sql"]]
    assert reads == []


def test_a_violation_noted_shows_so_on_a_kept_prereview(office_world, client, rules):
    """The results are kept, the marks of the page are not: a note made of a violation shows at once."""
    w = office_world
    s = _form(w, variables=1, indicators=1, rounds=1, notes_per_round=1)
    client.force_login(w["reviewer"])
    page = _page(client, s)
    result = _prereview(page, "variabel-definisi")
    assert 'data-status="violation"' in result and 'data-testid="prereview-make-note"' in result
    text = re.search(r'name="text" value="([^"]*)"', result).group(1)
    services.note_add(submission=s, section="variables", field="", text=unescape(text), actor=w["reviewer"])
    assert 'data-testid="prereview-noted"' in _prereview(_page(client, s), "variabel-definisi")


pytestmark = pytest.mark.django_db


# --- the answers of each section -----------------------------------------------------------------------------


def _answer(page: str, field: str) -> str:
    item = page[page.index(f'data-testid="answer" data-field="{field}"') :]
    return item[: item.index("</dd>")]


def test_kept_answers_follow_the_form_and_place_the_notes_on_each_view(office_world, client):
    w = office_world
    s = _form(w, variables=1, indicators=1, rounds=1, notes_per_round=0)  # no note yet
    client.force_login(w["reviewer"])
    page = _page(client, s)
    assert _page(client, s) == page
    assert "Tujuan baru yang diperbaiki" not in page

    # A note on a question: in its place at once, with its delete button for its author only.
    note = services.note_add(
        submission=s, section="3", field="objective", text="Perjelas tujuannya", actor=w["reviewer"]
    )
    page = _page(client, s)
    objective = _answer(page, "objective")
    assert f'id="note-{note.pk}"' in objective and 'data-testid="note-delete"' in objective
    assert "\x00" not in page
    client.force_login(w["head"])
    objective = _answer(_page(client, s), "objective")
    assert f'id="note-{note.pk}"' in objective and 'data-testid="note-delete"' not in objective

    # Deleted by its author: gone from its place at once (and another note there shows).
    client.force_login(w["reviewer"])
    assert client.post(reverse("review:note_delete", args=[s.pk, note.pk]), **EN).status_code == 302
    page = _page(client, s)
    assert f'id="note-{note.pk}"' not in page and 'class="list-group mt-1"' not in _answer(page, "objective")
    assert "\x00" not in page
    note = services.note_add(submission=s, section="3", field="objective", text="Perjelas lagi", actor=w["reviewer"])

    # The agency's answer revised (the form's save bumps the version): shown on the next view.
    s = services.review_return_for_revision(submission=s, actor=w["reviewer"])
    s.objective = "Tujuan baru yang diperbaiki"
    s.save()
    page = _page(client, s)
    assert "Tujuan baru yang diperbaiki" in _answer(page, "objective")
    assert f'id="note-{note.pk}"' in _answer(page, "objective")
    # Another language: the labels follow it.
    assert _page(client, s, ID) != page


# --- the sections: the attachments and the note forms ----------------------------------------------------------


def _section(page: str, key: str) -> str:
    card = page[page.index(f'<section class="card mb-3" id="section-{key}"') :]
    return card[: card.index("</section>")]


def test_kept_attachments_follow_their_writes_and_the_readers_right_to_download(office_world, client):
    w = office_world
    s = _form(w, variables=1, indicators=1, rounds=1, notes_per_round=1)
    client.force_login(w["reviewer"])
    before = _section(_page(client, s), "attachments")
    assert _section(_page(client, s), "attachments") == before
    assert "laporan-tambahan.pdf" not in before

    s = services.review_return_for_revision(submission=s, actor=w["reviewer"])
    added = attachment_add(
        submission=s,
        kind=AttachmentKind.OTHER,
        file=SimpleUploadedFile("laporan-tambahan.pdf", pdf_bytes(), content_type="application/pdf"),
        actor=w["agency"],
    )
    download = reverse("submissions:attachment_download", args=[s.pk, added.pk])
    shown = _section(_page(client, s), "attachments")
    assert "laporan-tambahan.pdf" in shown and download in shown

    # A colleague asked for advice sees the list as their own right to download says.
    services.consultation_request(
        submission=s, question="Mohon saran", to_user=w["other_reviewer"], to_office=None, actor=w["reviewer"]
    )
    client.force_login(w["other_reviewer"])
    theirs = _section(_page(client, s), "attachments")
    assert "laporan-tambahan.pdf" in theirs
    assert (download in theirs) == w["other_reviewer"].has_perm("submissions.view_submission", s)

    client.force_login(w["reviewer"])
    attachment_delete(attachment=added, actor=w["agency"])
    assert "laporan-tambahan.pdf" not in _section(_page(client, s), "attachments")


def test_a_refused_note_comes_back_in_its_kept_section_with_its_errors(office_world, client):
    w = office_world
    s = _form(w, variables=1, indicators=1, rounds=1, notes_per_round=1)
    client.force_login(w["reviewer"])
    page = _page(client, s)
    assert page.count('data-testid="note-form"') >= 5  # a form per section for the reviewer
    assert 'data-testid="note-form"' not in _section(page, "3").split("<details", 1)[0]
    response = client.post(reverse("review:note_add", args=[s.pk]), {"section": "3", "field": "", "text": ""}, **EN)
    html = response.content.decode()
    assert response.status_code == 400
    section = _section(html, "3")
    assert '<details class="mt-3" open>' in section and "Write the note." in section
    assert '<details class="mt-3" open>' not in _section(html, "4")
    assert "\x00" not in html
    client.force_login(w["head"])  # not reviewing: no form at all
    assert 'data-testid="note-form"' not in _page(client, s)


def test_a_kept_section_counts_its_notes_at_once(office_world, client):
    """Adding or deleting a note does not change the submission's version: the count is in the key."""
    w = office_world
    s = _form(w, variables=1, indicators=1, rounds=1, notes_per_round=0)
    client.force_login(w["reviewer"])
    first, second = (
        services.note_add(submission=s, section="4", field="", text=text, actor=w["reviewer"])
        for text in ("Catatan satu", "Catatan dua")
    )
    badge = '<span class="badge rounded-pill text-bg-info"><i class="bi bi-chat-left-text" aria-hidden="true"></i> {}<'
    assert badge.format(2) in _section(_page(client, s), "4")
    assert client.post(reverse("review:note_delete", args=[s.pk, first.pk]), **EN).status_code == 302
    section = _section(_page(client, s), "4")
    assert badge.format(1) in section and f'id="note-{second.pk}"' in section and f'id="note-{first.pk}"' not in section


def _two_sessions(w, s) -> list[tuple[Client, str]]:
    """The review page as the reviewer sees it in two new sessions (checking CSRF): the second view is the kept one."""
    views = []
    for _ in range(2):
        client = Client(enforce_csrf_checks=True)
        client.force_login(w["reviewer"])
        views.append((client, client.get(reverse("review:detail", args=[s.pk]), **EN).content.decode()))
    return views


def test_a_kept_prereview_carries_each_readers_own_csrf_token(office_world, rules):
    """Its make-a-note buttons are forms: kept, their CSRF token is still the reader's, and it is accepted."""
    w = office_world
    s = _form(w, variables=1, indicators=1, rounds=1, notes_per_round=1)
    client, html = _two_sessions(w, s)[-1]
    result = _prereview(html, "variabel-definisi")
    assert "\x00" not in html and 'data-testid="prereview-make-note"' in result
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', result).group(1)
    text = unescape(re.search(r'name="text" value="([^"]*)"', result).group(1))
    data = {"csrfmiddlewaretoken": token, "section": "variables", "field": "", "text": text}
    assert client.post(reverse("review:note_add", args=[s.pk]), data, **EN).status_code == 302
    assert 'data-testid="prereview-noted"' in _prereview(_page(client, s), "variabel-definisi")


def test_a_kept_note_with_a_delete_button_carries_each_readers_own_csrf_token(office_world):
    w = office_world
    s = _form(w, variables=1, indicators=1, rounds=1, notes_per_round=1)
    note = s.notes.get()
    delete = reverse("review:note_delete", args=[s.pk, note.pk])
    tokens = set()
    views = _two_sessions(w, s)
    for _, html in views:
        item = html[html.index(f'id="note-{note.pk}"') :]
        item = item[: item.index("</li>")]
        assert delete in item and "\x00" not in html
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', item).group(1)
        tokens.add(token)
    assert len(tokens) == 2  # each session's own
    client = views[-1][0]
    assert client.post(delete, {"csrfmiddlewaretoken": token}, **EN).status_code == 302
    assert not s.notes.exists()


def test_a_kept_sections_note_form_carries_each_readers_own_csrf_token(office_world):
    w = office_world
    s = _form(w, variables=1, indicators=1, rounds=1, notes_per_round=1)
    client, html = _two_sessions(w, s)[-1]
    form = _section(html, "4")
    form = form[form.index('data-testid="note-form"') :]
    assert "\x00" not in html
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
    data = {"csrfmiddlewaretoken": token, "section": "4", "field": "", "text": "Catatan lewat formulir"}
    assert client.post(reverse("review:note_add", args=[s.pk]), data, **EN).status_code == 302
    assert "Catatan lewat formulir" in _section(_page(client, s), "4")

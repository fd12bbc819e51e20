"""The review page's notes and note forms (issue 20): whether each note may be deleted is worked out without
wording a refusal (review.rules.note_deletable, the same answer as note_delete_refusal), and the sections' empty
note forms are made only when a section's HTML is (review_kept.FormLater), the page being the same."""

import re

import pytest
from django.test import Client
from django.urls import reverse

import review.views.detail as detail
from review.models import SectionNote
from review.rules import is_coordinator, note_deletable, note_delete_refusal
from review.templatetags import review_kept
from tests.review.test_detail_large_form import _form

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def _page(client, s) -> str:
    response = client.get(reverse("review:detail", args=[s.pk]), **EN)
    assert response.status_code == 200
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", response.content.decode())


@pytest.mark.parametrize("who", ["reviewer", "reviewer2", "coordinator", "front_desk", "head"])
def test_note_deletable_answers_as_the_refusal(office_world, who):
    w = office_world
    s = _form(w, variables=1, indicators=1, rounds=2, notes_per_round=2)
    user = w[who]
    notes = list(SectionNote.objects.filter(submission=s))
    assert {n.round for n in notes} == {s.round - 1, s.round}
    for note in notes:
        expected = note_delete_refusal(user, note, s) is None
        assert note_deletable(user, note, s, coordinator=is_coordinator(user, s)) == expected


def test_a_kept_view_makes_no_note_form_and_shows_the_same_forms(office_world, monkeypatch):
    w = office_world
    s = _form(w, variables=3, indicators=1, rounds=1, notes_per_round=1)
    review_kept.kept_clear()
    made = []
    real = detail.NoteForm

    def counted(*args, **kwargs):
        made.append(kwargs.get("auto_id"))
        return real(*args, **kwargs)

    monkeypatch.setattr(detail, "NoteForm", counted)
    client = Client()
    client.force_login(w["reviewer"])
    first = _page(client, s)
    assert made and first.count('data-testid="note-form"') == len(made)  # each section's form, made once
    made.clear()
    assert _page(client, s) == first
    assert made == []  # kept: no form made
    # A note added: its section is made again, with its form; the page shows the note and every form.
    client.post(reverse("review:note_add", args=[s.pk]), {"section": "4", "field": "", "text": "Catatan baru"}, **EN)
    _page(client, s)  # with the message "note added"
    again = _page(client, s)
    assert "Catatan baru" in again and again.count('data-testid="note-form"') == first.count('data-testid="note-form"')
    review_kept.kept_clear()
    assert _page(client, s) == again

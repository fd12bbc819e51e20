"""The review page of a large form (issue 20): the same queries for a form of one variable and of a hundred and
twenty with many indicators and notes over three rounds, and the HTML it keeps between views
(review.templatetags.review_kept) follows every change of what it shows."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from review import services
from review.models import SectionNote
from review.templatetags.review_kept import kept_clear
from submissions.models import Indicator, Variable
from submissions.services import submission_submit
from tests.factories import fill_complete, submission_for

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
ID = {"HTTP_ACCEPT_LANGUAGE": "id"}


def _form(world, *, variables: int, indicators: int, rounds: int, notes_per_round: int):
    """A form under review by `reviewer` after `rounds` rounds, with notes on questions and on sections."""
    user = world["agency"]
    s = fill_complete(submission_for(user, title=f"Survei {variables}"), variables=variables)
    Indicator.objects.bulk_create(
        Indicator(submission=s, position=i, name=f"Indikator {i}", definition=f"Definisi {i}", unit="persen")
        for i in range(indicators)
    )
    s = submission_submit(submission=s, actor=user)
    s = services.review_accept(submission=s, actor=world["front_desk"])
    services.review_assign(submission=s, reviewers=[world["reviewer"]], actor=world["coordinator"])
    places = [("3", "objective"), ("4", ""), ("variables", ""), ("indicators", "")]
    for r in range(rounds):
        for i in range(notes_per_round):
            section, field = places[i % len(places)]
            services.note_add(submission=s, section=section, field=field, text=f"r{r} n{i}", actor=world["reviewer"])
        if r < rounds - 1:
            s = services.review_return_for_revision(submission=s, actor=world["reviewer"])
            s = submission_submit(submission=s, actor=user)  # straight back in review
    return s


def _queries(client, submission) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("review:detail", args=[submission.pk]), **EN).status_code == 200
    return len(queries)


@pytest.mark.parametrize("role", ["reviewer", "coordinator"])
def test_review_page_queries_are_the_same_for_a_small_and_a_large_form(office_world, client, role):
    w = office_world
    small = _form(w, variables=1, indicators=1, rounds=1, notes_per_round=2)
    large = _form(w, variables=120, indicators=25, rounds=3, notes_per_round=8)
    assert (small.variables.count(), small.indicators.count(), small.notes.count()) == (1, 1, 2)
    assert (large.variables.count(), large.indicators.count(), large.notes.count()) == (120, 25, 24)
    client.force_login(w[role])
    for submission in (small, large):  # the session, content types and the kept HTML of the first view
        _queries(client, submission)
    assert _queries(client, small) == _queries(client, large)
    kept_clear()  # viewed first in this process: the kept HTML is made again, with the same queries for both
    first_small, first_large = _queries(client, small), _queries(client, large)
    assert first_small == first_large


def _page(client, submission, language=EN) -> str:
    html = client.get(reverse("review:detail", args=[submission.pk]), **language).content.decode()
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html)


def test_kept_html_follows_every_change_of_what_it_shows(office_world, client):
    w = office_world
    s = _form(w, variables=3, indicators=2, rounds=2, notes_per_round=4)
    client.force_login(w["reviewer"])
    first = _page(client, s)
    assert _page(client, s) == first  # viewed again: the same page
    assert first.count('data-testid="note"') == 8
    assert "Variabel 3" in first and "Indikator 1" in first

    Variable.objects.filter(submission=s, position=2).update(definition="Definisi yang diperbaiki")
    Indicator.objects.filter(submission=s, position=1).update(unit="orang")
    earlier = SectionNote.objects.filter(submission=s, round=1).order_by("pk").first()
    SectionNote.objects.filter(pk=earlier.pk).update(response="Sudah kami perbaiki.")
    page = _page(client, s)
    assert "Definisi yang diperbaiki" in page
    assert "<dt>Unit</dt><dd>orang</dd>" in page
    assert f'id="note-{earlier.pk}"' in page
    assert "Sudah kami perbaiki." in page

    # Another language: the labels of the kept parts follow it.
    page_id = _page(client, s, ID)
    assert "<dt>Definisi</dt>" in page_id and "<dt>Definition</dt>" not in page_id


def test_notes_with_a_delete_button_are_rendered_for_their_reader(office_world, client):
    w = office_world
    s = _form(w, variables=2, indicators=1, rounds=2, notes_per_round=2)
    current = SectionNote.objects.filter(submission=s, round=2).order_by("pk")
    client.force_login(w["reviewer"])  # their author: the notes of this round have a delete button
    page = _page(client, s)
    assert page.count('data-testid="note-delete"') == current.count() == 2
    for note in current:
        assert reverse("review:note_delete", args=[s.pk, note.pk]) in page
    client.force_login(w["head"])  # not reviewing: the same notes, no button
    page = _page(client, s)
    assert page.count('data-testid="note"') == 4
    assert 'data-testid="note-delete"' not in page
    client.force_login(w["reviewer"])  # and the author's button deletes the note
    response = client.post(reverse("review:note_delete", args=[s.pk, current[0].pk]), **EN)
    assert response.status_code == 302
    assert not SectionNote.objects.filter(pk=current[0].pk).exists()

"""The review page of a large form (issue 20): the same queries for a form of one variable and of a hundred and
twenty with many indicators and notes over three rounds, and the HTML it keeps between views
(review.templatetags.review_kept) follows every change of what it shows, through every path that writes the
variables and indicators (the table services: save, move, delete, the spreadsheet import; the API)."""

import csv
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from api.services import api_token_create
from review import services
from review.models import SectionNote
from review.templatetags.review_kept import kept_clear
from submissions import tables
from submissions.models import Indicator, Variable
from submissions.services import submission_submit
from submissions.tables.columns import EXAMPLE_ROW, VARIABLE_HEADERS
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


def _variable_data(variable, **changes) -> dict:
    data = {"name": variable.name, "definition": variable.definition, "data_type": variable.data_type}
    return {**data, **changes}


def _indicator_data(indicator, **changes) -> dict:
    return {**{"name": indicator.name, "definition": indicator.definition, "unit": indicator.unit}, **changes}


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

    # The agency revises its tables through the services (every page, the API and the import do).
    s = services.review_return_for_revision(submission=s, actor=w["reviewer"])
    assert "Definisi yang diperbaiki" not in _page(client, s)  # kept under the version the return left
    variable = Variable.objects.get(submission=s, position=2)
    tables.variable_save(
        submission=s,
        actor=w["agency"],
        variable=variable,
        data=_variable_data(variable, definition="Definisi yang diperbaiki"),
    )
    indicator = Indicator.objects.get(submission=s, position=1)
    tables.indicator_save(
        submission=s, actor=w["agency"], indicator=indicator, data=_indicator_data(indicator, unit="orang")
    )
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


def _names(page: str, testid: str) -> list[str]:
    """The names of the variables or indicators listed on the page, in order."""
    listed = page.split(f'data-testid="{testid}"', 1)[1].split("</ol>", 1)[0]
    return re.findall(r"<summary>([^<]*)</summary>", listed)


def _spreadsheet(*rows) -> SimpleUploadedFile:
    out = io.StringIO(newline="")
    csv.writer(out, lineterminator="\r\n").writerows([VARIABLE_HEADERS, *rows])
    return SimpleUploadedFile("variabel.csv", out.getvalue().encode())


def _api(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {api_token_create(user=user, name='uji')[1]}")
    return client


def _variable(s, position):
    return Variable.objects.get(submission=s, position=position)


def _indicator(s, position):
    return Indicator.objects.get(submission=s, position=position)


WRITES = {
    # name: (the write, by the agency's user `u` on submission `s`; the variables' and indicators' names after it)
    "variable moved": (
        lambda s, u: tables.variable_move(variable=_variable(s, 2), direction="up", actor=u),
        (["Variabel 1", "Variabel 3", "Variabel 2"], ["Indikator 0", "Indikator 1"]),
    ),
    "variable deleted": (
        lambda s, u: tables.variable_delete(variable=_variable(s, 0), actor=u),
        (["Variabel 2", "Variabel 3"], ["Indikator 0", "Indikator 1"]),
    ),
    "variable added": (
        lambda s, u: tables.variable_save(
            submission=s, actor=u, data={"name": "Umur", "definition": "Umur dalam tahun", "data_type": "numerik"}
        ),
        (["Variabel 1", "Variabel 2", "Variabel 3", "Umur"], ["Indikator 0", "Indikator 1"]),
    ),
    "variables imported": (
        lambda s, u: tables.variables_import(submission=s, actor=u, file=_spreadsheet(EXAMPLE_ROW)),
        (["Variabel 1", "Variabel 2", "Variabel 3", EXAMPLE_ROW[0]], ["Indikator 0", "Indikator 1"]),
    ),
    "indicator moved": (
        lambda s, u: tables.indicator_move(indicator=_indicator(s, 0), direction="down", actor=u),
        (["Variabel 1", "Variabel 2", "Variabel 3"], ["Indikator 1", "Indikator 0"]),
    ),
    "indicator deleted": (
        lambda s, u: tables.indicator_delete(indicator=_indicator(s, 1), actor=u),
        (["Variabel 1", "Variabel 2", "Variabel 3"], ["Indikator 0"]),
    ),
    "indicator added": (
        lambda s, u: tables.indicator_save(submission=s, actor=u, data={"name": "IPM", "definition": "Indeks"}),
        (["Variabel 1", "Variabel 2", "Variabel 3"], ["Indikator 0", "Indikator 1", "IPM"]),
    ),
    "variable added through the API": (
        lambda s, u: _api(u).post(
            reverse("api:submission_variables", args=[s.pk]),
            {"name": "Umur", "definition": "Umur dalam tahun", "data_type": "numerik"},
            format="json",
        ),
        (["Variabel 1", "Variabel 2", "Variabel 3", "Umur"], ["Indikator 0", "Indikator 1"]),
    ),
    "indicator added through the API": (
        lambda s, u: _api(u).post(
            reverse("api:submission_indicators", args=[s.pk]), {"name": "IPM", "definition": "Indeks"}, format="json"
        ),
        (["Variabel 1", "Variabel 2", "Variabel 3"], ["Indikator 0", "Indikator 1", "IPM"]),
    ),
}


@pytest.mark.parametrize("write", list(WRITES))
def test_kept_tables_follow_every_write_path(office_world, client, write):
    """The variables' and indicators' HTML is kept under the submission's version (`updated_at`), which every
    write of a row bumps: each write path shows on the next view, and a view with nothing written reads no row."""
    w = office_world
    s = _form(w, variables=3, indicators=2, rounds=1, notes_per_round=1)
    client.force_login(w["reviewer"])
    before = _page(client, s)
    assert (_names(before, "variables"), _names(before, "indicators")) == (
        ["Variabel 1", "Variabel 2", "Variabel 3"],
        ["Indikator 0", "Indikator 1"],
    )
    s = services.review_return_for_revision(submission=s, actor=w["reviewer"])
    returned = _page(client, s)  # kept again, under the version the return left
    assert (_names(returned, "variables"), _names(returned, "indicators")) == (
        _names(before, "variables"),
        _names(before, "indicators"),
    )
    do, expected = WRITES[write]
    result = do(s, w["agency"])
    assert getattr(result, "status_code", 201) == 201
    after = _page(client, s)
    assert (_names(after, "variables"), _names(after, "indicators")) == expected


def test_a_kept_view_reads_no_variable_or_indicator_row(office_world, client):
    w = office_world
    s = _form(w, variables=30, indicators=5, rounds=1, notes_per_round=1)
    client.force_login(w["reviewer"])
    _page(client, s)  # made and kept
    with CaptureQueriesContext(connection) as captured:
        assert "Variabel 30" in _page(client, s)
    columns = [f'"{Variable._meta.db_table}"."validation_rule"', f'"{Indicator._meta.db_table}"."unit"']
    assert not [q["sql"] for q in captured.captured_queries if any(c in q["sql"] for c in columns)]

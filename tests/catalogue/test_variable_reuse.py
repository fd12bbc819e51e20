"""Reuse of variables (issue 22): the public variables of activities recommended layak, searched on the
add-variable page, grouped by name and definition with the number of activities using them, and copied into the
form, which the agency then saves as its own."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from catalogue.models import ReusableVariable
from catalogue.reuse import MAX_RESULTS, reusable_variable_initial, reusable_variables_search
from catalogue.services import catalogue_entry_refresh, catalogue_rebuild
from classifications.services import classifications_load
from submissions.models import Variable
from submissions.states import State
from tests.factories import submission_for

from .conftest import EN, make_issued

AGE = ("Umur", "Umur dalam tahun penuh pada ulang tahun terakhir")


def described(submission, name, **fields):
    """Give the variable `name` of an issued activity more columns, and list the activity again."""
    Variable.objects.filter(submission=submission, name=name).update(**fields)
    catalogue_entry_refresh(submission=submission)


@pytest.fixture
def reuse(world):
    classifications_load()  # the migration's rows, unless a transactional test flushed them
    first = make_issued(world["agency"], title="Survei Kesehatan Ibu", variables=(AGE, ("Lapangan usaha", "KBLI")))
    described(
        first,
        "Lapangan usaha",
        question_text="Apa lapangan usaha tempat Anda bekerja?",
        classification="KBLI 2020 golongan pokok",
        standard_classification="kbli2020",
    )
    second = make_issued(world["bjm"], title="Survei Anak Sekolah", variables=(AGE,))
    other_age = make_issued(world["bjm"], title="Survei Lansia", variables=(("Umur", "Umur menurut KTP"),))
    refused = make_issued(
        world["agency"], title="Survei Ditolak", decision=State.NOT_FEASIBLE, variables=(("Umur ditolak", "x"),)
    )
    draft = submission_for(world["agency"], title="Rancangan baru")
    Variable.objects.create(submission=draft, name="Umur rancangan", definition="y", data_type="numerik")
    return {**world, "first": first, "second": second, "other_age": other_age, "refused": refused, "draft": draft}


def test_search_groups_by_name_and_definition_and_counts_the_activities(reuse):
    offers = reusable_variables_search("umur")
    assert [(o.name, o.definition, o.activities) for o in offers] == [
        ("Umur", AGE[1], 2),
        ("Umur", "Umur menurut KTP", 1),
    ]


def test_search_offers_only_public_variables_of_activities_recommended_layak(reuse):
    names = {o.name for o in reusable_variables_search("umur")}
    assert "Umur ditolak" not in names  # tidak layak
    assert "Umur rancangan" not in names  # a draft, not recommended
    assert reusable_variables_search("variabel rahasia") == []  # make_issued's non-public variable
    assert not ReusableVariable.objects.filter(name="Variabel Rahasia").exists()


def test_search_is_bounded(reuse):
    assert reusable_variables_search("um") == []  # fewer than 3 characters
    assert reusable_variables_search("  U m ") == []
    many = make_issued(
        reuse["agency"], title="Survei Banyak", variables=[(f"Umur ke-{i}", f"Definisi {i}") for i in range(30)]
    )
    assert many.variables.count() > MAX_RESULTS
    with CaptureQueriesContext(connection) as queries:
        offers = reusable_variables_search("UMUR")
    assert len(offers) == MAX_RESULTS
    assert offers[0].activities == 2  # those used most come first
    assert len(queries) == 2  # the offers, the classifications' names


def test_search_shows_the_classification_by_its_name(reuse):
    (offer,) = reusable_variables_search("lapangan")
    assert offer.question_text == "Apa lapangan usaha tempat Anda bekerja?"
    assert offer.classification == "KBLI 2020 golongan pokok"
    assert offer.standard_classification == "KBLI 2020"


def test_counts_follow_the_catalogue_and_a_rebuild_counts_again(reuse):
    catalogue_entry_refresh(submission=reuse["second"])  # written again: counted once still
    assert [(o.definition, o.activities) for o in reusable_variables_search("umur")][0] == (AGE[1], 2)
    reuse["second"].state = State.FEASIBLE  # no longer issued (as a test can make it): its entry is removed
    reuse["second"].save()
    catalogue_entry_refresh(submission=reuse["second"])
    assert [(o.definition, o.activities) for o in reusable_variables_search("umur")] == [
        (AGE[1], 1),
        ("Umur menurut KTP", 1),
    ]
    reuse["other_age"].state = State.FEASIBLE
    reuse["other_age"].save()
    ReusableVariable.objects.update(activities=7)  # drifted
    catalogue_rebuild()
    assert [(o.definition, o.activities) for o in reusable_variables_search("umur")] == [(AGE[1], 1)]


def add_url(submission, **params):
    query = "&".join(f"{k}={v}" for k, v in params.items())
    return reverse("submissions:variable_add", args=[submission.pk]) + (f"?{query}" if query else "")


def test_the_add_page_searches_and_copy_fills_the_form(reuse, client):
    client.force_login(reuse["agency"])
    draft = reuse["draft"]
    page = client.get(add_url(draft, cari="lapangan"), **EN).content.decode()
    assert 'data-testid="reuse-panel"' in page
    assert "used by 1 activity" in page and "Apa lapangan usaha tempat Anda bekerja?" in page
    (offer,) = reusable_variables_search("lapangan")
    response = client.get(add_url(draft, salin=offer.pk, cari="lapangan"), **EN)
    form = response.context["form"]
    assert form.initial["definition"] == "KBLI"
    assert form.initial["question_text"] == "Apa lapangan usaha tempat Anda bekerja?"
    assert form.initial["classification"] == "KBLI 2020 golongan pokok"
    assert form.initial["standard_classification"] == "kbli2020"
    assert "Copied from a recommended activity: check every field, then save." in response.content.decode()
    # The agency saves it as its own: the normal add, and it may change it afterwards.
    data = {k: v for k, v in form.initial.items() if v not in (None, "")}
    response = client.post(add_url(draft), {**data, "public": "on"}, **EN)
    assert response.status_code == 302
    copied = draft.variables.get(name="Lapangan usaha")
    assert (copied.definition, copied.question_text, copied.classification, copied.standard_classification) == (
        "KBLI",
        "Apa lapangan usaha tempat Anda bekerja?",
        "KBLI 2020 golongan pokok",
        "kbli2020",
    )
    edit = reverse("submissions:variable_edit", args=[draft.pk, copied.pk])
    assert client.get(edit, **EN).status_code == 200


def test_copy_of_what_is_not_offered_fills_nothing(reuse, client):
    client.force_login(reuse["agency"])
    hidden = Variable.objects.get(submission=reuse["first"], name="Variabel Rahasia")
    assert reusable_variable_initial("999999") is None
    assert reusable_variable_initial("abc") is None
    response = client.get(add_url(reuse["draft"], salin="999999"), **EN)
    assert response.context["form"].initial == {}
    assert "That variable can no longer be copied: search again." in response.content.decode()
    assert hidden.definition not in response.content.decode()


def test_a_short_query_says_so_and_the_panel_is_only_on_the_add_page(reuse, client):
    client.force_login(reuse["agency"])
    page = client.get(add_url(reuse["draft"], cari="um"), **EN).content.decode()
    assert "Type at least 3 characters of the name." in page
    variable = reuse["draft"].variables.get()
    edit = reverse("submissions:variable_edit", args=[reuse["draft"].pk, variable.pk])
    assert 'data-testid="reuse-panel"' not in client.get(edit, **EN).content.decode()


def test_only_who_may_edit_the_submission_searches(reuse, client):
    client.force_login(reuse["other_agency"])
    assert client.get(add_url(reuse["draft"], cari="umur")).status_code in (403, 404)
    submitted = reuse["submission"]  # submitted: its agency may no longer change it
    client.force_login(reuse["agency"])
    assert client.get(add_url(submitted, cari="umur")).status_code in (403, 404)


def test_the_offers_as_one_types_are_for_who_may_change_the_submission(reuse, client):
    url = reverse("catalogue:variable_reuse", args=[reuse["draft"].pk])
    client.force_login(reuse["agency"])
    response = client.get(url, {"cari": "lapangan"}, **EN)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="reuse-offer"' in html and "<html" not in html
    assert f"/pengajuan/{reuse['draft'].pk}/variabel/tambah/?salin=" in html
    assert "Type at least 3 characters" in client.get(url, {"cari": "la"}, **EN).content.decode()
    assert client.post(url, {"cari": "lapangan"}).status_code == 405
    submitted = reverse("catalogue:variable_reuse", args=[reuse["submission"].pk])
    assert client.get(submitted, {"cari": "lapangan"}).status_code == 403
    client.force_login(reuse["other_agency"])
    assert client.get(url, {"cari": "lapangan"}).status_code == 404

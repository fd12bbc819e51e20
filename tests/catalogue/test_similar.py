"""Duplicate detection: recommended activities like a draft, across agencies, shown to the agency and reviewers."""

import pytest
from django.urls import reverse
from django.utils import translation

from catalogue.selectors import similar_activities, similar_to_submission
from romantik.enums import Role
from submissions.models import Variable
from submissions.states import State
from tests.factories import staff, submission_for

from .conftest import EN, make_issued


@pytest.fixture
def catalogue(world):
    return {
        **world,
        "gizi": make_issued(
            world["agency"],
            title="Survei Status Gizi Balita Kabupaten Kotawaringin Timur",
            objective="Memperoleh prevalensi stunting balita per kecamatan",
            variables=(("Tinggi badan", "Tinggi badan anak"),),
        ),
        "gizi_bjm": make_issued(
            world["bjm"],
            title="Pemantauan Gizi Anak Sekolah Kota Banjarmasin",
            objective="Mengukur status gizi anak sekolah dasar",
            variables=(("Berat badan", "Berat badan anak"),),
        ),
        "internet": make_issued(
            world["bjm"],
            title="Survei Pemanfaatan Internet Rumah Tangga",
            objective="Mengukur akses internet",
            variables=(("Akses internet", "Rumah tangga mengakses internet"),),
        ),
    }


def pks(found) -> list[int]:
    return [s.pk for s in found]


def test_similar_by_title_across_agencies_closest_first(catalogue):
    found = similar_activities(title="Survei Gizi Balita Kecamatan Baamang")
    assert pks(found) == [catalogue["gizi"].pk, catalogue["gizi_bjm"].pk]
    assert found[0].similarity > found[1].similarity > 0


def test_similar_by_purpose_and_by_variables(catalogue):
    assert pks(similar_activities(title="Pendataan Remaja", objective="prevalensi stunting")) == [catalogue["gizi"].pk]
    assert pks(similar_activities(title="Survei Warga", variables=["Akses internet"])) == [catalogue["internet"].pk]


def test_nothing_alike_finds_nothing(catalogue):
    assert similar_activities(title="Survei Harga Cabai Pasar Tradisional") == []
    assert similar_activities(title="Survei Tahun 2026 Kabupaten") == []  # only stop words and numbers
    assert similar_activities(title="") == []


def test_similar_never_lists_the_submission_itself_nor_what_is_not_issued(catalogue):
    own = catalogue["gizi"]
    assert own.pk not in pks(similar_to_submission(own))
    draft = submission_for(catalogue["other_agency"], title="Survei Status Gizi Balita Kabupaten Kotawaringin Timur")
    decided = submission_for(catalogue["agency"], title="Survei Status Gizi Balita Kabupaten Kotawaringin Timur")
    decided.state = State.FEASIBLE
    decided.save()
    found = pks(similar_activities(title="Survei Status Gizi Balita Kabupaten Kotawaringin Timur"))
    assert draft.pk not in found and decided.pk not in found and catalogue["submission"].pk not in found
    assert found[0] == own.pk


def test_similar_respects_the_limit(catalogue):
    assert len(similar_activities(title="Survei Gizi Anak Balita", limit=1)) == 1


def test_similar_to_a_draft_without_a_title_is_empty(catalogue):
    draft = submission_for(catalogue["agency"], title="")
    assert similar_to_submission(draft) == []


def test_the_agency_sees_similar_activities_on_its_draft(client, catalogue):
    draft = submission_for(catalogue["other_agency"], title="Survei Gizi Balita Dinas Lain")
    Variable.objects.create(submission=draft, name="Tinggi badan", definition="cm", data_type="numerik")
    client.force_login(catalogue["other_agency"])
    response = client.get(reverse("submissions:overview", args=[draft.pk]), **EN)
    page = response.content.decode()
    assert 'data-testid="similar-activities"' in page
    assert reverse("catalogue:detail", args=[catalogue["gizi"].pk]) in page
    assert "Similar activities already recommended" in page
    untitled = submission_for(catalogue["other_agency"], title="")
    response = client.get(reverse("submissions:overview", args=[untitled.pk]), **EN)
    assert 'data-testid="similar-activities"' not in response.content.decode()


def test_reviewers_see_the_same_list_when_reviewing(client, catalogue):
    submission = catalogue["submission"]  # submitted by Dinas Kesehatan, at office 6202
    submission.title = "Survei Gizi Balita Kecamatan Baamang"
    submission.save()
    client.force_login(catalogue["reviewer"])
    response = client.get(reverse("review:detail", args=[submission.pk]), **EN)
    assert response.status_code == 200
    assert pks(response.context["similar_activities"]) == [catalogue["gizi"].pk, catalogue["gizi_bjm"].pk]
    assert 'data-testid="similar-activity"' in response.content.decode()
    # Staff of another office still get 404 for the page, list or not.
    client.force_login(staff(catalogue["other_office"], Role.REVIEWER))
    assert client.get(reverse("review:detail", args=[submission.pk]), **EN).status_code == 404


def test_similar_is_cached_until_the_catalogue_or_the_draft_changes(catalogue, django_assert_num_queries):
    draft = submission_for(catalogue["other_agency"], title="Survei Gizi Balita Dinas Lain")
    first = pks(similar_to_submission(draft))
    assert first == [catalogue["gizi"].pk, catalogue["gizi_bjm"].pk]
    with django_assert_num_queries(3):  # the variables, the version, the rows by id: as many as a search
        again = similar_to_submission(draft)
    assert pks(again) == first and again[0].similarity > again[1].similarity > 0
    newer = make_issued(catalogue["bjm"], title="Survei Gizi Balita Dinas Lain Juga", secrets=False)
    assert pks(similar_to_submission(draft))[0] == newer.pk  # a new entry: a new version, searched again
    draft.title = "Survei Pemanfaatan Internet"
    assert pks(similar_to_submission(draft)) == [catalogue["internet"].pk]  # another text: another key


# --- relevance, reasons, and suggestions as the agency types (issue 17) -------------------------------------


@pytest.fixture
def rice(world):
    """The issue's case: for a rice survey, a child-nutrition survey and a vehicle compilation of the same regency,
    and a rice survey recommended tidak layak, must not be suggested; a rice survey elsewhere must."""
    from submissions.enums import Sector

    regency = world["submission"].organizer_regency or world["submission"].organizer_province

    def issued(user, title, sector, variables, decision=State.FEASIBLE):
        s = make_issued(
            user,
            title=title,
            sector=sector,
            decision=decision,
            variables=[(v, f"{v} (definisi)") for v in variables],
            secrets=False,
        )
        return s

    return {
        **world,
        "padi": issued(
            world["bjm"], "Survei Luas Panen dan Produksi Padi", Sector.AGRICULTURE, ("Luas panen", "Produksi padi")
        ),
        "gizi": issued(
            world["agency"], "Survei Status Gizi Balita Kabupaten Kotawaringin Timur", Sector.HEALTH, ("Tinggi badan",)
        ),
        "kendaraan": issued(
            world["agency"],
            "Kompilasi Data Kendaraan Bermotor Kabupaten Kotawaringin Timur",
            Sector.TRANSPORT,
            ("Jenis kendaraan",),
        ),
        "padi_tidak_layak": issued(
            world["agency"],
            "Survei Produktivitas Padi Kabupaten Kotawaringin Timur",
            Sector.AGRICULTURE,
            ("Luas panen", "Produksi padi"),
            decision=State.NOT_FEASIBLE,
        ),
        "regency": regency,
    }


def test_a_rice_survey_is_shown_rice_surveys_not_nutrition_vehicles_nor_a_tidak_layak_one(rice):
    from submissions.enums import Sector

    found = similar_activities(
        title="Survei Produktivitas Padi Kabupaten Kotawaringin Timur 2027",
        variables=["Luas panen", "Produksi gabah"],
        sector=Sector.AGRICULTURE,
    )
    assert pks(found) == [rice["padi"].pk]
    assert found[0].match.variables == ("Luas panen",) and "padi" in found[0].match.title_words


def test_each_suggestion_says_why(rice):
    from catalogue.selectors import similar_explained
    from submissions.enums import Sector

    found = similar_explained(
        similar_activities(
            title="Survei Produksi Padi Sawah",
            variables=["Luas panen", "Produksi padi"],
            sector=Sector.AGRICULTURE,
        )
    )
    assert pks(found) == [rice["padi"].pk]
    with translation.override("id"):
        reasons = similar_explained(found)[0].reasons
    assert reasons[0] == "2 variabel sama: Luas panen, Produksi padi"
    assert "Kata judul yang sama: padi" in reasons and "Sektor sama: Pertanian dan Perikanan" in reasons
    assert not any(r.startswith("Juga ada") for r in reasons)  # its words are those of the shared variables


def test_suggestions_endpoint_as_the_agency_types(client, rice):
    url = reverse("catalogue:similar")
    response = client.get(url, {"judul": "Survei Produktivitas Padi", "sektor": "1"}, **EN)
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    data = response.json()
    assert [r["id"] for r in data["results"]] == [rice["padi"].pk] and data["count"] == 1
    assert "Title words in common: padi" in data["results"][0]["reasons"]
    assert reverse("catalogue:detail", args=[rice["padi"].pk]) in data["html"]
    assert reverse("catalogue:detail", args=[rice["gizi"].pk]) not in data["html"]
    # The variables typed count too, and the submission itself is never suggested.
    data = client.get(url, {"judul": "Pendataan Lahan", "variabel": ["Luas panen", "Produksi padi"]}, **EN).json()
    assert [r["id"] for r in data["results"]] == [rice["padi"].pk]
    data = client.get(url, {"judul": "Survei Produksi Padi", "kecuali": rice["padi"].pk}, **EN).json()
    assert data["results"] == [] and 'data-testid="similar-none"' in data["html"]
    assert client.get(url, {"judul": ""}, **EN).json()["count"] == 0
    assert client.post(url, {"judul": "padi"}, **EN).status_code == 405


def test_the_box_stands_beside_the_title_and_the_variables(client, rice):
    from submissions.models import Variable

    user = rice["other_agency"]
    client.force_login(user)
    # The new-submission page: empty until something is typed (static/js/similar.js), no inline script.
    page = client.get(reverse("submissions:new"), **EN).content.decode()
    assert 'data-testid="similar-suggestions"' in page and 'data-similar-watch="title=judul"' in page
    assert "js/similar.js" in page
    draft = submission_for(user, title="Survei Produktivitas Padi Sawah")
    Variable.objects.create(submission=draft, name="Luas panen", definition="ha", data_type="numerik")
    header = client.get(reverse("submissions:section", args=[draft.pk, "header"]), **EN).content.decode()
    title_at, box_at = header.index('data-field="title"'), header.index('data-testid="similar-suggestions"')
    assert title_at < box_at < header.index('data-field="year"')  # right after the title
    assert reverse("catalogue:detail", args=[rice["padi"].pk]) in header
    assert reverse("catalogue:detail", args=[rice["gizi"].pk]) not in header
    assert "judul=Survei+Produktivitas+Padi+Sawah" in header and "variabel=Luas+panen" in header
    assert f"kecuali={draft.pk}" in header
    variables = client.get(reverse("submissions:variables", args=[draft.pk]), **EN).content.decode()
    assert 'data-testid="similar-suggestions"' in variables and "1 variable in common: Luas panen" in variables
    add = client.get(reverse("submissions:variable_add", args=[draft.pk]), **EN).content.decode()
    assert 'data-similar-watch="name=variabel+"' in add
    indicator = client.get(reverse("submissions:indicator_add", args=[draft.pk]), **EN).content.decode()
    assert 'data-testid="similar-suggestions"' not in indicator

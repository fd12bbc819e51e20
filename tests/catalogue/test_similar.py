"""Duplicate detection: recommended activities like a draft, across agencies, shown to the agency and reviewers."""

import pytest
from django.urls import reverse

from catalogue.selectors import similar_activities, similar_to_submission
from review.enums import State
from romantik.enums import Role
from submissions.models import Variable
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

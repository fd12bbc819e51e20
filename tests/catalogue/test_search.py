"""The public search: only issued activities, each filter, paging, bad input, and a fixed number of queries."""

import datetime

import pytest
from django.urls import reverse

from catalogue.selectors import catalogue_search
from romantik.models import Region
from submissions.enums import Sector
from submissions.states import State

from .conftest import EN, make_issued

URL = reverse("catalogue:list")


def shown(client, **params) -> list[int]:
    response = client.get(URL, params, **EN)
    assert response.status_code == 200
    return [s.pk for s in response.context["page"].object_list]


@pytest.fixture
def three(world):
    """Three activities of two agencies in two provinces, told apart by every filter."""
    kotim = make_issued(
        world["agency"],
        title="Survei Status Gizi Balita",
        objective="Memperoleh prevalensi stunting per kecamatan",
        variables=(("Tinggi badan", "Tinggi badan anak dalam cm"),),
        year=2026,
        sector=Sector.HEALTH,
        kind="fs3",
        day=datetime.date(2026, 3, 2),
    )
    rejected = make_issued(
        world["agency"],
        title="Kompilasi Data Puskesmas",
        objective="Menghimpun laporan bulanan fasilitas kesehatan",
        variables=(("Jumlah dokter", "Banyaknya dokter"),),
        decision=State.NOT_FEASIBLE,
        year=2025,
        sector=Sector.HEALTH,
        kind="fpkpa",
        day=datetime.date(2025, 8, 1),
    )
    bjm = make_issued(
        world["bjm"],
        title="Survei Pemanfaatan Internet Rumah Tangga",
        objective="Mengukur akses internet rumah tangga",
        variables=(("Akses internet", "Rumah tangga mengakses internet"),),
        year=2026,
        sector=Sector.ICT,
        kind="mskeg",
        day=datetime.date(2026, 5, 4),
    )
    return {**world, "kotim": kotim, "rejected": rejected, "bjm_activity": bjm}


def test_catalogue_lists_issued_activities_newest_recommendation_first(client, three):
    assert shown(client) == [three["bjm_activity"].pk, three["kotim"].pk, three["rejected"].pk]


def test_catalogue_never_lists_drafts_submitted_or_decided_activities(client, three):
    from tests.factories import submission_for

    draft = submission_for(three["other_agency"], title="Survei Rahasia Dinas Lain")
    decided = submission_for(three["agency"], title="Survei Gizi Menunggu Tanda Tangan")
    decided.state = State.FEASIBLE
    decided.save()
    pks = shown(client)
    assert three["submission"].pk not in pks  # submitted, under way
    assert draft.pk not in pks and decided.pk not in pks
    response = client.get(URL, {"q": "rahasia"}, **EN)
    assert "Survei Rahasia Dinas Lain" not in response.content.decode()
    assert shown(client, q="menunggu") == []


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"q": "gizi"}, ["kotim"]),
        ({"q": "stunting"}, ["kotim"]),  # purpose
        ({"q": "tinggi badan"}, ["kotim"]),  # a variable
        ({"q": "fasilit"}, ["rejected"]),  # a prefix
        ({"q": "internet rumah"}, ["bjm_activity"]),  # every word required
        ({"q": "internet gizi"}, []),
        ({"q": "Banjarmasin"}, ["bjm_activity"]),  # the agency
        ({"q": "survei dan yang gizi"}, ["kotim"]),  # stop words ignored
        ({"tahun": "2025"}, ["rejected"]),
        ({"provinsi": "63"}, ["bjm_activity"]),
        ({"provinsi": "62"}, ["kotim", "rejected"]),
        ({"kabkota": "6202"}, ["kotim", "rejected"]),
        ({"kabkota": "6371"}, ["bjm_activity"]),
        ({"sektor": str(Sector.ICT.value)}, ["bjm_activity"]),
        ({"jenis": "fpkpa"}, ["rejected"]),
        ({"keputusan": "tidak_layak"}, ["rejected"]),
        ({"keputusan": "layak", "provinsi": "62"}, ["kotim"]),
    ],
)
def test_each_filter_selects_exactly_its_activities(client, three, params, expected):
    assert shown(client, **params) == [three[name].pk for name in expected]


def test_agency_filter_takes_an_id_or_words_of_the_name(client, three):
    # A text box, not a list of every agency in the catalogue (some 5,000 nationally); an id still works for links.
    assert shown(client, instansi=three["bjm_agency"].pk) == [three["bjm_activity"].pk]
    assert shown(client, instansi="informatika BANJARMASIN") == [three["bjm_activity"].pk]
    assert shown(client, instansi="dinas kesehatan") == [three["kotim"].pk, three["rejected"].pk]
    assert shown(client, instansi="kesehatan banjarmasin") == []  # every word required
    assert shown(client, instansi=str(three["bjm_agency"].pk), q="internet") == [three["bjm_activity"].pk]
    response = client.get(URL, {"instansi": "kesehatan"}, **EN)
    assert response.context["page"].paginator.count == 2
    assert 'name="instansi" value="kesehatan"' in response.content.decode()


def test_regencies_are_listed_only_for_the_chosen_province(client, three):
    # 514 regencies nationally: none listed until a province is chosen; a link naming a regency still works.
    form = client.get(URL, **EN).context["filter"].form
    assert list(form.fields["kabkota"].queryset) == []
    form = client.get(URL, {"kabkota": "6202"}, **EN).context["filter"].form
    assert [r.code for r in form.fields["kabkota"].queryset] == ["6202"]
    response = client.get(URL, {"kabkota": "9999"}, **EN)
    assert 'data-testid="error-kabkota"' in response.content.decode()


def test_province_filter_also_finds_activities_covering_it(client, three):
    covering = make_issued(
        three["bjm"], title="Survei Lintas Provinsi", coverage_regions=[Region.objects.get(code="6203")]
    )
    assert covering.pk in shown(client, provinsi="62")
    assert shown(client, kabkota="6203") == [covering.pk]


def test_a_non_public_variable_is_not_searchable(client, three):
    assert shown(client, q="Variabel Rahasia") == []
    assert shown(client, q="tertutup") == []


def test_text_search_ignores_accents_and_case(client, three):
    assert shown(client, q="GÍZI") == [three["kotim"].pk]


def test_selector_takes_regions_and_agencies_as_objects_or_codes(three):
    kalsel = Region.objects.get(code="63")
    assert [s.pk for s in catalogue_search(province=kalsel)] == [three["bjm_activity"].pk]
    assert [s.pk for s in catalogue_search(province="63", agency=three["bjm_agency"].pk)] == [three["bjm_activity"].pk]
    assert [s.pk for s in catalogue_search(agency=three["bjm_agency"])] == [three["bjm_activity"].pk]
    ranked = list(catalogue_search(text="gizi"))
    assert ranked[0].rank > 0


def test_results_show_number_date_agency_and_decision(client, three):
    page = client.get(URL, {"tahun": "2025"}, **EN).content.decode()
    letter = three["rejected"].letter
    assert f"Recommendation {letter.number} of 1 August 2025" in page
    assert "Not feasible" in page and "Dinas Kesehatan" in page
    assert reverse("catalogue:detail", args=[three["rejected"].pk]) in page


def test_pages_of_twenty_keep_the_filters(client, world):
    for n in range(25):
        make_issued(world["agency"], title=f"Survei Gizi {n}", secrets=False, day=datetime.date(2026, 1, 1 + n))
    response = client.get(URL, {"q": "gizi"}, **EN)
    page = response.context["page"]
    assert (page.paginator.count, len(page.object_list), page.paginator.num_pages) == (25, 20, 2)
    assert 'href="?q=gizi&amp;halaman=2"' in response.content.decode()
    second = client.get(URL, {"q": "gizi", "halaman": "2"}, **EN).context["page"]
    assert len(second.object_list) == 5
    assert not {s.pk for s in page.object_list} & {s.pk for s in second.object_list}
    assert client.get(URL, {"halaman": "999"}, **EN).context["page"].number == 2  # past the end: the last page


def test_bad_filter_values_are_shown_next_to_the_field_and_keep_the_text(client, three):
    response = client.get(URL, {"q": "gizi", "tahun": "abc", "provinsi": "99"}, **EN)
    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-testid="error-tahun"' in page and 'data-testid="error-provinsi"' in page
    assert 'value="gizi"' in page
    # The valid part of the search still applies.
    assert [s.pk for s in response.context["page"].object_list] == [three["kotim"].pk]


def test_regency_choices_follow_the_chosen_province(client, three):
    form = client.get(URL, {"provinsi": "63"}, **EN).context["filter"].form
    assert [r.code for r in form.fields["kabkota"].queryset] == ["6371"]
    response = client.get(URL, {"provinsi": "63", "kabkota": "6202"}, **EN)
    assert 'data-testid="error-kabkota"' in response.content.decode()


def test_empty_catalogue_says_so(client, world):
    response = client.get(URL, **EN)
    assert "No activity has received a recommendation yet." in response.content.decode()
    response = client.get(URL, {"q": "apa saja"}, **EN)
    assert "No activity matches this search." in response.content.decode()


@pytest.mark.parametrize("size", [3, 25])
def test_search_page_queries_do_not_grow_with_results(client, world, django_assert_num_queries, size):
    for n in range(size):
        owner = world["agency"] if n % 2 else world["bjm"]
        make_issued(owner, title=f"Survei Gizi {n}", secrets=False)
    # count, page rows, then the form's choices: years, provinces (regencies only once a province is chosen;
    # agencies are a text box, not a list)
    with django_assert_num_queries(4):
        response = client.get(URL, {"q": "gizi"}, **EN)
    assert len(response.context["page"].object_list) == min(size, 20)
    assert response.context["page"].paginator.count == size
    # and with a province: its validation and its regencies
    with django_assert_num_queries(6):
        response = client.get(URL, {"q": "gizi", "provinsi": "62", "instansi": "dinas"}, **EN)
    assert len(response.context["page"].object_list) == min(size // 2, 20)


def test_catalogue_is_linked_from_the_navbar_and_the_home_page(client, world):
    page = client.get(reverse("home"), **EN).content.decode()
    assert page.count(f'href="{URL}"') == 1 and f'action="{URL}"' in page


def test_a_letter_number_or_part_of_it_finds_its_activity(client, three):
    number = three["rejected"].letter.number  # B-0NN/6202/VS.300/2025
    assert shown(client, q=number) == [three["rejected"].pk]
    assert shown(client, q=number.lower()) == [three["rejected"].pk]
    assert shown(client, q=number.rsplit("/", 2)[0]) == [three["rejected"].pk]  # "B-0NN/6202"
    assert shown(client, q="B-999/6202/VS.300/2025") == []
    response = client.get(URL, {"q": number}, **EN)
    assert response.context["page"].paginator.count == 1


def test_an_agency_acronym_finds_its_activities(client, three):
    agency = three["bjm_agency"]
    agency.acronym = "DISKOMINFOTIK"
    agency.save()
    from catalogue.services import catalogue_rebuild

    catalogue_rebuild()  # the acronym is written into the activities' public text, as a rename is
    assert shown(client, q="diskominfotik") == [three["bjm_activity"].pk]
    assert shown(client, q="Diskominfotik internet") == [three["bjm_activity"].pk]
    assert shown(client, q="diskominfotik gizi") == []
    assert shown(client, instansi="DISKOMINFOTIK") == [three["bjm_activity"].pk]
    assert shown(client, instansi="diskominfotik kesehatan") == []

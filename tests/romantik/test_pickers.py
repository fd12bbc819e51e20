"""Pickers that scale (issue 17): the JSON endpoints the searchable pickers ask (search, permission, at most
50 rows an answer), the province → regency cascade checked on the server, and the search without JavaScript
of a list too long to send whole."""

import pytest
from django.urls import reverse

from romantik.enums import RegionLevel
from romantik.forms import AgencySignupForm
from romantik.models import Agency, User
from romantik.pickers import PAGE_SIZE
from tests.factories import PASSWORD, AgencyFactory, RegionFactory, submission_for

OUTSIDE_PROVINCE = "Kabupaten/kota ini tidak berada di provinsi yang dipilih di atas."


@pytest.fixture
def world(shared_world):
    """The shared world and a second province with one regency (Kotabaru, Kalimantan Selatan) and its agency."""
    other_province = RegionFactory(code="63", name="KALIMANTAN SELATAN")
    kotabaru = RegionFactory(code="6302", name="KABUPATEN KOTABARU", level=RegionLevel.REGENCY, parent=other_province)
    AgencyFactory(name="Dinas Perikanan Kotabaru", region=kotabaru)
    return {**shared_world, "other_province": other_province, "kotabaru": kotabaru}


def answer(client, name, **params):
    response = client.get(reverse(name), params)
    assert response.status_code == 200, response.content
    return response.json()


def texts(body):
    return [row["text"] for row in body["results"]]


# --- the endpoints ----------------------------------------------------------------------------------------


def test_regions_are_found_by_any_word_of_the_name_or_the_start_of_the_code(client, world):
    assert texts(answer(client, "picker_regions", q="kotawaringin")) == ["6202 Kabupaten Kotawaringin Timur"]
    assert texts(answer(client, "picker_regions", q="kabupaten timur")) == ["6202 Kabupaten Kotawaringin Timur"]
    assert texts(answer(client, "picker_regions", q="62", level="kabkota")) == [
        "6202 Kabupaten Kotawaringin Timur",
        "6203 Kabupaten Kapuas",
    ]
    assert texts(answer(client, "picker_regions", level="provinsi")) == [
        "62 Kalimantan Tengah",
        "63 Kalimantan Selatan",
    ]


def test_regions_of_one_province_carry_their_parent_for_the_cascade(client, world):
    body = answer(client, "picker_regions", level="kabkota", parent=world["other_province"].pk)
    assert body == {
        "results": [
            {
                "value": str(world["kotabaru"].pk),
                "text": "6302 Kabupaten Kotabaru",
                "parent": str(world["other_province"].pk),
            }
        ],
        "next": None,
    }
    assert answer(client, "picker_regions", parent="x")["results"] == []
    # A central agency's "level" has no region: the sign-up page's cascade then offers none.
    assert answer(client, "picker_regions", level="pusat")["results"] == []


def test_offices_are_found_by_name_or_code(client, world):
    assert texts(answer(client, "picker_offices", q="kapuas")) == ["BPS Kabupaten Kapuas (6203)"]
    assert texts(answer(client, "picker_offices", q="620")) == [
        "BPS Kabupaten Kotawaringin Timur (6202)",
        "BPS Kabupaten Kapuas (6203)",
    ]


def test_an_answer_has_at_most_fifty_rows_and_links_the_next_page(client, world):
    Agency.objects.bulk_create(
        Agency(name=f"Dinas Uji Halaman {i:03d}", level="kabkota", region=world["regency"], verified=True)
        for i in range(120)
    )
    first = answer(client, "picker_agencies", q="halaman")
    assert len(first["results"]) == PAGE_SIZE == 50
    assert first["results"][0]["text"] == "Dinas Uji Halaman 000 (Kabupaten Kotawaringin Timur)"
    second = client.get(first["next"]).json()
    assert second["results"][0]["text"] == "Dinas Uji Halaman 050 (Kabupaten Kotawaringin Timur)"
    third = client.get(second["next"]).json()
    assert [len(first["results"]), len(second["results"]), len(third["results"])] == [50, 50, 20]
    assert third["next"] is None
    # A page number far out, or not a number, is bounded; a query of any length is cut, not an error.
    assert answer(client, "picker_agencies", q="halaman", page="100000")["results"] == []
    assert len(answer(client, "picker_agencies", q="halaman", page="zwei")["results"]) == 50
    assert answer(client, "picker_agencies", q="halaman " * 1000)["next"] is not None


def test_agencies_not_verified_are_never_offered(client, world):
    AgencyFactory(name="Dinas Usulan Belum Diverifikasi", region=world["regency"], verified=False)
    assert texts(answer(client, "picker_agencies", q="usulan")) == []
    assert "Dinas Kesehatan (Kabupaten Kotawaringin Timur)" in texts(answer(client, "picker_agencies", q="dinas"))


def test_the_agencies_an_office_serves_are_listed_to_its_staff_only(client, world):
    url = reverse("picker_agencies")
    query = {"office": world["office"].code}
    assert client.get(url, query).status_code == 403  # anonymous
    for outsider in (world["agency"], world["other_reviewer"]):
        client.force_login(outsider)
        assert client.get(url, query).status_code == 403
    client.force_login(world["front_desk"])
    # Served by 6202: its two agencies, not Kotabaru's (served by no office of this world but BPS RI).
    assert texts(answer(client, "picker_agencies", **query)) == [
        "Dinas Kesehatan (Kabupaten Kotawaringin Timur)",
        "Dinas Lain (Kabupaten Kotawaringin Timur)",
    ]
    assert client.get(url, {"office": "9999"}).status_code == 404


def test_the_endpoints_answer_only_get(client, world):
    assert client.post(reverse("picker_regions")).status_code == 405


# --- the cascade: the regencies of the province chosen ----------------------------------------------------


def section_one(client, submission, data=None):
    url = reverse("submissions:section", kwargs={"pk": submission.pk, "key": "1"})
    return client.post(url, data) if data is not None else client.get(url)


def test_a_regency_of_another_province_is_refused_next_to_the_field(client, world):
    client.force_login(world["user"])
    submission = submission_for(world["user"])
    before = submission.organizer_regency_id
    response = section_one(
        client, submission, {"organizer_province": world["province"].pk, "organizer_regency": world["kotabaru"].pk}
    )
    assert response.status_code == 400  # the form refused, shown again (romantik.refusals)
    form = response.context["form"]
    assert form.errors == {"organizer_regency": [OUTSIDE_PROVINCE]}
    html = response.content.decode()
    assert OUTSIDE_PROVINCE in html
    # The list shown again is the province's: Kotabaru is not offered.
    regency = form["organizer_regency"]
    assert [str(value) for value, _label in regency.field.choices][1:] == [
        str(world["regency"].pk),
        str(world["other_regency"].pk),
    ]
    submission.refresh_from_db()
    assert submission.organizer_regency_id == before  # nothing saved


def test_the_regency_list_follows_the_saved_province(client, world):
    client.force_login(world["user"])
    submission = submission_for(world["user"])
    submission.organizer_province, submission.organizer_regency = world["other_province"], None
    submission.save(update_fields=["organizer_province", "organizer_regency"])

    html = section_one(client, submission).content.decode()

    select = html[html.index('<select name="organizer_regency"') :]
    select = select[: select.index("</select>")]
    assert "6302 Kabupaten Kotabaru" in select and "6202" not in select and "6203" not in select
    assert 'data-depends-on="organizer_province"' in select
    assert f'data-picker-url="{reverse("picker_regions")}?level=kabkota"' in select
    assert f'data-parent="{world["other_province"].pk}"' in select
    # The province's own regency is accepted.
    assert (
        section_one(
            client,
            submission,
            {"organizer_province": world["other_province"].pk, "organizer_regency": world["kotabaru"].pk},
        ).status_code
        == 302
    )


def test_without_a_province_every_regency_is_offered(client, world):
    client.force_login(world["user"])
    submission = submission_for(world["user"])
    submission.organizer_province = submission.organizer_regency = None
    submission.save(update_fields=["organizer_province", "organizer_regency"])
    form = section_one(client, submission).context["form"]
    labels = [label for _value, label in form["organizer_regency"].field.choices][1:]
    assert labels == ["6202 Kabupaten Kotawaringin Timur", "6203 Kabupaten Kapuas", "6302 Kabupaten Kotabaru"]


# --- a list too long to send whole: the search without JavaScript ----------------------------------------


def signup(client, **fields):
    data = {
        "email": "rina@dinkes.kotimkab.go.id",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "full_name": "Rina Handayani",
        "position": "Kepala Seksi Data",
        **fields,
    }
    return client.post(reverse("account_signup"), data)


def test_a_long_agency_list_is_searched_on_the_server_without_javascript(client, world, monkeypatch):
    # Three verified agencies; above one the sign-up list is "long" for this test (the portal's bound is 600).
    monkeypatch.setattr(AgencySignupForm.base_fields["agency"], "full_list_max", 1)
    page = client.get(reverse("account_signup")).content.decode()
    select = page[page.index('<select name="agency"') :]
    assert 'data-picker="remote"' in select[: select.index(">")]
    assert "Dinas Kesehatan" not in select[: select.index("</select>")]  # only the empty option is sent
    assert '<noscript><div class="input-group input-group-sm mt-1"><input type="search"' in select
    assert 'name="agency__q"' in select and 'name="agency__search"' in select

    found = signup(client, agency__q="kotawaringin", agency__search="1")

    assert found.status_code == 200
    assert found.context["form"].errors["agency"] == [
        "2 cocok dengan “kotawaringin”: pilih satu di daftar (2 pertama ditampilkan)."
    ]
    html = found.content.decode()
    listed = html[html.index('<select name="agency"') :]
    listed = listed[: listed.index("</select>")]
    assert "Dinas Kesehatan (Kabupaten Kotawaringin Timur)" in listed
    assert "Dinas Lain (Kabupaten Kotawaringin Timur)" in listed
    assert "Kotabaru" not in listed
    assert 'value="kotawaringin"' in html  # the search text stays
    assert not User.objects.filter(email="rina@dinkes.kotimkab.go.id").exists()

    nothing = signup(client, agency__q="zzz", agency__search="1")
    assert nothing.context["form"].errors["agency"] == ["Tidak ada yang cocok dengan “zzz”. Coba kata lain."]

    chosen = signup(client, agency=world["agency_org"].pk, agency__q="kotawaringin")
    assert chosen.status_code == 302
    user = User.objects.get(email="rina@dinkes.kotimkab.go.id")
    assert user.membership.agency == world["agency_org"]


def test_a_short_agency_list_is_sent_whole_and_searched_in_the_browser(client, world):
    page = client.get(reverse("account_signup")).content.decode()
    select = page[page.index('<select name="agency"') :]
    select = select[: select.index("</select>")]
    assert 'data-picker="local"' in select
    assert "Dinas Kesehatan (Kabupaten Kotawaringin Timur)" in select and "Dinas Perikanan Kotabaru" in select
    assert "agency__q" not in page


def test_pickers_load_tom_select_from_the_portal_itself(client, world):
    page = client.get(reverse("account_signup")).content.decode()
    assert 'src="/static/js/pickers.js"' in page
    assert 'data-tom-select-js="/static/vendor/tom-select/js/tom-select.complete.min.js"' in page
    assert 'data-tom-select-css="/static/vendor/tom-select/css/tom-select.bootstrap5.min.css"' in page
    assert client.get("/static/vendor/tom-select/js/tom-select.complete.min.js").status_code == 200
    assert client.get("/static/js/pickers.js").status_code == 200

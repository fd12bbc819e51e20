"""Respondent burden on the supervision pages (issue 22): each supervisor sees the totals of the offices they
supervise only, per year, province and agency; the downloads; a fixed number of queries."""

import csv
import io
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.urls import reverse

from submissions.models import Submission
from tests.catalogue.conftest import make_issued, world  # noqa: F401 - the catalogue's world
from tests.ceksurvei.conftest import unverified_wage  # noqa: F401 - a wage shown as not yet verified
from tests.review.conftest import office_world  # noqa: F401

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
ID = {"HTTP_ACCEPT_LANGUAGE": "id"}
URL = "/pengawasan/beban-responden/"


@pytest.fixture
def activities(world):  # noqa: F811
    """Two layak activities with respondents: one of 6202 (Kalimantan Tengah, 2026, two variables, 1000
    respondents, minutes estimated), one of 6371 (Kalimantan Selatan, 2025, 600 respondents, 20 minutes)."""
    here = make_issued(world["agency"], title="Survei Gizi Kotim")
    there = make_issued(world["bjm"], title="Survei Kota Banjarmasin", year=2025)
    Submission.objects.filter(pk=here.pk).update(respondents_count=1000)
    Submission.objects.filter(pk=there.pk).update(respondents_count=600, questionnaire_minutes=20)
    cache.clear()
    return here, there


def rows_of(response, dimension):
    return [(r.label, r.activities, r.respondents, r.hours, r.cost) for r in response.context["totals"][dimension]]


def test_an_agency_gets_403_and_anonymous_the_log_in(client, world, activities):  # noqa: F811
    assert client.get(URL).status_code == 302
    client.force_login(world["agency"])
    assert client.get(URL).status_code == 403
    assert client.get(f"{URL}unduh/csv/").status_code == 403


def test_an_office_sees_only_what_it_reviewed(client, world, activities):  # noqa: F811
    here, _there = activities
    client.force_login(world["reviewer"])  # 6202
    response = client.get(URL, **EN)
    assert response.status_code == 200
    # the published questions count, as on the public totals: 1 × 0.5 minute × 1000 = 8.3 hours; × 3,473,621 / 173
    assert rows_of(response, "year") == [("2026", 1, 1000, Decimal("8.3"), Decimal(167323))]
    assert rows_of(response, "province") == [("KALIMANTAN TENGAH", 1, 1000, Decimal("8.3"), Decimal(167323))]
    assert [r[0] for r in rows_of(response, "agency")] == [here.agency.name]
    html = " ".join(response.content.decode().split())
    assert "Survei Kota Banjarmasin" not in html and "KALIMANTAN SELATAN" not in html
    assert 'data-testid="burden-row-hours">8.3<' in html


def test_bps_ri_sees_every_office_and_a_year(client, world, activities, unverified_wage):  # noqa: F811
    client.force_login(world["central_head"])
    response = client.get(URL, **ID)
    assert [r[0] for r in rows_of(response, "province")] == ["KALIMANTAN TENGAH", "KALIMANTAN SELATAN"]
    assert rows_of(response, "year")[1] == ("2025", 1, 600, Decimal("200.0"), Decimal(4041844))
    html = " ".join(response.content.decode().split())
    assert "Rp4.041.844" in html and "perkiraan</span>" not in html  # Kalimantan Selatan's wage is verified
    unverified_wage("63")
    html = " ".join(client.get(URL, **ID).content.decode().split())
    assert 'Rp4.041.844 <span class="badge text-bg-warning">perkiraan</span>' in html
    response = client.get(URL, {"tahun": "2025"}, **EN)
    assert [r[0] for r in rows_of(response, "year")] == ["2025"]


def test_a_bad_year_gets_its_message_and_400(client, world, activities):  # noqa: F811
    client.force_login(world["central_head"])
    response = client.get(URL, {"tahun": "dua ribu"}, **ID)
    assert response.status_code == 400
    assert "Pilih tahun dari daftar." in response.content.decode()
    assert client.get(f"{URL}unduh/csv/", {"tahun": "1"}).status_code == 404


def test_the_supervision_page_links_it(client, world, activities):  # noqa: F811
    client.force_login(world["reviewer"])
    html = client.get("/pengawasan/", **EN).content.decode()
    assert f'href="{reverse("supervision:burden")}"' in html


def test_the_downloads_have_the_same_figures(client, world, activities):  # noqa: F811
    client.force_login(world["central_head"])
    response = client.get(f"{URL}unduh/csv/", {"tahun": "2025"}, **EN)
    assert response["Content-Disposition"] == 'attachment; filename="beban-responden-2025.csv"'
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Totalled by", "Code", "Name"]
    # the last column: the cost is an estimate (a wage not verified); Kalimantan Selatan's is verified
    assert rows[1] == ["Year", "2025", "2025", "1", "1", "1", "600", "200.0", "4041844", "No"]
    assert [row[0] for row in rows[1:]] == ["Year", "Province", "Agency"]
    everything = list(csv.reader(io.StringIO(client.get(f"{URL}unduh/csv/").content.decode("utf-8-sig"))))
    assert len(everything) == 1 + 2 + 2 + 2
    xlsx = client.get(f"{URL}unduh/xlsx/")
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    assert client.get(f"{URL}unduh/pdf/").status_code == 404


def test_the_totals_cost_the_same_queries_for_more_activities(client, world, activities, django_assert_num_queries):  # noqa: F811
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(world["central_head"])

    def read():
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            assert client.get(URL, **EN).status_code == 200
        return len(queries)

    few = read()
    for i in range(8):
        extra = make_issued(world["bjm"] if i % 2 else world["agency"], title=f"Survei Tambahan {i}", year=2020 + i)
        Submission.objects.filter(pk=extra.pk).update(respondents_count=10 + i, questionnaire_minutes=5)
    assert read() == few
    cache.clear()
    client.get(URL, **EN)  # the grouped query is kept for the catalogue's generation
    with CaptureQueriesContext(connection) as again:
        client.get(URL, **EN)
    assert len(again) == few - 2  # the two grouped queries


def test_the_supervision_totals_are_the_public_totals(client, world, activities):  # noqa: F811
    """One rule for an activity's burden wherever it is reported (ceksurvei/burden.py): BPS RI's supervision
    figures, every office, are the public /cek-survei/beban/ figures, the published questions counted."""
    from ceksurvei.burden import burden_totals

    client.force_login(world["central_head"])
    supervised = client.get(URL, **EN).context["totals"]
    public = client.get(reverse("ceksurvei:burden_totals"), **EN).context["totals"]
    assert public == burden_totals()
    for dimension in ("year", "province", "agency"):
        as_rows = [
            (r.label, r.activities, r.questions, r.minutes, r.respondents, r.hours, r.cost)
            for r in supervised[dimension]
        ]
        assert as_rows == [
            (r.label, r.activities, r.questions, r.minutes, r.respondents, r.hours, r.cost) for r in public[dimension]
        ]
    assert [r.questions for r in supervised["province"]] == [1, 1]  # make_issued's public variable, not its other one

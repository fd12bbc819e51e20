"""Respondent burden (ceksurvei.burden): known numbers, the cost basis, and the line on the public summary and
the review page."""

import csv
import re
from decimal import Decimal

import pytest
from django.conf import settings
from django.core.cache import cache
from django.urls import reverse

from ceksurvei.burden import (
    MINUTES_PER_QUESTION,
    WAGE_COLUMNS,
    WageDataError,
    burden_compute,
    burden_totals,
    minimum_wages,
    submission_burden,
    wage_year,
    wages_load,
)
from submissions.models import Submission, Variable

from .conftest import make_issued

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
ID = {"HTTP_ACCEPT_LANGUAGE": "id"}


def test_hours_and_cost_from_questions_and_respondents():
    burden = burden_compute(questions=30, respondents=1000, province_code="62")
    assert burden.minutes == Decimal("15.0") and not burden.minutes_confirmed  # 30 × 0.5 minute
    assert burden.hours == Decimal("250.0")  # 1000 × 15 / 60
    # Kalimantan Tengah 2025: Rp3.473.621 a month, / 173 an hour = Rp20.078,73; × 250 hours
    assert burden.wage.monthly == Decimal(3473621)
    assert burden.cost == Decimal(5019684)
    assert burden.cost_per_respondent == Decimal(5020)  # 15 minutes of Rp20.078,73 an hour


def test_the_agency_confirmed_minutes_replace_the_estimate():
    burden = burden_compute(questions=30, respondents=600, minutes=20, province_code="31")
    assert (burden.minutes, burden.minutes_confirmed, burden.hours) == (Decimal(20), True, Decimal("200.0"))
    assert burden.cost == Decimal(6239030)  # 200 hours × 5.396.761 / 173


def test_without_respondents_or_a_known_wage_nothing_is_guessed():
    assert burden_compute(questions=10, province_code="62").hours is None
    assert burden_compute(questions=10, province_code="62").cost is None
    unknown = burden_compute(questions=10, respondents=100, province_code="99")
    assert unknown.hours == Decimal("8.3") and unknown.cost is None and unknown.cost_per_respondent is None


def test_every_province_has_a_wage_of_one_year_naming_its_source():
    wages = minimum_wages()
    with (settings.BASE_DIR / "romantik" / "data" / "provinces.csv").open(encoding="utf-8") as handle:
        provinces = {row["code"]: row["name"] for row in csv.DictReader(handle)}
    assert len(provinces) == 38 and set(wages) == set(provinces)
    assert {w.province for w in wages.values()} == set(provinces.values())
    assert {w.year for w in wages.values()} == {2025} == {wage_year()}
    assert all(w.source.startswith("Keputusan Gubernur") and w.monthly > 0 for w in wages.values())
    # an amount two published sources agree on is verified; one from a single list is not, and says so
    assert wages["31"].verified and wages["62"].verified and not wages["97"].verified
    assert [code for code, w in wages.items() if not w.verified] == ["97"]  # Papua Pegunungan: one list only
    # the decrees found are named with their number
    assert "Nomor 188.44/571/2024" in wages["62"].source and "Nomor 921/KPTS/DISNAKERTRANS/2024" in wages["16"].source
    assert wages["16"].monthly == Decimal(3681571)  # the decree's amount, in words too; a list had Rp3.681.570
    assert all(w.verified != ("belum terverifikasi" in w.source) for w in wages.values())
    assert 1_500_000 < min(w.monthly for w in wages.values()) < max(w.monthly for w in wages.values()) < 6_000_000


GOOD_ROW = '11,ACEH,2025,3685616,1,"Keputusan Gubernur Aceh tentang UMP 2025"'


@pytest.mark.parametrize(
    ("lines", "problem"),
    [
        (["province_code,province,year,monthly_rp,source", GOOD_ROW], "columns"),
        ([",".join(WAGE_COLUMNS), GOOD_ROW, GOOD_ROW], "line 3: province 11 twice"),
        ([",".join(WAGE_COLUMNS), '1,ACEH,2025,3685616,1,"Keputusan Gubernur"'], "line 2: province code '1'"),
        ([",".join(WAGE_COLUMNS), '11,ACEH,2025,3.685.616,1,"Keputusan Gubernur"'], "line 2: monthly_rp"),
        ([",".join(WAGE_COLUMNS), '11,ACEH,2025,0,1,"Keputusan Gubernur"'], "line 2: monthly_rp"),
        ([",".join(WAGE_COLUMNS), '11,ACEH,2025,3685616,ya,"Keputusan Gubernur"'], "line 2: verified"),
        ([",".join(WAGE_COLUMNS), '11,ACEH,2025,3685616,1,"kata orang"'], "line 2: the source"),
        ([",".join(WAGE_COLUMNS), GOOD_ROW, '12,SUMUT,2024,2809915,0,"Keputusan Gubernur"'], "line 3: year 2024"),
    ],
)
def test_the_loader_refuses_a_bad_wage_file_naming_the_line(tmp_path, lines, problem):
    path = tmp_path / "upah.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(WageDataError, match=re.escape(problem)):
        wages_load(path)
    (tmp_path / "good.csv").write_text(",".join(WAGE_COLUMNS) + "\n" + GOOD_ROW + "\n", encoding="utf-8")
    assert wages_load(tmp_path / "good.csv")["11"].monthly == Decimal(3685616)


def test_a_cost_at_an_unverified_wage_is_an_estimate():
    assert burden_compute(questions=10, respondents=10, province_code="97").cost_estimated
    assert not burden_compute(questions=10, respondents=10, province_code="62").cost_estimated
    assert not burden_compute(questions=10, respondents=10, province_code="31").cost_estimated
    assert not burden_compute(questions=10, respondents=10, province_code="").cost_estimated


@pytest.fixture
def activity(world):
    submission = make_issued(world["agency"], title="Survei Beban Responden")
    for i in range(12):
        Variable.objects.create(
            submission=submission, position=10 + i, name=f"V{i}", definition="d", data_type="numerik"
        )
    return submission


def test_the_submission_burden_counts_every_variable_as_a_question(activity):
    burden = submission_burden(activity)
    # make_issued's public variable and its non-public one, and the twelve above
    assert burden.questions == activity.variables.count() == 14
    assert burden.minutes == 14 * MINUTES_PER_QUESTION


def test_the_public_summary_shows_the_burden(client, activity):
    response = client.get(reverse("catalogue:detail", args=[activity.pk]), **ID)
    assert response.status_code == 200
    text = " ".join(response.content.decode().split())
    assert 'data-testid="respondent-burden"' in text
    # the public variables only (make_issued's non-public one is not published, nor counted here)
    assert "sekitar 6,5 menit per kuesioner" in text
    assert "13 pertanyaan × 0,5 menit, perkiraan portal" in text
    assert "tidak dinyatakan dalam formulir (6.8)" in text  # no respondents: no hours, no total cost
    assert 'data-testid="burden-cost">—' in text and 'data-testid="burden-cost-each">Rp2.175<' in text


def test_the_public_summary_shows_hours_and_cost_once_the_form_has_respondents(client, activity, unverified_wage):
    Submission.objects.filter(pk=activity.pk).update(respondents_count=1000)
    text = " ".join(client.get(reverse("catalogue:detail", args=[activity.pk]), **ID).content.decode().split())
    # 1000 × 6,5 minutes = 108,3 hours; × Rp3.473.621 / 173 an hour (Kalimantan Tengah 2025, verified)
    assert "108,3 jam" in text and 'data-testid="burden-cost">Rp2.175.196' in text
    assert 'data-testid="burden-wage-estimate"' not in text
    unverified_wage("62")  # a wage not yet checked against its decree: the cost says it is an estimate
    text = " ".join(client.get(reverse("catalogue:detail", args=[activity.pk]), **ID).content.decode().split())
    assert 'data-testid="burden-wage-estimate"' in text and "perkiraan" in text
    assert "upah minimum provinsi Kalimantan Tengah 2025 (Rp3.473.621 sebulan" in text
    Submission.objects.filter(pk=activity.pk).update(questionnaire_minutes=20)
    text = " ".join(client.get(reverse("catalogue:detail", args=[activity.pk]), **ID).content.decode().split())
    assert 'data-testid="burden-confirmed"' in text and "dikonfirmasi instansi" in text and "333,3 jam" in text


def test_the_review_page_shows_the_burden(client, world, activity):
    client.force_login(world["front_desk"])
    response = client.get(reverse("review:detail", args=[world["submission"].pk]), **EN)
    assert response.status_code == 200
    assert 'data-testid="respondent-burden"' in response.content.decode()


def test_the_totals_per_year_province_and_agency(client, world, activity):
    from django.core.cache import cache

    from submissions.states import State

    cache.clear()
    bjm = world["bjm"]
    other = make_issued(bjm, title="Survei Kota Banjarmasin", year=2025, variables=(("A", "a"), ("B", "b")))
    make_issued(world["agency"], title="Survei Ditolak", decision=State.NOT_FEASIBLE)  # not counted
    response = client.get(reverse("ceksurvei:burden_totals"), **EN)
    assert response.status_code == 200
    totals = response.context["totals"]
    # public variables only: 13 of the first (one not public), 2 of the second (one not public)
    assert [(r.label, r.activities, r.questions) for r in totals["year"]] == [("2026", 1, 13), ("2025", 1, 2)]
    assert [(r.label, r.activities, r.questions) for r in totals["province"]] == [
        (activity.organizer_province.name, 1, 13),
        (other.organizer_province.name, 1, 2),
    ]
    assert [(r.label, r.questions, r.minutes) for r in totals["agency"]] == [
        (activity.agency.name, 13, Decimal("6.5")),
        (other.agency.name, 2, Decimal(1)),
    ]
    assert response.content.decode().count('data-testid="burden-row"') == 6


def test_the_totals_page_reads_in_a_fixed_number_of_queries(client, world, activity, django_assert_num_queries):
    from django.core.cache import cache

    def read():
        cache.clear()
        with django_assert_num_queries(2) as queries:  # the two grouped queries (the page touches no session)
            assert client.get(reverse("ceksurvei:burden_totals"), **EN).status_code == 200
        return len(queries)

    few = read()
    for i in range(6):
        make_issued(world["bjm"], title=f"Survei Tambahan {i}", year=2020 + i)
    assert read() == few
    with django_assert_num_queries(0):  # kept for the catalogue's generation
        client.get(reverse("ceksurvei:burden_totals"), **EN)


def test_the_totals_have_hours_and_cost_of_the_activities_with_respondents(client, world, activity, unverified_wage):
    other = make_issued(world["bjm"], title="Survei Kota Banjarmasin", year=2025, variables=(("A", "a"), ("B", "b")))
    Submission.objects.filter(pk=activity.pk).update(respondents_count=1000)
    Submission.objects.filter(pk=other.pk).update(respondents_count=600, questionnaire_minutes=20)
    cache.clear()
    totals = burden_totals()
    rows = {(r.label, r.counted, r.confirmed, r.respondents, r.hours, r.cost, r.estimated) for r in totals["year"]}
    # public questions: 13 × 0,5 = 6,5 minutes × 1000 = 108,3 hours; 20 confirmed minutes × 600 = 200 hours
    assert rows == {
        ("2026", 1, 0, 1000, Decimal("108.3"), Decimal(2175196), False),
        ("2025", 1, 1, 600, Decimal("200.0"), Decimal(4041844), False),  # 200 × 3.496.195 / 173
    }
    offices = burden_totals(office_ids=[activity.office_id, other.office_id])  # the supervision's call
    # the same published questions as the public totals (13 × 0,5, not the 14 variables the review page counts)
    assert [(r.label, r.hours, r.cost) for r in offices["province"]] == [
        ("KALIMANTAN TENGAH", Decimal("108.3"), Decimal(2175196)),
        ("KALIMANTAN SELATAN", Decimal("200.0"), Decimal(4041844)),
    ]
    assert [r.label for r in offices["agency"]] == [other.agency.name, activity.agency.name]  # most hours first
    only_2025 = burden_totals(year=2025, office_ids=[other.office_id])
    assert [(r.label, r.activities) for r in only_2025["agency"]] == [(other.agency.name, 1)]
    assert burden_totals(office_ids=[])["year"] == []
    html = " ".join(client.get(reverse("ceksurvei:burden_totals"), **ID).content.decode().split())
    assert "Rp4.041.844" in html and "perkiraan</span>" not in html
    unverified_wage("63")
    html = " ".join(client.get(reverse("ceksurvei:burden_totals"), **ID).content.decode().split())
    assert 'Rp4.041.844 <span class="badge text-bg-warning">perkiraan</span>' in html

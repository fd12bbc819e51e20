"""Respondent burden (ceksurvei.burden): known numbers, the cost basis, and the line on the public summary and
the review page."""

from decimal import Decimal

import pytest
from django.urls import reverse

from ceksurvei.burden import MINUTES_PER_QUESTION, burden_compute, minimum_wages, submission_burden
from submissions.models import Variable

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


def test_every_wage_row_names_its_source():
    wages = minimum_wages()
    assert {"31", "62", "63"} <= set(wages)
    assert all(w.source.startswith("Keputusan Gubernur") and w.monthly > 0 for w in wages.values())


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
        with django_assert_num_queries(1) as queries:  # the one grouped query (the page touches no session)
            assert client.get(reverse("ceksurvei:burden_totals"), **EN).status_code == 200
        return len(queries)

    few = read()
    for i in range(6):
        make_issued(world["bjm"], title=f"Survei Tambahan {i}", year=2020 + i)
    assert read() == few
    with django_assert_num_queries(0):  # kept for the catalogue's generation
        client.get(reverse("ceksurvei:burden_totals"), **EN)

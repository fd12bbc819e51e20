"""The IKM of PermenPANRB 14/2017, against numbers computed by hand, and its category boundaries."""

from decimal import Decimal
from fractions import Fraction

import pytest
from django.db import IntegrityError, transaction

from satisfaction.enums import ELEMENTS, Quality
from satisfaction.ikm import ikm_compute, ikm_from_scores, quality_of
from satisfaction.selectors import Period, office_ikm

from .conftest import Q1_2026, paper

# Hand computation for the four questionnaires of Q1_2026 (conftest.py):
#
#          U1 U2 U3 U4 U5 U6 U7 U8 U9
#   r1      4  3  3  4  3  3  4  2  3
#   r2      3  3  2  4  3  4  4  3  3
#   r3      4  4  3  4  3  3  3  3  2
#   r4      3  2  3  4  4  3  4  2  3
#   sum    14 12 11 16 13 13 15 10 11    (all: 115)
#   NRR  3.50 3.00 2.75 4.00 3.25 3.25 3.75 2.50 2.75   (sum ÷ 4)
#
#   Σ NRR = 28.75;  IKM = 28.75 × 1/9 × 25 = 718.75 / 9 = 79.86111… → 79.86, category B (76.61–88.30).
#   (With 0.111 instead of 1/9 it would be 28.75 × 0.111 × 25 = 79.78: the exact weight matters.)
HAND_NRR = [
    Fraction(14, 4),
    3,
    Fraction(11, 4),
    4,
    Fraction(13, 4),
    Fraction(13, 4),
    Fraction(15, 4),
    Fraction(5, 2),
    Fraction(11, 4),
]
HAND_IKM = Fraction(71875, 900)


def test_ikm_of_the_hand_computed_data_set():
    result = ikm_from_scores([scores for _day, scores in Q1_2026])

    assert result.respondents == 4
    assert list(result.nrr) == HAND_NRR
    assert [str(n) for n in result.nrr_shown] == [
        "3.50",
        "3.00",
        "2.75",
        "4.00",
        "3.25",
        "3.25",
        "3.75",
        "2.50",
        "2.75",
    ]
    assert result.ikm == HAND_IKM
    assert result.ikm_shown == Decimal("79.86")
    assert result.quality == Quality.B
    # Per element on the index scale: U4 = 4.00 × 25 = 100 (A), U8 = 2.50 × 25 = 62.50 (D).
    assert result.elements[3].converted_shown == Decimal("100.00") and result.elements[3].quality == Quality.A
    assert result.elements[7].converted_shown == Decimal("62.50") and result.elements[7].quality == Quality.D


def test_ikm_extremes_are_25_and_100():
    assert ikm_from_scores([(1,) * 9]).ikm == 25
    assert ikm_from_scores([(4,) * 9, (4,) * 9]).ikm == 100
    assert ikm_from_scores([(1,) * 9]).quality == Quality.D
    assert ikm_from_scores([(4,) * 9]).quality == Quality.A


@pytest.mark.parametrize(
    ("shown", "quality"),
    [
        ("100", Quality.A),
        ("88.31", Quality.A),
        ("88.30", Quality.B),
        ("76.61", Quality.B),
        ("76.60", Quality.C),
        ("65.00", Quality.C),
        ("64.99", Quality.D),
        ("25.00", Quality.D),
    ],
)
def test_category_boundaries(shown, quality):
    assert quality_of(Decimal(shown)) == quality
    assert quality_of(Fraction(shown)) == quality


@pytest.mark.parametrize(
    ("value", "shown", "quality"),
    [
        # The category is taken on the value rounded half up to two decimals: what is shown.
        (Fraction(88305, 1000), "88.31", Quality.A),
        (Fraction(883049999, 10**7), "88.30", Quality.B),
        (Fraction(76605, 1000), "76.61", Quality.B),
        (Fraction(766049, 10**4), "76.60", Quality.C),
        (Fraction(64995, 1000), "65.00", Quality.C),
        (Fraction(649949, 10**4), "64.99", Quality.D),
    ],
)
def test_category_between_the_bounds_follows_the_value_shown(value, shown, quality):
    from satisfaction.ikm import round2

    assert str(round2(value)) == shown
    assert quality_of(value) == quality


@pytest.mark.parametrize(
    ("respondents", "total", "shown", "quality"),
    [
        # Every element with the same total: IKM = total / respondents × 25, exactly.
        (2500, 8831, "88.31", Quality.A),  # NRR 3.5324 × 25 = 88.31
        (250, 883, "88.30", Quality.B),  # 3.532 × 25
        (2500, 7661, "76.61", Quality.B),  # 3.0644 × 25
        (125, 383, "76.60", Quality.C),  # 3.064 × 25
        (5, 13, "65.00", Quality.C),  # 2.6 × 25
        (2500, 6499, "64.99", Quality.D),  # 2.5996 × 25
        (5000, 17661, "88.31", Quality.A),  # 3.5322 × 25 = 88.305, shown 88.31
    ],
)
def test_boundary_data_sets_through_the_whole_computation(respondents, total, shown, quality):
    result = ikm_compute(totals=[total] * 9, respondents=respondents)
    assert str(result.ikm_shown) == shown
    assert result.quality == quality


def test_ikm_compute_refuses_what_cannot_be_an_index():
    with pytest.raises(ValueError):
        ikm_compute(totals=[3] * 9, respondents=0)
    with pytest.raises(ValueError):
        ikm_compute(totals=[3] * 8, respondents=1)
    with pytest.raises(ValueError):
        ikm_compute(totals=[5] * 9, respondents=1)  # a mean of 5
    with pytest.raises(ValueError):
        ikm_from_scores([(0, 1, 1, 1, 1, 1, 1, 1, 1)])


def test_nine_elements_with_four_levels_each():
    assert [e.code for e in ELEMENTS] == [f"U{i}" for i in range(1, 10)]
    assert all(len(e.levels) == 4 for e in ELEMENTS)


# --- from the database -------------------------------------------------------------------------------


def test_office_ikm_per_quarter_and_year_from_the_database(hand_data):
    office = hand_data["office"]

    q1 = office_ikm(office, Period(2026, 1))
    assert q1.respondents == 4
    assert list(q1.result.nrr) == HAND_NRR
    assert q1.result.ikm_shown == Decimal("79.86") and q1.result.quality == Quality.B

    # The year adds the Q2 questionnaire (all 4): sums 18 16 15 20 17 17 19 14 15 = 151 over 5 respondents;
    # IKM = 151 / 5 / 9 × 25 = 3775 / 45 = 83.888… → 83.89, B. The 2025, 2027 and other-office rows do not count.
    year = office_ikm(office, Period(2026))
    assert year.respondents == 5
    assert year.result.ikm == Fraction(3775, 45)
    assert year.result.ikm_shown == Decimal("83.89") and year.result.quality == Quality.B
    assert [(q.quarter, q.result and q.result.respondents) for q in year.quarters] == [
        (1, 4),
        (2, 1),
        (3, None),
        (4, None),
    ]
    assert year.quarters[1].result.ikm == 100

    assert office_ikm(office, Period(2026, 3)).result is None


def test_the_database_keeps_scores_between_1_and_4(office_world):
    office = office_world["office"]
    import datetime

    with pytest.raises(IntegrityError), transaction.atomic():
        paper(office, datetime.date(2026, 1, 1), (4, 4, 4, 4, 5, 4, 4, 4, 4))
    with pytest.raises(IntegrityError), transaction.atomic():
        paper(office, datetime.date(2026, 1, 1), (0, 4, 4, 4, 4, 4, 4, 4, 4))

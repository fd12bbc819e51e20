"""Each rule of the pre-review catalogue (prereview/seed/rules.json, checks in prereview/kinds.py): it passes, it
is violated, it cannot be judged yet, and it stays away from a form that does not ask its question. On plain
designs (prereview.kinds.Design), as submissions.prereview_input builds them; no database."""

from decimal import Decimal

import pytest

from prereview.engine import evaluate
from prereview.enums import RuleKind, Status
from prereview.kinds import Design
from prereview.models import Rule
from prereview.services import seed_rows
from prereview.title import title_proposal

PASS, VIOLATION, UNKNOWN, ABSENT = Status.PASS, Status.VIOLATION, Status.UNKNOWN, None
RULES = {row["key"]: Rule(**row) for row in seed_rows()}


def fs3(**answers) -> Design:
    return Design(kind="fs3", title="Survei Uji", answers=answers)


def result_of(key: str, design: Design):
    results = evaluate(design, [RULES[key]])
    assert len(results) <= 1
    return results[0] if results else None


def status_of(key, design):
    result = result_of(key, design)
    return result.status if result else None


VARS_OK = [{"name": "Umur", "definition": "Umur dalam tahun", "question_text": "Berapa umur Anda?"}]
VARS_NO_QUESTION = [{"name": "Umur", "definition": "Umur dalam tahun", "question_text": ""}]

CASES = [
    # more supervisors than enumerators (6.6)
    ("penyelia-lebih-banyak", fs3(supervisors_count=5, enumerators_count=40), PASS),
    ("penyelia-lebih-banyak", fs3(supervisors_count=5, enumerators_count=5), PASS),
    ("penyelia-lebih-banyak", fs3(supervisors_count=12, enumerators_count=10), VIOLATION),
    ("penyelia-lebih-banyak", fs3(supervisors_count=None, enumerators_count=10), UNKNOWN),
    ("penyelia-lebih-banyak", fs3(), ABSENT),  # no field officers: 6.6 not asked
    # CAPI or CATI without a pilot (4.7, 6.1)
    ("capi-cati-uji-coba", fs3(collection_means=[2], pilot=True), PASS),
    ("capi-cati-uji-coba", fs3(collection_means=[1, 8], pilot=False), PASS),  # PAPI, CAWI
    ("capi-cati-uji-coba", fs3(collection_means=[1, 4], pilot=False), VIOLATION),
    ("capi-cati-uji-coba", fs3(collection_means=[2], pilot=None), UNKNOWN),
    ("capi-cati-uji-coba", fs3(collection_means=[], pilot=False), UNKNOWN),
    ("capi-cati-uji-coba", Design(kind="fpkpa", answers={"collection_means": [2]}), ABSENT),
    # sampling error above 5 % (5.6)
    ("sampling-error-maksimum", fs3(sampling_error="2.5"), PASS),
    ("sampling-error-maksimum", fs3(sampling_error="5"), PASS),
    ("sampling-error-maksimum", fs3(sampling_error="7.25"), VIOLATION),
    ("sampling-error-maksimum", fs3(sampling_error=None), UNKNOWN),
    ("sampling-error-maksimum", fs3(), ABSENT),  # non-probability: 5.6 not asked
    # a sample design for a compilation (4.6 only secondary data, 5.1)
    ("kompilasi-tanpa-sampel", fs3(collection_methods=[1], sample_design=2), PASS),
    ("kompilasi-tanpa-sampel", fs3(collection_methods=[8], sample_design=2), VIOLATION),
    ("kompilasi-tanpa-sampel", fs3(collection_methods=[], sample_design=2), UNKNOWN),
    ("kompilasi-tanpa-sampel", Design(kind="fpkpa", answers={"collection_methods": [8]}), PASS),  # no block V
    ("kompilasi-tanpa-sampel", Design(kind="mskeg", answers={"collection_way": 1}), ABSENT),  # a census
    # a compilation whose title does not say so (header)
    ("judul-kompilasi", Design(kind="fpkpa", title="Kompilasi Data Kepegawaian 2027"), PASS),
    ("judul-kompilasi", Design(kind="fpkpa", title="Data Kepegawaian 2027"), VIOLATION),
    ("judul-kompilasi", Design(kind="mskeg", title="Data Pasar", answers={"collection_way": 3}), VIOLATION),
    ("judul-kompilasi", Design(kind="fpkpa", title=""), UNKNOWN),
    ("judul-kompilasi", fs3(), ABSENT),
    # a schedule whose analysis ends before collection (3.3)
    ("jadwal-analisis", fs3(collection_end="2027-03-01", analysis_end="2027-05-01"), PASS),
    ("jadwal-analisis", fs3(collection_end="2027-03-01", analysis_end="2027-03-01"), PASS),
    ("jadwal-analisis", fs3(collection_end="2027-03-01", analysis_end="2027-02-01"), VIOLATION),
    ("jadwal-analisis", fs3(collection_end=None, analysis_end="2027-02-01"), UNKNOWN),
    # a variable without definition or question text (MS-Var)
    ("variabel-definisi", Design(kind="fs3", variables=VARS_OK), PASS),
    ("variabel-definisi", Design(kind="fs3", variables=VARS_NO_QUESTION), VIOLATION),
    ("variabel-definisi", Design(kind="fpkpa", variables=VARS_NO_QUESTION), PASS),  # records: no question text
    ("variabel-definisi", Design(kind="fpkpa", variables=[{"name": "X", "definition": " "}]), VIOLATION),
    ("variabel-definisi", Design(kind="fs3"), UNKNOWN),
    # presentation levels beyond the coverage (4.4/4.5, 7.4)
    ("penyajian-cakupan", fs3(coverage=1, presentation_levels=[1, 2]), PASS),
    ("penyajian-cakupan", fs3(coverage=2, presentation_levels=[4]), UNKNOWN),  # which regions?
    ("penyajian-cakupan", fs3(coverage=2, presentation_levels=[1]), VIOLATION),
    ("penyajian-cakupan", fs3(coverage=None, presentation_levels=[4]), UNKNOWN),
    ("penyajian-cakupan", fs3(coverage=2, presentation_levels=[]), UNKNOWN),
    # repeated without the previous recommendation (4.1, header)
    ("berulang-nomor-rekomendasi", fs3(repetition=1, previous_recommendation=""), PASS),
    ("berulang-nomor-rekomendasi", fs3(repetition=2, previous_recommendation="B-12/BPS/2026"), PASS),
    ("berulang-nomor-rekomendasi", fs3(repetition=2, previous_recommendation=""), VIOLATION),
    ("berulang-nomor-rekomendasi", fs3(repetition=None, previous_recommendation=""), UNKNOWN),
]


@pytest.mark.parametrize(("key", "design", "expected"), CASES)
def test_rule(key, design, expected):
    assert status_of(key, design) == expected


def test_every_seeded_rule_and_kind_is_tested():
    assert {case[0] for case in CASES} == set(RULES)
    assert {rule.kind for rule in RULES.values()} == set(RuleKind.values)
    for key in RULES:
        assert {case[2] for case in CASES if case[0] == key} >= {PASS, VIOLATION, UNKNOWN}, key


def test_presentation_by_the_regions_covered():
    regencies = [{"code": "6202", "name": "Kabupaten Kotawaringin Timur"}]
    province = [{"code": "62", "name": "Kalimantan Tengah"}]
    on = {"coverage": 2, "presentation_levels": [2, 4]}
    assert status_of("penyajian-cakupan", Design(kind="fs3", answers=on, regions=regencies)) == VIOLATION
    assert status_of("penyajian-cakupan", Design(kind="fs3", answers=on, regions=province)) == PASS
    only_regency = {"coverage": 2, "presentation_levels": [4, 8]}
    assert status_of("penyajian-cakupan", Design(kind="fs3", answers=only_regency, regions=regencies)) == PASS


def test_the_texts_say_what_was_found_and_how_to_fix_it():
    result = result_of("sampling-error-maksimum", fs3(sampling_error="7.25"))
    assert result.title == "Sampling error tidak lebih dari 5 %"
    assert "7,25 %" in result.text and "5 %" in result.text
    assert result.fix and result.field == "sampling_error" and result.section == "5"
    assert result.note_text.startswith("Sampling error tidak lebih dari 5 %: ")
    lacking = result_of("variabel-definisi", Design(kind="fs3", variables=VARS_NO_QUESTION))
    assert "Umur" in lacking.text
    assert result_of("sampling-error-maksimum", fs3(sampling_error=None)).fix == ""


def test_an_admin_changes_the_threshold_the_wording_or_switches_a_rule_off():
    rule = Rule(**{**seed_rows()[2], "threshold": Decimal("10"), "violation_text": "Terlalu besar: {value} %."})
    assert rule.key == "sampling-error-maksimum"
    assert evaluate(fs3(sampling_error="7.25"), [rule])[0].status == PASS
    assert evaluate(fs3(sampling_error="12"), [rule])[0].text == "Terlalu besar: 12 %."
    broken = Rule(**{**seed_rows()[2], "violation_text": "Stray {brace"})
    assert evaluate(fs3(sampling_error="12"), [broken])[0].text == "Stray {brace"
    unknown_kind = Rule(**{**seed_rows()[2], "kind": "no_such_check"})
    assert evaluate(fs3(sampling_error="12"), [unknown_kind]) == []


@pytest.mark.parametrize(
    ("design", "expected"),
    [
        (
            Design(kind="fs3", title="Survei Kepuasan Masyarakat", answers={"coverage": 2, "year": 2027},
                   regions=[{"code": "6202", "name": "Kabupaten Kotawaringin Timur"}]),
            "Survei Kepuasan Masyarakat Kabupaten Kotawaringin Timur Tahun 2027",
        ),
        (
            Design(kind="fpkpa", title="Data kepegawaian kabupaten kotawaringin timur 2026",
                   answers={"year": 2027}, words={"area": "Kabupaten Kotawaringin Timur"}),
            "Kompilasi Data kepegawaian Kabupaten Kotawaringin Timur Tahun 2027",
        ),
        (
            Design(kind="mskeg", title="", answers={"collection_way": 1, "coverage": 1, "year": 2027},
                   words={"subject": "Pertanian"}),
            "Sensus Pertanian Indonesia Tahun 2027",
        ),
        (Design(kind="fs3", title="Survei Uji", answers={}), ""),  # no year yet: nothing to propose
    ],
)
def test_title_helper(design, expected):
    assert title_proposal(design) == expected

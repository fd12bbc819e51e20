"""Section forms: every conditional rule and every cross-field check, with the exact Indonesian message,
and nothing typed lost on an error."""

import datetime

import pytest
from django.urls import reverse

from romantik.enums import AgencyLevel
from submissions.models import SectionDraft, Submission
from submissions.sections import sections_for
from tests.factories import AgencyFactory, RegionFactory, agency_user, fill_complete, submission_for

REQUIRED = "Jawab pertanyaan ini sebelum mengajukan."


@pytest.fixture
def world(shared_world):
    """The shared world; its other regency here is one of another province (Kotabaru, Kalimantan Selatan)."""
    other_province = RegionFactory(code="63", name="KALIMANTAN SELATAN")
    other_regency = RegionFactory(code="6302", name="KABUPATEN KOTABARU", level="kabkota", parent=other_province)
    return {**shared_world, "other_regency": other_regency}


@pytest.fixture
def client_in(client, world):
    client.force_login(world["user"])
    return client


def post_section(client, submission, key, data, **extra):
    return client.post(reverse("submissions:section", kwargs={"pk": submission.pk, "key": key}), data, **extra)


def field_errors(response, name):
    return response.context["form"].errors.get(name, [])


def strict_errors(submission, key):
    """What the completeness check reports for one section."""
    from submissions.completeness import submission_completeness

    return next(s.missing for s in submission_completeness(submission) if s.section.key == key)


# --- which sections and questions apply -------------------------------------------


def test_sections_fs3_has_sample_design_and_fpkpa_not(world):
    fs3 = submission_for(world["user"], kind="fs3")
    fpkpa = submission_for(world["user"], kind="fpkpa")
    assert "5" in [s.key for s in sections_for(fs3)]
    assert "5" not in [s.key for s in sections_for(fpkpa)]


def test_sections_mskeg_sample_design_only_when_survey(world, client_in):
    submission = submission_for(world["user"], kind="mskeg")
    assert "5" not in [s.key for s in sections_for(submission)]
    assert client_in.get(reverse("submissions:section", kwargs={"pk": submission.pk, "key": "5"})).status_code == 404
    post_section(client_in, submission, "header", {"title": "Survei", "collection_way": "2"})
    submission.refresh_from_db()
    assert "5" in [s.key for s in sections_for(submission)]
    assert client_in.get(reverse("submissions:section", kwargs={"pk": submission.pk, "key": "5"})).status_code == 200


def test_header_collection_way_fixed_for_fs3_and_fpkpa(world, client_in):
    fs3 = submission_for(world["user"], kind="fs3")
    page = client_in.get(reverse("submissions:section", kwargs={"pk": fs3.pk, "key": "header"}))
    assert "collection_way" not in page.context["form"].fields
    assert fs3.collection_way == 2
    assert submission_for(world["user"], kind="fpkpa").collection_way == 3


def test_frequency_only_for_repeated_activity(world, client_in):
    submission = submission_for(world["user"])
    response = post_section(client_in, submission, "4", {"repetition": "1", "frequency": "7"})
    assert response.status_code == 302
    submission.refresh_from_db()
    assert (submission.repetition, submission.frequency) == (1, None)
    assert not any("4.2" in item for item in strict_errors(submission, "4"))

    post_section(client_in, submission, "4", {"repetition": "2"})
    submission.refresh_from_db()
    assert f"4.2 Frekuensi: {REQUIRED}" in strict_errors(submission, "4")


def test_frequency_field_carries_client_side_condition(world, client_in):
    submission = submission_for(world["user"])
    page = client_in.get(reverse("submissions:section", kwargs={"pk": submission.pk, "key": "4"}))
    html = page.content.decode()
    assert 'data-show-if="repetition=2"' in html
    assert 'data-show-if="coverage=2"' in html


def test_coverage_regions_only_for_partial_coverage(world, client_in):
    submission = submission_for(world["user"])
    post_section(client_in, submission, "4", {"coverage": "1", "coverage_regions": [world["regency"].pk]})
    submission.refresh_from_db()
    assert list(submission.coverage_regions.all()) == []
    post_section(client_in, submission, "4", {"coverage": "2"})
    submission.refresh_from_db()
    assert f"4.5 Provinsi dan kabupaten/kota yang dicakup: {REQUIRED}" in strict_errors(submission, "4")
    post_section(client_in, submission, "4", {"coverage": "2", "coverage_regions": [world["regency"].pk]})
    assert list(submission.coverage_regions.all()) == [world["regency"]]


def test_national_coverage_routes_to_bps_ri(world, client_in):
    submission = submission_for(world["user"])
    post_section(client_in, submission, "4", {"coverage": "1"})
    page = client_in.get(reverse("submissions:overview", kwargs={"pk": submission.pk}))
    assert page.context["route"].code == "0000"
    post_section(client_in, submission, "4", {"coverage": "2"})
    page = client_in.get(reverse("submissions:overview", kwargs={"pk": submission.pk}))
    assert page.context["route"].code == "6202"
    assert 'data-testid="route-office">BPS Kabupaten Kotawaringin Timur<' in page.content.decode()


@pytest.mark.parametrize(
    ("means", "shown"),
    [([1], True), ([2], True), ([4], True), ([8], False), ([16, 32], False), ([8, 4], True)],
)
def test_field_officer_questions_only_with_papi_capi_cati(world, client_in, means, shown):
    submission = submission_for(world["user"], collection_means=means)
    page = client_in.get(reverse("submissions:section", kwargs={"pk": submission.pk, "key": "6"}))
    fields = set(page.context["form"].fields)
    officer_fields = {"collectors", "min_education", "supervisors_count", "enumerators_count", "training"}
    assert (officer_fields <= fields) is shown
    assert (officer_fields & fields == set()) is (not shown)


def test_pilot_and_nonresponse_only_for_surveys(world, client_in):
    fpkpa = submission_for(world["user"], kind="fpkpa")
    page = client_in.get(reverse("submissions:section", kwargs={"pk": fpkpa.pk, "key": "6"}))
    assert {"pilot", "nonresponse_adjustment"} & set(page.context["form"].fields) == set()


def test_sampling_error_only_for_probability(world, client_in):
    submission = submission_for(world["user"])
    post_section(client_in, submission, "5", {"sample_selection": "2", "sample_method": "8", "sampling_error": "3"})
    submission.refresh_from_db()
    assert submission.sampling_error is None
    assert not any("5.6" in item for item in strict_errors(submission, "5"))
    post_section(client_in, submission, "5", {"sample_selection": "1", "sample_method": "1"})
    submission.refresh_from_db()
    assert f"5.6 Perkiraan sampling error variabel utama (%): {REQUIRED}" in strict_errors(submission, "5")


def test_release_dates_only_when_product_published(world, client_in):
    submission = submission_for(world["user"])
    post_section(
        client_in,
        submission,
        "8",
        {"publish_print": "False", "publish_print_date": "2027-05-01", "publish_digital": "True"},
    )
    submission.refresh_from_db()
    assert submission.publish_print_date is None
    assert f"8.2 Rencana rilis produk digital: {REQUIRED}" in strict_errors(submission, "8")


def test_walidata_only_for_local_government(world, client_in):
    local = submission_for(world["user"])
    page = client_in.get(reverse("submissions:section", kwargs={"pk": local.pk, "key": "2"}))
    assert "walidata_unit" in page.context["form"].fields
    ministry = AgencyFactory(name="Kementerian Uji", level=AgencyLevel.CENTRAL, region=None)
    central_user = agency_user(ministry)
    client_in.force_login(central_user)
    central = submission_for(central_user)
    page = client_in.get(reverse("submissions:section", kwargs={"pk": central.pk, "key": "2"}))
    assert "walidata_unit" not in page.context["form"].fields


# --- cross-field checks: bad value, exact message, nothing lost ----------------------------


def test_schedule_end_before_start_rejected_and_input_kept(world, client_in):
    submission = submission_for(world["user"])
    data = {
        "background": "Latar belakang yang panjang",
        "collection_start": "2027-03-10",
        "collection_end": "2027-03-01",
    }
    response = post_section(client_in, submission, "3", data)
    assert response.status_code == 400
    assert field_errors(response, "collection_end") == [
        "Tanggal selesai tidak boleh sebelum tanggal mulai (Pengumpulan data)."
    ]
    html = response.content.decode()
    assert "Tanggal selesai tidak boleh sebelum tanggal mulai (Pengumpulan data)." in html
    assert "Latar belakang yang panjang" in html
    # Kept on the server: leaving and coming back shows the input and the message again.
    assert SectionDraft.objects.get(submission=submission, section="3").data["background"] == [data["background"]]
    again = client_in.get(reverse("submissions:section", kwargs={"pk": submission.pk, "key": "3"}))
    assert "Latar belakang yang panjang" in again.content.decode()
    assert field_errors(again, "collection_end") == [
        "Tanggal selesai tidak boleh sebelum tanggal mulai (Pengumpulan data)."
    ]
    assert "Beberapa isian di sini belum tersimpan karena ada kesalahan: buka bagian ini." in strict_errors(
        submission, "3"
    )


def test_schedule_phases_out_of_order_rejected(world, client_in):
    submission = submission_for(world["user"])
    response = post_section(client_in, submission, "3", {"planning_start": "2027-02-01", "design_start": "2027-01-15"})
    assert field_errors(response, "design_start") == [
        "Desain tidak boleh dimulai sebelum Perencanaan kegiatan dimulai: tahapan mengikuti urutan ini."
    ]


def test_schedule_correct_dates_saved_and_draft_cleared(world, client_in):
    submission = submission_for(world["user"])
    post_section(client_in, submission, "3", {"collection_start": "2027-03-10", "collection_end": "2027-03-01"})
    response = post_section(
        client_in, submission, "3", {"collection_start": "2027-03-01", "collection_end": "2027-03-10"}
    )
    assert response.status_code == 302
    submission.refresh_from_db()
    assert submission.collection_end == datetime.date(2027, 3, 10)
    assert not SectionDraft.objects.filter(submission=submission).exists()


@pytest.mark.parametrize(
    ("selection", "method", "message"),
    [
        (
            "1",
            "6",
            "Quota sampling adalah metode nonprobabilitas, padahal 5.2 menyatakan probabilitas: "
            "pilih salah satu metode 1–5 atau ubah 5.2.",
        ),
        (
            "2",
            "3",
            "Stratified random sampling adalah metode probabilitas, padahal 5.2 menyatakan nonprobabilitas: "
            "pilih salah satu metode 6–10 atau ubah 5.2.",
        ),
    ],
)
def test_sampling_method_must_agree_with_selection(world, client_in, selection, method, message):
    submission = submission_for(world["user"])
    response = post_section(client_in, submission, "5", {"sample_selection": selection, "sample_method": method})
    assert response.status_code == 400
    assert field_errors(response, "sample_method") == [message]


@pytest.mark.parametrize("fraction", ["0", "-0,1", "1,5", "2"])
def test_sample_fraction_outside_zero_one_rejected(world, client_in, fraction):
    submission = submission_for(world["user"])
    response = post_section(client_in, submission, "5", {"sample_fraction": fraction, "sample_unit": "Rumah tangga"})
    assert field_errors(response, "sample_fraction") == ["Fraksi sampel harus lebih dari 0 dan paling besar 1."]
    assert 'value="Rumah tangga"' in response.content.decode()
    assert f'value="{fraction}"' in response.content.decode()


@pytest.mark.parametrize(("typed", "stored"), [("1", "1"), ("0,05", "0.05"), ("0.25", "0.25")])
def test_sample_fraction_accepts_decimal_comma(world, client_in, typed, stored):
    submission = submission_for(world["user"])
    assert post_section(client_in, submission, "5", {"sample_fraction": typed}).status_code == 302
    submission.refresh_from_db()
    assert str(submission.sample_fraction.normalize()) == stored


def test_a_saved_decimal_is_shown_as_typed_with_the_decimal_comma(world, client_in):
    """Issue 17: the form shows 0,05 again (Indonesian decimal comma, no trailing zeros), not the column's 0.050000;
    saving the page unchanged keeps the value."""
    submission = submission_for(world["user"])
    assert post_section(client_in, submission, "5", {"sample_fraction": "0,050"}).status_code == 302
    url = reverse("submissions:section", kwargs={"pk": submission.pk, "key": "5"})

    html = client_in.get(url).content.decode()

    assert 'name="sample_fraction" value="0,05"' in html
    assert "0.050000" not in html and "0,050000" not in html
    assert post_section(client_in, submission, "5", {"sample_fraction": "0,05"}).status_code == 302
    submission.refresh_from_db()
    assert str(submission.sample_fraction.normalize()) == "0.05"


def test_regency_must_lie_in_province(world, client_in):
    submission = submission_for(world["user"])
    response = post_section(
        client_in,
        submission,
        "1",
        {
            "organizer_name": "Dinas Kesehatan",
            "organizer_province": world["province"].pk,
            "organizer_regency": world["other_regency"].pk,
        },
    )
    assert field_errors(response, "organizer_regency") == [
        "Kabupaten/kota ini tidak berada di provinsi yang dipilih di atas."
    ]


def test_year_out_of_range_rejected(world, client_in):
    submission = submission_for(world["user"])
    response = post_section(client_in, submission, "header", {"title": "Survei", "year": "1990"})
    assert field_errors(response, "year") == ["Isikan tahun antara 2000 dan 2100."]


def test_at_least_one_variable_required(world):
    submission = fill_complete(submission_for(world["user"]), variables=0)
    assert strict_errors(submission, "variables") == ["Tambahkan paling sedikit satu variabel."]


def test_required_attachments_fs3_and_fpkpa(world):
    fs3 = fill_complete(submission_for(world["user"]), attachments=False)
    assert strict_errors(fs3, "attachments") == [
        "Unggah surat pengantar dalam bentuk PDF.",
        "Unggah kuesioner/instrumen dalam bentuk PDF.",
    ]
    fpkpa = fill_complete(submission_for(world["user"], kind="fpkpa"), attachments=False)
    assert strict_errors(fpkpa, "attachments") == ["Unggah surat pengantar dalam bentuk PDF."]


def test_draft_saves_with_questions_unanswered(world, client_in):
    submission = submission_for(world["user"])
    response = post_section(client_in, submission, "3", {"background": "Hanya latar belakang"})
    assert response.status_code == 302
    submission.refresh_from_db()
    assert submission.background == "Hanya latar belakang"
    assert f"3.2 Tujuan: {REQUIRED}" in strict_errors(submission, "3")


def test_save_and_continue_goes_to_next_section(world, client_in):
    submission = submission_for(world["user"])
    response = post_section(client_in, submission, "header", {"title": "Survei", "lanjut": "1"})
    assert response["Location"] == reverse("submissions:section", kwargs={"pk": submission.pk, "key": "1"})


# --- autosave -------------------------------------------------------------------------


def test_autosave_saves_valid_input(world, client_in):
    submission = submission_for(world["user"])
    url = reverse("submissions:autosave", kwargs={"pk": submission.pk, "key": "3"})
    response = client_in.post(url, {"background": "Diketik lalu disimpan otomatis"})
    assert response.status_code == 200
    assert response.json()["ok"] is True
    submission.refresh_from_db()
    assert submission.background == "Diketik lalu disimpan otomatis"


def test_autosave_keeps_invalid_input_with_errors(world, client_in):
    submission = submission_for(world["user"])
    url = reverse("submissions:autosave", kwargs={"pk": submission.pk, "key": "5"})
    response = client_in.post(url, {"sample_fraction": "3", "sample_unit": "Desa"})
    body = response.json()
    assert body["ok"] is False
    assert body["errors"] == {"sample_fraction": ["Fraksi sampel harus lebih dari 0 dan paling besar 1."]}
    assert SectionDraft.objects.get(submission=submission, section="5").data["sample_unit"] == ["Desa"]


def test_autosave_after_session_expired_answers_401(world, client):
    submission = submission_for(world["user"])
    url = reverse("submissions:autosave", kwargs={"pk": submission.pk, "key": "3"})
    response = client.post(url, {"background": "x"})
    assert response.status_code == 401
    assert response.json()["message"] == ("Sesi Anda telah berakhir. Masuk lagi; isian Anda tersimpan di peramban ini.")
    assert Submission.objects.get(pk=submission.pk).background == ""


def test_a_pasted_nul_character_gets_a_message_and_keeps_the_rest_of_the_input(world, client_in):
    """PostgreSQL refuses NUL in JSON: the unsaved draft must still be stored, never a server error."""
    from submissions.models import SectionDraft

    submission = submission_for(world["user"])
    response = post_section(
        client_in, submission, "3", {"background": "Latar\x00belakang", "objective": "Mengukur gizi balita."}
    )
    assert response.status_code == 400  # the form again, as for any invalid input
    assert field_errors(response, "background")  # Django refuses null characters next to the field
    draft = SectionDraft.objects.get(submission=submission, section="3")
    assert draft.data["background"] == ["Latarbelakang"]
    assert draft.data["objective"] == ["Mengukur gizi balita."]

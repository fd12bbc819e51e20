"""Cek Survei's public pages: a valid, an expired and an unknown code; the typed form; the complaint link; the
guessing limit."""

import datetime
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse

from catalogue.models import CatalogueEntry
from letters.public_code import code_display, public_code
from submissions.states import State

from .conftest import make_issued

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
ID = {"HTTP_ACCEPT_LANGUAGE": "id"}


@pytest.fixture(autouse=True)
def _fresh_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def activity(world):
    # fill_complete: data collection 5–25 March 2027
    return make_issued(world["agency"], title="Survei Status Gizi Balita")


def page(client, code, **headers):
    return client.get(reverse("ceksurvei:code", kwargs={"code": code}), **(headers or EN))


def test_a_valid_code_says_who_runs_it_under_which_recommendation_when_where_and_whom_to_contact(client, activity):
    office = activity.office
    office.phone, office.email = "0531-21000", "bps6202@bps.go.id"
    office.save(update_fields=["phone", "email"])
    response = page(client, public_code(activity.pk))
    assert response.status_code == 200
    text = response.content.decode()
    assert code_display(public_code(activity.pk)) in text
    assert "Survei Status Gizi Balita" in text and activity.agency.name in text
    letter = activity.letter
    assert f"{letter.number} of 2 March 2026" in text
    assert "data collection from 5 March 2027 to 25 March 2027" in text
    assert 'data-testid="check-valid"' in text and 'data-testid="check-expired"' not in text
    assert office.name in text and "0531-21000" in text and "bps6202@bps.go.id" in text
    for region in activity.coverage_regions.all():
        assert region.display_name in text
    # what the catalogue never publishes is not published here either
    for secret in ("organizer-secret@example.go.id", "0531-999111", "Pejabat Teknis Rahasia", "Jl. Alamat Rahasia 9"):
        assert secret not in text


def test_the_report_button_opens_the_complaint_form_with_the_office_chosen(client, activity):
    response = page(client, public_code(activity.pk))
    link = response.context["complaint_url"]
    assert urlsplit(link).path == reverse("complaints:file")
    code = public_code(activity.pk)
    assert parse_qs(urlsplit(link).query) == {"kantor": [activity.office.code], "kode": [code]}
    assert f'href="{link}"' in response.content.decode().replace("&amp;", "&")
    form = client.get(link, **EN)
    assert form.status_code == 200
    assert form.context["form"].initial["office"] == activity.office
    shown = f"About the activity “{activity.title}” (Cek Survei code {code[:4]}-{code[4:]}): "
    assert form.context["form"].initial["description"] == shown


def test_the_complaint_form_takes_the_code_alone_typed_loosely(client, activity):
    code = public_code(activity.pk)
    form = client.get(reverse("complaints:file"), {"kode": f"{code[:4].lower()}-{code[4:]}"}, **ID)
    assert form.status_code == 200
    assert form.context["form"].initial["office"] == activity.office
    assert f"Tentang kegiatan “{activity.title}”" in form.content.decode()


def test_the_complaint_form_ignores_an_unknown_code_and_counts_it_as_a_guess(client, activity, settings):
    settings.CEK_SURVEI_RATE_LIMIT = (2, 900)
    url = reverse("complaints:file")
    for _ in range(2):
        form = client.get(url, {"kode": "ZZZZZZZZ", "kantor": activity.office.code})
        assert form.status_code == 200 and "description" not in form.context["form"].initial
        assert form.context["form"].initial["office"] == activity.office  # ?kantor= still chooses the office
    # used up: even the right code names no activity from this address now, here or on Cek Survei
    form = client.get(url, {"kode": public_code(activity.pk)})
    assert "office" not in form.context["form"].initial
    assert page(client, public_code(activity.pk)).status_code == 429


def test_an_expired_code_says_so_plainly_with_410(client, activity):
    activity.collection_end = datetime.date(2025, 6, 30)
    activity.save(update_fields=["collection_end"])
    response = page(client, public_code(activity.pk), **ID)
    assert response.status_code == 410
    text = response.content.decode()
    assert 'data-testid="check-expired"' in text and 'data-testid="check-valid"' not in text
    assert "Masa berlaku survei ini telah berakhir pada 30 Juni 2025." in text
    assert "Survei Status Gizi Balita" in text  # still says what it was


def test_without_a_collection_end_the_activity_year_ends_the_period(client, activity):
    activity.collection_start = activity.collection_end = None
    activity.year = 2024
    activity.save(update_fields=["collection_start", "collection_end", "year"])
    assert page(client, public_code(activity.pk)).status_code == 410


def test_an_unknown_code_says_so_plainly_with_404(client, activity):
    response = client.get(reverse("ceksurvei:code", kwargs={"code": "ZZZZZZZZ"}), **ID)
    assert response.status_code == 404
    text = response.content.decode()
    assert 'data-testid="check-unknown"' in text
    assert "Kode ZZZZZZZZ tidak dikenal." in text
    assert page(client, "not-a-code!").status_code == 404


def test_a_tidak_layak_or_no_longer_issued_activity_has_no_valid_code(client, world, activity):
    tidak = make_issued(world["agency"], title="Survei Ditolak", decision=State.NOT_FEASIBLE)
    assert page(client, public_code(tidak.pk)).status_code == 404
    type(activity).objects.filter(pk=activity.pk).update(state=State.WITHDRAWN)
    assert page(client, public_code(activity.pk)).status_code == 404


def test_a_typed_code_goes_to_its_page(client, activity):
    code = public_code(activity.pk)
    assert client.get(reverse("ceksurvei:form"), **EN).status_code == 200
    typed = f" {code[:4].lower()}-{code[4:].lower()} "
    response = client.get(reverse("ceksurvei:form"), {"kode": typed}, **EN)
    assert response.status_code == 302 and response["Location"] == reverse("ceksurvei:code", kwargs={"code": code})
    # a page address typed with a dash goes to the code as stored
    response = page(client, code_display(code))
    assert response.status_code == 302 and response["Location"] == reverse("ceksurvei:code", kwargs={"code": code})


def test_a_typed_code_of_the_wrong_shape_is_refused_next_to_the_field(client, activity):
    response = client.get(reverse("ceksurvei:form"), {"kode": "abc"}, **ID)
    assert response.status_code == 400
    assert response.context["form"].errors["kode"] == [
        "Kode survei terdiri atas 8 huruf dan angka, misalnya K7QM-2XRD. Periksa kembali yang Anda ketik."
    ]


@override_settings(CEK_SURVEI_RATE_LIMIT=(3, 900))
def test_unknown_codes_are_limited_per_client_address(client, activity):
    good = public_code(activity.pk)
    assert page(client, good).status_code == 200  # a known code is never counted
    for _ in range(3):
        assert page(client, "ZZZZZZZZ").status_code == 404
    assert page(client, "ZZZZZZZZ").status_code == 429
    refused = page(client, good, **ID)
    assert refused.status_code == 429  # used up: every look-up, until the window ends
    assert "Terlalu banyak kode" in refused.content.decode()
    other = page(client, good, REMOTE_ADDR="10.9.8.7", **EN)
    assert other.status_code == 200


def test_the_page_reads_in_a_fixed_number_of_queries(client, world, activity, django_assert_max_num_queries):
    for i in range(5):
        make_issued(world["agency"], title=f"Survei Lain {i}")
    with django_assert_max_num_queries(6):
        assert page(client, public_code(activity.pk)).status_code == 200
    assert CatalogueEntry.objects.filter(public_check_code__isnull=False).count() == 6

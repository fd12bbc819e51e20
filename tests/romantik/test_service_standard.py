"""The service standard as a versioned document (issue 18): an office admin publishes a new version with its decree
(SK); it takes effect on its date (at once, or by the daily task); the clock of a submission uses the version in
force on the day it was recorded complete; the public page shows the version in force, the one announced and the
earlier ones.

The dates are in June and July 2027 (no holiday in July 2027: tests/review/test_clock.py)."""

from contextlib import contextmanager
from datetime import date
from importlib import import_module
from unittest.mock import patch

import pytest
from auditlog.models import LogEntry
from django.apps import apps
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone, translation

from review import services as review_services
from romantik.calendar import OfficeCalendar
from romantik.enums import Role, ServiceTimeUnit
from romantik.models import Office, ServiceStandard
from romantik.standard_forms import ServiceStandardForm
from romantik.standards import (
    BASELINE_EFFECTIVE_FROM,
    service_standard_in_force,
    service_standard_publish,
    service_standards_apply,
)
from romantik.tasks import service_standards_apply_task
from tests.factories import OfficeFactory, SubmissionFactory, staff, world_with_province

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
TODAY = date(2027, 6, 15)  # a Tuesday
NEXT_MONTH = date(2027, 7, 1)

_real_localdate = timezone.localdate


@contextmanager
def today_is(day: date):
    """Time travel for the services: `timezone.localdate()` answers `day` (Django's clock, not our code)."""

    def localdate(value=None, timezone=None):
        return day if value is None else _real_localdate(value, timezone)

    with patch("django.utils.timezone.localdate", side_effect=localdate):
        yield


@pytest.fixture
def places(shared_world):
    """The shared world with office 6202 under its province office 6200 (as tests/romantik/test_office_scope.py)."""
    return world_with_province(shared_world)


def standard(**overrides) -> dict:
    """What an office admin types for a new version: the service time cut from 30 to 20 working days."""
    return {
        "sk_number": "B-12/62020/HK.010/2027",
        "sk_date": date(2027, 6, 10),
        "effective_from": NEXT_MONTH,
        "requirements": ["Instansi pemerintah penyelenggara kegiatan statistik sektoral", "Surat pengantar"],
        "procedure": ["Pengguna layanan mengajukan rancangan", "Petugas memeriksa", "Kepala BPS menandatangani"],
        "service_time_amount": 20,
        "service_time_unit": ServiceTimeUnit.WORKING_DAYS,
        "service_time_note": "Paling lama 20 hari kerja sejak terekam lengkap.",
        "cost": "Tidak dipungut biaya",
        "products": ["Surat rekomendasi kegiatan statistik"],
        "complaint_channels": [{"kind": "email", "label": "E-mail", "value": "ipds6202@bps.go.id"}],
        "guides": ["Panduan Romantik Online"],
        **overrides,
    }


def publish(office, actor, **overrides) -> ServiceStandard:
    return service_standard_publish(office=office, actor=actor, **standard(**overrides))


def versions(office) -> list[tuple]:
    return list(
        office.standards.order_by("version").values_list(
            "version", "sk_number", "effective_from", "service_time_amount", "created_by"
        )
    )


def standard_url(office) -> str:
    return reverse("office_standard", kwargs={"code": office.code})


# --- publishing -----------------------------------------------------------------------------------------


def test_a_new_version_keeps_the_old_standard_as_version_1_and_waits_for_its_date(places):
    office, admin = places["office"], places["office_admin"]
    with today_is(TODAY):
        version = publish(office, admin)
    assert (version.version, version.applied_at) == (2, None)
    assert versions(office) == [
        (1, "", BASELINE_EFFECTIVE_FROM, 30, None),
        (2, "B-12/62020/HK.010/2027", NEXT_MONTH, 20, admin.pk),
    ]
    office.refresh_from_db()
    assert (office.service_time_amount, office.sk_number) == (30, "")  # the office's standard until 1 July
    assert service_standard_in_force(office, TODAY).version == 1
    assert service_standard_in_force(office, NEXT_MONTH).version == 2
    created = LogEntry.objects.filter(
        content_type__model="servicestandard", action=LogEntry.Action.CREATE, additional_data__office=office.pk
    )
    assert created.count() == 2


def test_a_version_effective_today_is_in_force_at_once(places):
    office, admin = places["office"], places["office_admin"]
    with today_is(TODAY):
        version = publish(office, admin, effective_from=TODAY)
    assert version.applied_at is not None
    office.refresh_from_db()
    assert (office.service_time_amount, office.sk_number, office.products) == (
        20,
        "B-12/62020/HK.010/2027",
        ["Surat rekomendasi kegiatan statistik"],
    )
    change = LogEntry.objects.filter(
        content_type__model="office", object_id=office.pk, action=LogEntry.Action.UPDATE
    ).latest("pk")
    assert change.changes["service_time_amount"] == ["30", "20"]
    assert change.changes["sk_number"] == ["", "B-12/62020/HK.010/2027"]


def test_a_version_published_for_the_same_day_as_an_announced_one_replaces_it(places, client):
    office, admin = places["office"], places["office_admin"]
    with today_is(TODAY):
        publish(office, admin)
        publish(office, admin, sk_number="B-13/62020/HK.010/2027", service_time_amount=25)
        html = client.get(reverse("office_service", kwargs={"code": office.code}), **EN).content.decode()
    assert service_standard_in_force(office, NEXT_MONTH).service_time_amount == 25
    assert [v[0] for v in versions(office)] == [1, 2, 3]
    assert "A new version (3, SK B-13/62020/HK.010/2027) takes effect on 1 July 2027" in html
    assert "A new version (2," not in html
    history = html.split('data-testid="standard-history"')[1].split("</section>")[0]
    # Version 1 is in force, version 3 announced: version 2 never takes effect.
    assert history.count("<li>") == 1 and "Version 2:" in history and "replaced before it took effect" in history


AMOUNT_MESSAGE = "The service time must be a whole number from 1 to 365."


@pytest.mark.parametrize(
    "overrides, field, message",
    [
        ({"sk_number": "  "}, "sk_number", "Enter the number of the decree (SK) that sets this standard."),
        ({"sk_date": None}, "sk_date", "Enter the date of the decree (SK)."),
        ({"sk_date": date(2027, 6, 16)}, "sk_date", "The decree's date cannot be later than today."),
        (
            {"effective_from": date(2027, 6, 14)},
            "effective_from",
            "The standard cannot take effect in the past: choose today or a later day.",
        ),
        ({"effective_from": None}, "effective_from", "Enter the day this standard takes effect."),
        ({"service_time_amount": 0}, "service_time_amount", AMOUNT_MESSAGE),
        ({"service_time_amount": 366}, "service_time_amount", AMOUNT_MESSAGE),
        (
            {"service_time_amount": None},
            "service_time_amount",
            "The service time must be a whole number from 1 to 365.",
        ),
        ({"service_time_unit": "bulan"}, "service_time_unit", "Choose days or working days."),
        ({"requirements": ["", " "]}, "requirements", "List at least one requirement."),
        ({"procedure": []}, "procedure", "List at least one step of the procedure."),
        ({"cost": ""}, "cost", "State the cost, for example: Tidak dipungut biaya."),
        ({"products": []}, "products", "List at least one service product."),
    ],
)
def test_the_service_says_what_is_wrong_by_field_and_publishes_nothing(places, overrides, field, message):
    office = places["office"]
    with today_is(TODAY), translation.override("en"), pytest.raises(ValidationError) as refused:
        publish(office, places["office_admin"], **overrides)
    assert refused.value.message_dict == {field: [message]}
    assert not office.standards.exists()


def test_a_new_version_cannot_take_effect_before_one_already_announced(places):
    office, admin = places["office"], places["office_admin"]
    with today_is(TODAY):
        publish(office, admin, effective_from=date(2027, 8, 2))
        with translation.override("en"), pytest.raises(ValidationError) as refused:
            publish(office, admin, effective_from=NEXT_MONTH)
    assert refused.value.message_dict == {
        "effective_from": [
            "Version 2 takes effect on 2 August 2027: a new version can take effect on that day or later."
        ]
    }
    assert [v[0] for v in versions(office)] == [1, 2]


def test_only_who_manages_the_office_publishes(places):
    with today_is(TODAY), pytest.raises(PermissionDenied):
        publish(places["office"], places["reviewer"])
    with today_is(TODAY), pytest.raises(PermissionDenied):
        publish(places["office"], staff(places["other_office"], Role.OFFICE_ADMIN))
    assert not places["office"].standards.exists()


# --- its date comes -------------------------------------------------------------------------------------


def test_the_daily_task_applies_a_version_on_its_day_and_only_once(places):
    office, admin = places["office"], places["office_admin"]
    with today_is(TODAY):
        publish(office, admin)
    with today_is(date(2027, 6, 30)):
        assert service_standards_apply() == 0
    office.refresh_from_db()
    assert office.service_time_amount == 30
    with today_is(NEXT_MONTH):
        assert service_standards_apply_task() == 1
        assert service_standards_apply_task() == 0  # idempotent
    office.refresh_from_db()
    assert (office.service_time_amount, office.sk_number, office.service_time_note) == (
        20,
        "B-12/62020/HK.010/2027",
        "Paling lama 20 hari kerja sejak terekam lengkap.",
    )
    assert office.standards.get(version=2).applied_at is not None
    updates = LogEntry.objects.filter(content_type__model="office", object_id=office.pk, action=LogEntry.Action.UPDATE)
    assert [e.changes["service_time_amount"] for e in updates if "service_time_amount" in e.changes] == [["30", "20"]]
    assert settings.CELERY_BEAT_SCHEDULE["service-standards-apply"]["task"] == (
        "romantik.tasks.service_standards_apply_task"
    )


# --- the clock ------------------------------------------------------------------------------------------


def test_the_clock_uses_the_version_in_force_on_the_day_it_was_recorded_complete(places):
    w = places
    office = w["office"]
    before = SubmissionFactory(owner=w["agency"], submitted=True)
    after = SubmissionFactory(owner=w["agency"], submitted=True)
    with today_is(TODAY):
        publish(office, w["office_admin"], service_time_amount=10)
    with today_is(date(2027, 6, 30)):  # the day before the new version: 30 working days
        before = review_services.review_accept(submission=before, actor=w["front_desk"])
    with today_is(NEXT_MONTH):
        service_standards_apply()
        after = review_services.review_accept(submission=after, actor=w["front_desk"])
    # 1 Jul = 1, 2 Jul = 2, 5-9 Jul = 3-7, ... 2-6 Aug = 23-27, 9-11 Aug = 28-30.
    assert (before.recorded_complete_on, before.due_date) == (date(2027, 6, 30), date(2027, 8, 11))
    # 2 Jul = 1, 5-9 Jul = 2-6, 12-15 Jul = 7-10.
    assert (after.recorded_complete_on, after.due_date) == (NEXT_MONTH, date(2027, 7, 15))


def test_the_calendar_reads_the_versions_once_and_falls_back_to_the_office(places, django_assert_num_queries):
    office = places["office"]
    with today_is(TODAY):
        publish(office, places["office_admin"], service_time_amount=15, service_time_unit=ServiceTimeUnit.CALENDAR_DAYS)
    office = Office.objects.get(pk=office.pk)
    calendar = OfficeCalendar(office, closures=set())
    with django_assert_num_queries(1):
        assert calendar.service_due_date(date(2027, 6, 30)) == date(2027, 8, 11)
        assert calendar.service_due_date(NEXT_MONTH) == date(2027, 7, 16)  # 15 calendar days
        # Before version 1: version 1 (30 working days; 24-25 Dec 2019 and 1 Jan 2020 off).
        assert calendar.service_due_date(date(2019, 12, 2)) == date(2020, 1, 16)
    without_versions = OfficeFactory(service_time_amount=14, service_time_unit=ServiceTimeUnit.WORKING_DAYS)
    assert OfficeCalendar(without_versions, closures=set()).service_due_date(NEXT_MONTH) == date(2027, 7, 21)


# --- the pages ------------------------------------------------------------------------------------------


def test_the_public_page_shows_the_version_in_force_the_announced_one_and_the_history(places, client):
    office, admin = places["office"], places["office_admin"]
    with today_is(TODAY):
        publish(office, admin, effective_from=TODAY, sk_number="B-12/62020/HK.010/2027")
        publish(office, admin, sk_number="B-20/62020/HK.010/2027", service_time_amount=10)
        html = client.get(reverse("office_service", kwargs={"code": office.code}), **EN).content.decode()
        html_id = client.get(reverse("office_service", kwargs={"code": office.code})).content.decode()
    assert '<span data-testid="sk-number">B-12/62020/HK.010/2027</span>' in html
    assert '<span data-testid="sk-date">10 June 2027</span>' in html
    assert "Version 2, effective from 15 June 2027" in html
    assert '<p class="fs-5" data-testid="service-time">20 working days</p>' in html
    assert (
        "A new version (3, SK B-20/62020/HK.010/2027) takes effect on 1 July 2027: service time 10 working days."
    ) in html
    assert '<section class="mb-4" id="riwayat" data-testid="standard-history">' in html
    history = html.split('data-testid="standard-history"')[1].split("</section>")[0]
    assert "Version 1:" in history and "no decree number" in history and "effective from 1 January 2020" in history
    assert "service time 30 working days" in history
    assert "Version 2:" not in history and "Version 3:" not in history
    assert "<li>Panduan Romantik Online</li>" in html
    assert "Versi 2, berlaku sejak 15 Juni 2027" in html_id


def test_the_public_page_of_an_office_without_versions_shows_its_own_fields(client):
    office = OfficeFactory(code="8555", sk_number="7 Tahun 2025", service_time_amount=12)
    html = client.get(reverse("office_service", kwargs={"code": office.code}), **EN).content.decode()
    assert '<span data-testid="sk-number">7 Tahun 2025</span>' in html
    assert '<p class="fs-5" data-testid="service-time">12 working days</p>' in html
    assert 'data-testid="standard-history"' not in html and 'data-testid="standard-version"' not in html


def test_the_office_admin_page_starts_from_the_current_version(places, client):
    office = places["office"]
    office.requirements = ["Syarat satu", "Syarat dua"]
    office.complaint_channels = [{"kind": "whatsapp", "label": "SISUKA", "value": "0816666202"}]
    office.save()
    client.force_login(places["office_admin"])
    with today_is(TODAY):
        response = client.get(standard_url(office), **EN)
    assert response.status_code == 200
    form = response.context["form"]
    assert form["requirements"].value() == "Syarat satu\nSyarat dua"
    assert form["complaint_channels"].value() == "SISUKA: 0816666202"
    assert form["service_time_amount"].value() == 30
    html = response.content.decode()
    assert "New version: version 2" in html
    assert 'data-testid="standard-nav"' in html


def form_data(**overrides) -> dict:
    return {
        "sk_number": "B-12/62020/HK.010/2027",
        "sk_date": "2027-06-10",
        "effective_from": "2027-07-01",
        "requirements": "1. Instansi pemerintah\n2. Surat pengantar\n\n",
        "procedure": "Mengajukan\nMemeriksa",
        "service_time_amount": "20",
        "service_time_unit": "hari_kerja",
        "service_time_note": "",
        "cost": "Tidak dipungut biaya",
        "products": "Surat rekomendasi",
        "complaint_channels": "SISUKA: 0816666202\nE-mail: ipds6202@bps.go.id\nSP4N-LAPOR!: https://www.lapor.go.id",
        "guides": "",
        **overrides,
    }


def test_the_office_admin_publishes_through_the_page(places, client):
    office = places["office"]
    office.complaint_channels = [{"kind": "whatsapp", "label": "SISUKA", "value": "0816666202"}]
    office.save()
    client.force_login(places["office_admin"])
    with today_is(TODAY):
        response = client.post(standard_url(office), form_data())
    assert response.status_code == 302 and response.url == standard_url(office)
    version = office.standards.get(version=2)
    assert (version.requirements, version.procedure, version.service_time_amount, version.effective_from) == (
        ["Instansi pemerintah", "Surat pengantar"],
        ["Mengajukan", "Memeriksa"],
        20,
        NEXT_MONTH,
    )
    assert version.complaint_channels == [
        {"kind": "whatsapp", "label": "SISUKA", "value": "0816666202"},  # kept its kind
        {"kind": "email", "label": "E-mail", "value": "ipds6202@bps.go.id"},
        {"kind": "lapor", "label": "SP4N-LAPOR!", "value": "https://www.lapor.go.id"},
    ]
    with today_is(TODAY):
        html = client.get(standard_url(office)).content.decode()
    assert "Versi 2 standar pelayanan berlaku mulai 1 Juli 2027." in html
    assert 'data-testid="standard-version-2"' in html.split('data-testid="standard-upcoming"')[1]


def test_the_page_shows_the_reasons_next_to_the_fields_and_keeps_what_was_typed(places, client):
    office = places["office"]
    client.force_login(places["office_admin"])
    typed = form_data(sk_number="", effective_from="2027-06-01", service_time_amount="400", procedure="Langkah baru")
    with today_is(TODAY):
        response = client.post(standard_url(office), typed)
    assert response.status_code == 400
    form = response.context["form"]
    assert form.errors == {
        "sk_number": ["Masukkan nomor surat keputusan (SK) yang menetapkan standar ini."],
        "effective_from": ["Standar tidak dapat berlaku di masa lalu: pilih hari ini atau hari sesudahnya."],
        "service_time_amount": ["Waktu penyelesaian harus bilangan bulat dari 1 sampai 365."],
    }
    html = response.content.decode()
    assert "Masukkan nomor surat keputusan (SK) yang menetapkan standar ini." in html
    assert "\nLangkah baru</textarea>" in html and 'value="400"' in html
    assert not office.standards.exists()

    with today_is(TODAY):
        response = client.post(standard_url(office), form_data(complaint_channels="E-mail bps6202@bps.go.id"))
    assert response.status_code == 400
    assert response.context["form"].errors == {
        "complaint_channels": ["Baris 1: tulis saluran sebagai nama: alamat, misalnya “E-mail: bps6202@bps.go.id”."]
    }


def test_an_office_admin_of_another_office_is_denied(places, client):
    client.force_login(staff(places["other_office"], Role.OFFICE_ADMIN))
    with today_is(TODAY):
        assert client.get(standard_url(places["office"])).status_code == 403
        assert client.post(standard_url(places["office"]), form_data()).status_code == 403
    assert not places["office"].standards.exists()


def test_the_province_admin_of_the_parent_office_publishes(places, client):
    admin = staff(places["province_office"], Role.OFFICE_ADMIN)
    client.force_login(admin)
    with today_is(TODAY):
        assert client.get(standard_url(places["office"])).status_code == 200
        assert client.post(standard_url(places["office"]), form_data()).status_code == 302
    assert places["office"].standards.get(version=2).created_by == admin


def test_the_form_reads_one_item_a_line():
    form = ServiceStandardForm(form_data(requirements="- satu\n• dua\n3) tiga\n  \n10. sepuluh"))
    assert form.is_valid(), form.errors
    assert form.cleaned_data["requirements"] == ["satu", "dua", "tiga", "sepuluh"]


# --- seeds and the migration ----------------------------------------------------------------------------


def test_the_migration_makes_version_1_of_every_office_once():
    office = OfficeFactory(code="8556", sk_number="3 Tahun 2024", service_time_amount=14)
    migration = import_module("romantik.migrations.0009_service_standard")
    migration.versions_create(apps, None)
    migration.versions_create(apps, None)
    assert versions(office) == [(1, "3 Tahun 2024", BASELINE_EFFECTIVE_FROM, 14, None)]
    assert office.standards.get().applied_at is not None


def test_seeding_twice_makes_version_1_of_each_seeded_office_once():
    from romantik.seed_data import OFFICES
    from romantik.seeding import offices_load, regions_load

    regions_load()
    offices_load()
    offices_load()
    assert ServiceStandard.objects.count() == len(OFFICES)
    kotim = ServiceStandard.objects.get(office__code="6202")
    assert (kotim.version, kotim.service_time_amount, kotim.service_time_unit, kotim.effective_from) == (
        1,
        15,
        ServiceTimeUnit.CALENDAR_DAYS,
        BASELINE_EFFECTIVE_FROM,
    )
    banjarnegara = ServiceStandard.objects.get(office__code="3304")
    assert banjarnegara.guides[0] == "Panduan Pengajuan Rekomendasi Kegiatan Statistik melalui Romantik Online"
    assert ServiceStandard.objects.get(office__code="6111").sk_number == "65 Tahun 2024"


def test_seeding_again_keeps_a_published_version_in_force():
    from romantik.seeding import offices_load, regions_load

    regions_load()
    offices_load()
    office = Office.objects.select_related("region").get(code="6202")
    with today_is(TODAY):
        publish(office, staff(office, Role.OFFICE_ADMIN), effective_from=TODAY)
    offices_load()
    office.refresh_from_db()
    assert (office.service_time_amount, office.service_time_unit, office.sk_number) == (
        20,
        ServiceTimeUnit.WORKING_DAYS,
        "B-12/62020/HK.010/2027",
    )
    assert [v[0] for v in versions(office)] == [1, 2]


def test_seed_bench_gives_every_office_its_version_1():
    from io import StringIO

    from django.core.management import call_command

    counts = {"agencies": 2, "submissions": 10, "letters": 1}
    call_command("seed_bench", **counts, allow_sqlite=True, today=date(2027, 3, 4), stdout=StringIO())
    assert ServiceStandard.objects.count() == Office.objects.count() > 500
    assert not ServiceStandard.objects.exclude(version=1).exists()
    mirrored = ServiceStandard.objects.filter(
        office__service_time_amount=models.F("service_time_amount"),
        office__service_time_unit=models.F("service_time_unit"),
    )
    assert mirrored.count() == Office.objects.count()

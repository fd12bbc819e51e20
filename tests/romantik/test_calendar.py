"""The service calendar and `sla_due`, checked by hand against the 2025-2026
Indonesian holidays and cuti bersama (SKB 3 Menteri)."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from romantik.calendar import OfficeCalendar, is_national_holiday
from romantik.models import OfficeClosure
from tests.factories import OfficeFactory


@pytest.fixture
def demo(demo_shared):
    """The demo offices, loaded once for the module: each test runs in its own savepoint inside them."""
    return demo_shared


def sla_due(code: str, start: str) -> str:
    out = StringIO()
    call_command("sla_due", office=code, start=start, stdout=out)
    return out.getvalue().strip().splitlines()[-1]


def test_national_holidays_include_cuti_bersama():
    assert is_national_holiday(date(2026, 3, 19))  # Nyepi
    assert is_national_holiday(date(2026, 3, 20))  # cuti bersama Idulfitri
    assert is_national_holiday(date(2026, 3, 24))  # cuti bersama Idulfitri
    assert is_national_holiday(date(2026, 12, 24))  # cuti bersama Natal
    assert not is_national_holiday(date(2026, 3, 25))


# Clock started on Monday 16 March 2026, the week of Nyepi and Idulfitri:
# 18 (cuti) 19 (Nyepi) 20 (cuti) 23 24 (cuti) are not working days, nor Good Friday 3 April,
# 1 May, 14-15 May (Kenaikan + cuti), 27-28 May (Iduladha + cuti), 1 June (Pancasila).
@pytest.mark.parametrize(
    "code, start, expected",
    [
        # 6202 Kotawaringin Timur: 15 calendar days ("15 Hari").
        ("6202", "2026-03-16", "2026-03-31"),
        ("6202", "2026-12-20", "2027-01-04"),
        # 6111 Kayong Utara: 14 working days. 17 Mar = day 1, 25-27 = 2-4, 30-31 = 5-6, 1-2 Apr = 7-8,
        # 6-10 Apr = 9-13, 13 Apr = day 14.
        ("6111", "2026-03-16", "2026-04-13"),
        # Started on a Friday: day 1 is Monday 11 May; 14-15 May (Kenaikan + cuti), 27-28 May
        # (Iduladha + cuti) and 1 June (Pancasila) are skipped: 11-13 = 1-3, 18-22 = 4-8, 25-26 = 9-10,
        # 29 May = 11, 2-4 June = 12-14.
        ("6111", "2026-05-08", "2026-06-04"),
        # 6371, 6302, 3304: 30 working days. From 16 Mar: 13 days to 10 Apr (see above), 13-30 Apr = 14 more
        # (27 days), 4-6 May = 28-30 (1 May is Labour Day).
        ("6371", "2026-03-16", "2026-05-06"),
        ("6302", "2026-03-16", "2026-05-06"),
        ("3304", "2026-03-16", "2026-05-06"),
        # Across the year end: 24-25 Dec 2026 (cuti + Natal), 1 Jan and 5 Jan 2027 (Isra Mikraj) are
        # holidays: 2-23 Dec = 16, 28-31 Dec = 20, 4 + 6-8 Jan = 24, 11-15 Jan = 29, 18 Jan = 30.
        ("3304", "2026-12-01", "2027-01-18"),
    ],
)
def test_sla_due_for_each_seed_office(demo, code, start, expected):
    assert sla_due(code, start) == expected


def test_sla_due_counts_office_closures(demo):
    from romantik.models import Office

    office = Office.objects.get(code="6111")
    OfficeClosure.objects.create(office=office, date=date(2026, 4, 7), reason="Kantor tutup: pemadaman listrik")
    assert sla_due("6111", "2026-03-16") == "2026-04-14"


def test_sla_due_rejects_bad_input(demo):
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        sla_due("6111", "16-03-2026")
    with pytest.raises(CommandError, match="No office"):
        sla_due("9999", "2026-03-16")


@pytest.mark.django_db
def test_working_days_between_skips_weekends_and_holidays():
    calendar = OfficeCalendar(OfficeFactory())
    assert calendar.working_days_between(date(2026, 3, 16), date(2026, 3, 27)) == 4  # 17, 25, 26, 27
    assert calendar.working_days_between(date(2026, 3, 27), date(2026, 3, 16)) == -4
    assert calendar.add_working_days(date(2026, 8, 14), 1) == date(2026, 8, 18)  # 17 Aug Independence Day

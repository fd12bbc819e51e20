"""The service calendar.

Working days are Monday–Friday minus Indonesian public holidays and cuti
bersama (the `holidays` package, categories public and government) minus the
closures an office adds itself. The clock's day 1 is the first working day
after it starts; offices whose standard counts calendar days ("15 hari") count
every day.
"""

from datetime import date, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays
from django.utils import timezone

from .enums import ServiceTimeUnit

HOLIDAY_CATEGORIES = ("public", "government")


@lru_cache(maxsize=64)
def national_holidays(year: int) -> dict[date, str]:
    """Indonesian public holidays and cuti bersama of a year, named in Indonesian."""
    return dict(holidays.country_holidays("ID", years=year, categories=HOLIDAY_CATEGORIES, language="id"))


def is_national_holiday(day: date) -> bool:
    return day in national_holidays(day.year)


class OfficeCalendar:
    """Working days of one office: loads its closures once for a range of dates."""

    def __init__(self, office, closures: set[date] | None = None):
        self.office = office
        self._closures = closures

    @property
    def closures(self) -> set[date]:
        if self._closures is None:
            self._closures = set(self.office.closures.values_list("date", flat=True)) if self.office.pk else set()
        return self._closures

    def is_working_day(self, day: date) -> bool:
        return day.weekday() < 5 and not is_national_holiday(day) and day not in self.closures

    def add_working_days(self, start: date, days: int) -> date:
        """The `days`-th working day after `start` (day 1 is the first working day after it)."""
        day, counted = start, 0
        while counted < days:
            day += timedelta(days=1)
            if self.is_working_day(day):
                counted += 1
        return day

    def working_days_between(self, start: date, end: date) -> int:
        """Working days in (start, end]; negative when end is before start."""
        if end < start:
            return -self.working_days_between(end, start)
        return sum(1 for n in range(1, (end - start).days + 1) if self.is_working_day(start + timedelta(days=n)))

    def service_due_date(self, start: date) -> date:
        """The last day of the office's service time for a clock started on `start`."""
        amount = self.office.service_time_amount
        if self.office.service_time_unit == ServiceTimeUnit.CALENDAR_DAYS:
            return start + timedelta(days=amount)
        return self.add_working_days(start, amount)


# Indonesia's time zones by the BPS province code (the first two digits of a region code).
# WIB (UTC+7) everywhere else, and at BPS RI.
WITA_PROVINCES = frozenset({"51", "52", "53", "63", "64", "65", "71", "72", "73", "74", "75", "76"})
WIT_PROVINCES = frozenset({"81", "82", "91", "92", "93", "94", "95", "96", "97"})


def office_timezone(office) -> ZoneInfo:
    """The time zone of an office's province: WITA (Asia/Makassar), WIT (Asia/Jayapura) or WIB."""
    province = office.region.code[:2] if office.region_id else ""
    if province in WITA_PROVINCES:
        return ZoneInfo("Asia/Makassar")
    if province in WIT_PROVINCES:
        return ZoneInfo("Asia/Jayapura")
    return ZoneInfo("Asia/Jakarta")


def office_today(office) -> date:
    """Today at the office (WIB, WITA or WIT): the day a clock starts, pauses or resumes, a letter is dated
    and a queue number is drawn is the office's own, not Jakarta's."""
    return timezone.localdate(timezone=office_timezone(office))

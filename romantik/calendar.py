"""The service calendar.

Working days are Monday–Friday minus Indonesian public holidays and cuti
bersama (the `holidays` package, categories public and government) minus the
closures an office adds itself. The clock's day 1 is the first working day
after it starts; offices whose standard counts calendar days ("15 hari") count
every day.

The service time is the one of the office's service standard in force on the day the clock starts
(romantik.models.ServiceStandard, romantik/standards.py): a new version changes the clocks started on or after
its date, never those already running.
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


def standard_in_force_among(versions, on_date: date):
    """The version in force on `on_date` among an office's `versions`: the latest to take effect by then (of two
    with the same date, the later published); None when none has taken effect yet."""
    in_force = None
    for version in versions:
        if version.effective_from <= on_date and (
            in_force is None or (version.effective_from, version.version) > (in_force.effective_from, in_force.version)
        ):
            in_force = version
    return in_force


# What the clock reads of a version of the service standard.
CLOCK_STANDARD_FIELDS = ("office_id", "version", "effective_from", "service_time_amount", "service_time_unit")


class OfficeCalendar:
    """Working days of one office: loads its closures once for a range of dates, and the versions of its service
    standard once for every clock it starts."""

    def __init__(self, office, closures: set[date] | None = None, standards: list | None = None):
        self.office = office
        self._closures = closures
        self._standards = standards

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

    @property
    def standards(self) -> list:
        """The versions of the office's service standard (only what the clock reads), loaded once; those the
        office was read with (`prefetch_related("standards")`) are used as they are."""
        if self._standards is None:
            if not self.office.pk:
                self._standards = []
            elif "standards" in getattr(self.office, "_prefetched_objects_cache", {}):
                self._standards = list(self.office.standards.all())
            else:
                self._standards = list(self.office.standards.only(*CLOCK_STANDARD_FIELDS))
        return self._standards

    def service_time(self, start: date) -> tuple[int, str]:
        """The service time (amount, ServiceTimeUnit) of a clock started on `start`: the version of the standard in
        force that day; before the first version, the first; the office's own fields when it has no version."""
        version = standard_in_force_among(self.standards, start)
        if version is None and self.standards:
            version = min(self.standards, key=lambda v: (v.effective_from, v.version))
        source = version or self.office
        return source.service_time_amount, source.service_time_unit

    def service_due_date(self, start: date) -> date:
        """The last day of the service time for a clock started on `start` (the day the submission was recorded
        complete), by the version of the service standard in force that day."""
        amount, unit = self.service_time(start)
        if unit == ServiceTimeUnit.CALENDAR_DAYS:
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

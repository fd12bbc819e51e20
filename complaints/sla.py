"""Response-time targets of a complaint, in the office's working days and its own time zone.

Day 1 is the first working day after the day of filing (as for the service clock, DOMAIN.md "Service time");
weekends, national holidays, cuti bersama and the office's own closures do not count. A target is missed
once its due day has passed without the answer.
"""

from datetime import date, datetime

from django.utils import timezone

from romantik.calendar import OfficeCalendar, office_timezone

from .enums import FIRST_RESPONSE_DAYS, RESOLUTION_DAYS


def office_tz(office):
    # WIB, WITA or WIT by the office's province (the region is a join: select it with the office).
    return office_timezone(office)


def office_date(office, moment: datetime | None = None) -> date:
    """The calendar day of `moment` (now by default) at the office."""
    return timezone.localdate(moment or timezone.now(), timezone=office_tz(office))


def first_response_due(office, filed_on: date, calendar: OfficeCalendar | None = None) -> date:
    return (calendar or OfficeCalendar(office)).add_working_days(filed_on, FIRST_RESPONSE_DAYS)


def resolution_due(office, filed_on: date, kind: str, calendar: OfficeCalendar | None = None) -> date:
    return (calendar or OfficeCalendar(office)).add_working_days(filed_on, RESOLUTION_DAYS[kind])

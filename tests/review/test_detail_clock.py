"""The review page's service clock (issue 20): counted on the office's calendar with its closed days read by SQL
compiled once (review.selectors.office_calendar_lazy) and the working days by arithmetic; the same days as
`OfficeCalendar` counts, and a closed day added or removed counts at once."""

import datetime
import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from review import services
from review.selectors import office_calendar_lazy
from romantik.calendar import OfficeCalendar, office_today
from romantik.models import OfficeClosure
from submissions.clock import clock_status

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def _clock(client, submission) -> str:
    response = client.get(reverse("review:detail", args=[submission.pk]), **EN)
    assert response.status_code == 200
    html = response.content.decode()
    return re.search(r'data-testid="clock-status">(.*?)</dd>', html, re.S).group(1).strip()


def test_the_clock_counts_closed_days_at_once(office_world, client):
    w = office_world
    s = services.review_accept(submission=w["submission"], actor=w["reviewer"])
    office = s.office
    today = office_today(office)
    client.force_login(w["reviewer"])
    before = _clock(client, s)
    days = clock_status(s, today=today, calendar=OfficeCalendar(office)).days_left
    assert days > 1 and f"{days} working days left" in before
    # A working day between today and the due date, closed: one day fewer, on the next view.
    closed = next(
        day
        for n in range(1, 30)
        if (day := today + datetime.timedelta(days=n)) < s.due_date and OfficeCalendar(office).is_working_day(day)
    )
    closure = OfficeClosure.objects.create(office=office, date=closed, reason="Rapat")
    assert f"{days - 1} working day" in _clock(client, s)
    closure.delete()
    assert _clock(client, s) == before


def test_the_page_calendar_counts_as_the_office_calendar(office_world):
    w = office_world
    s = services.review_accept(submission=w["submission"], actor=w["reviewer"])
    office = s.office
    today = office_today(office)
    OfficeClosure.objects.create(office=office, date=today + datetime.timedelta(days=3), reason="Rapat")
    for shift in range(-40, 41, 3):
        start = today + datetime.timedelta(days=shift)
        for length in (0, 1, 5, 17, 60):
            end = start + datetime.timedelta(days=length)
            assert office_calendar_lazy(office).working_days_between(start, end) == OfficeCalendar(
                office
            ).working_days_between(start, end)
            assert office_calendar_lazy(office).working_days_between(end, start) == OfficeCalendar(
                office
            ).working_days_between(end, start)


def test_a_clock_not_started_reads_no_closed_days(office_world, client):
    w = office_world
    s = w["submission"]
    assert s.due_date is None
    client.force_login(w["reviewer"])
    _clock(client, s)
    with CaptureQueriesContext(connection) as captured:
        text = _clock(client, s)
    assert "Not started" in text
    closures = OfficeClosure._meta.db_table
    assert not any(closures in q["sql"] for q in captured.captured_queries)

"""The queue's page as read since issue 20's second pass: the rows as plain values, their count apart
(`review.selectors.queue_page`, the pages Django's paginator gave), the working days counted by arithmetic, the
office's closed days, years and reviewers read by SQL compiled once, the reviewers' names by plain SQL, and the
filter form kept as HTML under everything it is made of: each the same as what it replaces, each change at once."""

import datetime
import random
import re

import pytest
from django.core.paginator import Paginator
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from review.models import Assignment
from review.selectors import (
    QUEUE_PAGE_VALUES,
    office_calendar,
    office_queue,
    office_reviewers,
    office_years,
    queue_page,
    reviewer_names,
)
from review.templatetags import review_kept
from romantik.calendar import OfficeCalendar, national_holidays
from romantik.enums import Role
from romantik.models import OfficeClosure, OfficeRole
from romantik.selectors import staff_with_roles
from submissions.models import Submission
from submissions.states import State
from tests.factories import submission_for

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
ID = {"HTTP_ACCEPT_LANGUAGE": "id"}


@pytest.fixture
def w(queue_by_coordinator):
    return queue_by_coordinator


def _url(office, query=""):
    return reverse("review:queue", kwargs={"code": office.code}) + query


def _submissions(w, n):
    for i in range(n):
        s = submission_for(w["agency"], title=f"Survei halaman {i}")
        Submission.objects.filter(pk=s.pk).update(state=State.SUBMITTED, number=f"6202-2026-8{i:04d}")


def _form(html: str) -> str:
    match = re.search(r'<form method="get".*?</form>', html, re.S)
    assert match
    return match.group(0)


# --- the page: its rows and their count, the paginator's pages ------------------------------------


@pytest.mark.parametrize("size", [0, 1, 7, 10])
def test_each_page_is_the_paginators_page(w, size):
    """Every page parameter (none, each page, past the last, below the first, not a number) gives the page, rows
    and count that Django's Paginator.get_page gave, for an empty queue, one row, a full page and a partial one."""
    Submission.objects.filter(office=w["office"]).update(state=State.DRAFT)
    _submissions(w, size)
    queryset = office_queue(w["office"])
    for number in (None, "", "1", "2", "3", "4", "9", "0", "-1", "abc", "2.0", " 2 ", "1e3", "9" * 30):
        expected = Paginator(queryset, 3).get_page(number)
        page = queue_page(queryset, number, per_page=3)
        assert page.number == expected.number, number
        assert page.paginator.count == expected.paginator.count == size
        assert page.paginator.num_pages == expected.paginator.num_pages
        assert [s.pk for s in page.object_list] == [s.pk for s in expected.object_list], number
        assert (page.has_next(), page.has_previous()) == (expected.has_next(), expected.has_previous())


def test_the_page_reads_what_the_row_shows(w):
    s = w["submission"]
    Submission.objects.filter(pk=s.pk).update(state=State.IN_REVIEW, title="", round=2)
    row = queue_page(office_queue(w["office"]), 1, per_page=50).object_list[0]
    fresh = Submission.objects.select_related("agency").get(pk=s.pk)
    for name in QUEUE_PAGE_VALUES:
        value = fresh.agency.name if name == "agency__name" else getattr(fresh, name)
        assert getattr(row, name.replace("__", "_")) == value, name
    assert str(row) == str(fresh)  # "(untitled)", as Submission.__str__


def test_the_rows_are_read_to_the_pages_end_and_counted_apart(w, client):
    """The count is its own query: counted with the rows (`COUNT(*) OVER ()`), every matching row would be read and
    joined to its agency before the page's LIMIT, a cost that grows with the office's queue."""
    _submissions(w, 3)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(_url(w["office"]))
    assert response.context["page"].paginator.count == 4
    table = Submission._meta.db_table
    reads = [q["sql"] for q in captured.captured_queries if f'FROM "{table}"' in q["sql"]]
    counts = [sql for sql in reads if "COUNT(*)" in sql]
    assert len(counts) == 1 and "OVER" not in counts[0]
    assert not any("OVER" in sql for sql in reads)
    assert any("LIMIT 50" in sql for sql in reads if sql not in counts)


# --- the calendar's working days -----------------------------------------------------------------


def test_the_page_calendar_counts_as_the_office_calendar_across_years(w):
    """Random spans of up to three years around new year, with national holidays and cuti bersama, closures on
    weekdays and at weekends: the arithmetic count is the day-by-day count, both ways round."""
    office = w["office"]
    holiday = next(day for day in sorted(national_holidays(2027)) if day.weekday() < 5)
    for day in (datetime.date(2026, 12, 31), datetime.date(2027, 1, 2), datetime.date(2027, 3, 10), holiday):
        OfficeClosure.objects.create(office=office, date=day, reason="Tutup")
    page, plain = office_calendar(office), OfficeCalendar(office)
    rng = random.Random(20)
    start = datetime.date(2025, 6, 1)
    for _ in range(400):
        first = start + datetime.timedelta(days=rng.randrange(900))
        last = first + datetime.timedelta(days=rng.randrange(-400, 400))
        assert page.working_days_between(first, last) == plain.working_days_between(first, last), (first, last)
    assert page.working_days_between(holiday, holiday) == 0


# --- the office's reads ---------------------------------------------------------------------------


def test_the_offices_reads_are_the_querysets(w):
    office = w["office"]
    OfficeClosure.objects.create(office=office, date=datetime.date(2027, 5, 3), reason="Rapat")
    submission_for(w["agency"], title="Draf", year=2035)  # a draft: not among the years
    later = submission_for(w["agency"], title="Tahun lain")
    Submission.objects.filter(pk=later.pk).update(state=State.SUBMITTED, year=2033)
    assert office_calendar(office).closures == set(office.closures.values_list("date", flat=True))
    years = (
        Submission.objects.filter(office=office, year__isnull=False)
        .exclude(state=State.DRAFT)
        .order_by("-year")
        .values_list("year", flat=True)
        .distinct()
    )
    assert office_years(office) == tuple(years) and 2033 in years and 2035 not in years
    reviewers = staff_with_roles(office, {Role.REVIEWER})
    assert office_reviewers(office) == tuple((user.pk, str(user)) for user in reviewers)
    assert office_reviewers(w["other_office"]) != office_reviewers(office)


def test_the_reviewers_names_are_the_orms(w):
    s = w["submission"]
    other = submission_for(w["agency"], title="Kedua")
    w["reviewer"].full_name = ""
    w["reviewer"].save(update_fields=["full_name"])
    for submission, reviewer in ((s, w["reviewer2"]), (other, w["reviewer"]), (s, w["reviewer"])):
        Assignment.objects.create(submission=submission, reviewer=reviewer)
    ids = [s.pk, other.pk, w["submission"].pk + 10_000]
    expected: dict[int, list[str]] = {}
    for pk, full_name, email in (
        Assignment.objects.filter(submission_id__in=ids)
        .order_by("at", "pk")
        .values_list("submission_id", "reviewer__full_name", "reviewer__email")
    ):
        expected.setdefault(pk, []).append(full_name or email)
    assert reviewer_names(ids) == {pk: ", ".join(names) for pk, names in expected.items()}
    assert reviewer_names([]) == {}


# --- the filter form kept as HTML ---------------------------------------------------------------------


QUERIES = [
    "",
    "?saring=1",
    "?saring=1&status=bukan&pemeriksa=999999&jenis=x&tahun=1990&q=%3Cb%3E",
    "?saring=1&tenggat=segera",
]


@pytest.mark.parametrize("query", QUERIES)
def test_the_kept_form_is_the_form_rendered_afresh(w, client, query):
    fresh = _form(client.get(_url(w["office"], query), **EN).content.decode())
    assert any(key[0] == "queue-filters" for key in review_kept._kept)
    assert _form(client.get(_url(w["office"], query), **EN).content.decode()) == fresh
    review_kept.kept_clear()
    assert _form(client.get(_url(w["office"], query), **EN).content.decode()) == fresh


def test_each_change_of_the_form_is_on_the_next_page(w, client):
    office = w["office"]
    before = _form(client.get(_url(office), **EN).content.decode())

    # A reviewer renamed, a new one, one who leaves: the select follows at once.
    w["reviewer"].full_name = "Pemeriksa Berganti Nama"
    w["reviewer"].save(update_fields=["full_name"])
    form = _form(client.get(_url(office), **EN).content.decode())
    assert "Pemeriksa Berganti Nama" in form and form != before
    OfficeRole.objects.create(user=w["other_reviewer"], office=office, role=Role.REVIEWER)
    assert f'<option value="{w["other_reviewer"].pk}">' in _form(client.get(_url(office), **EN).content.decode())
    OfficeRole.objects.filter(user=w["other_reviewer"], office=office).delete()
    assert f'<option value="{w["other_reviewer"].pk}">' not in _form(client.get(_url(office), **EN).content.decode())

    # A submission of a new year.
    later = submission_for(w["agency"], title="Tahun baru")
    Submission.objects.filter(pk=later.pk).update(state=State.SUBMITTED, year=2034)
    assert '<option value="2034">2034</option>' in _form(client.get(_url(office), **EN).content.decode())

    # What was sent, a refused value, and the language.
    searched = _form(client.get(_url(office, "?saring=1&q=kemiskinan"), **EN).content.decode())
    assert 'value="kemiskinan"' in searched
    refused = _form(client.get(_url(office, "?saring=1&pemeriksa=999999"), **EN).content.decode())
    assert "Reviewer:" in refused and 'aria-invalid="true"' in refused
    allowed = _form(client.get(_url(office, f"?saring=1&pemeriksa={w['reviewer'].pk}"), **EN).content.decode())
    assert "Reviewer:" not in allowed and f'<option value="{w["reviewer"].pk}" selected>' in allowed
    assert "Terapkan saringan" in _form(client.get(_url(office), **ID).content.decode())
    assert "Apply filters" in _form(client.get(_url(office), **EN).content.decode())

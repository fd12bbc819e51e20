"""The office queue: what it lists, its filters, its order, its clocks, its pages and who may open it."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from review.models import Assignment
from review.selectors import due_soon, office_calendar, office_queue, overdue, queue_rows
from romantik.enums import ServiceTimeUnit
from submissions.clock import DUE_SOON_DAYS
from submissions.enums import Channel, Kind
from submissions.states import State
from tests.factories import submission_for

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
OPEN = (State.SUBMITTED, State.IN_REVIEW, State.NEEDS_REVISION)


def _url(office, **params):
    from urllib.parse import urlencode

    url = reverse("review:queue", kwargs={"code": office.code})
    return f"{url}?{urlencode(params, doseq=True)}" if params else url


def _make(user, *, state=State.SUBMITTED, title="Survei Uji", submitted=None, **fields):
    """A submission of `user`'s agency that reached its office, its fields set directly."""
    s = submission_for(user, title=title)
    s.state = state
    s.number = fields.pop("number", f"6202-2026-{s.pk:05d}")
    s.submitted_at = submitted or timezone.now() - datetime.timedelta(days=40) + datetime.timedelta(minutes=s.pk)
    for name, value in fields.items():
        setattr(s, name, value)
    s.save()
    return s


def _days_before(calendar, today, n):
    """The due date that leaves a running clock `n` working days overdue on `today`."""
    day, counted = today, 0
    while True:
        if calendar.is_working_day(day):
            counted += 1
            if counted == n:
                return day - datetime.timedelta(days=1)
        day -= datetime.timedelta(days=1)


def _running(due_date, **fields):
    return {
        "state": State.IN_REVIEW,
        "recorded_complete_on": due_date - datetime.timedelta(days=42),
        "due_date": due_date,
        **fields,
    }


def _pks(response):
    return [row.submission.pk for row in response.context["rows"]]


def _row_html(html, submission):
    match = re.search(rf'<tr[^>]*data-pk="{submission.pk}"[^>]*>.*?</tr>', html, re.S)
    assert match, f"no row for {submission.pk}"
    return match.group(0)


@pytest.fixture
def queue_world(office_world, client):
    w = office_world
    client.force_login(w["coordinator"])
    w["today"] = timezone.localdate()
    w["calendar"] = office_calendar(w["office"])
    return w


# --- what is listed, in which order -------------------------------------------------------------------


def test_queue_lists_what_awaits_a_decision_by_default(queue_world, client):
    w = queue_world
    made = {state: _make(w["agency"], state=state) for state in State}
    response = client.get(_url(w["office"]), **EN)
    assert response.status_code == 200
    expected = {w["submission"].pk} | {made[state].pk for state in OPEN}
    assert set(_pks(response)) == expected
    assert len(_pks(response)) == len(expected)


def test_queue_excludes_other_offices(queue_world, client):
    w = queue_world
    elsewhere = _make(w["agency"], title="Survei di kantor lain")
    elsewhere.office = w["other_office"]
    elsewhere.save()
    assert elsewhere.pk not in _pks(client.get(_url(w["office"])))


def test_queue_sorts_not_recorded_first_then_due_date_then_submitted(queue_world, client):
    w = queue_world
    today, cal = w["today"], w["calendar"]
    base = timezone.now() - datetime.timedelta(days=10)
    late_intake = _make(w["agency"], submitted=base + datetime.timedelta(hours=5))
    early_intake = _make(w["agency"], submitted=base + datetime.timedelta(hours=1))
    due_later = _make(w["agency"], submitted=base, **_running(cal.add_working_days(today, 9)))
    due_sooner_b = _make(
        w["agency"], submitted=base + datetime.timedelta(hours=3), **_running(cal.add_working_days(today, 2))
    )
    due_sooner_a = _make(
        w["agency"], submitted=base + datetime.timedelta(hours=2), **_running(cal.add_working_days(today, 2))
    )
    w["submission"].submitted_at = base + datetime.timedelta(hours=4)
    w["submission"].save()
    assert _pks(client.get(_url(w["office"]))) == [
        early_intake.pk,
        w["submission"].pk,
        late_intake.pk,
        due_sooner_a.pk,
        due_sooner_b.pk,
        due_later.pk,
    ]


# --- filters --------------------------------------------------------------------------------------


def test_queue_filters_by_several_states(queue_world, client):
    w = queue_world
    made = {state: _make(w["agency"], state=state) for state in State}
    response = client.get(_url(w["office"], saring=1, status=["layak", "surat_terbit"]))
    assert set(_pks(response)) == {made[State.FEASIBLE].pk, made[State.ISSUED].pk}


def test_queue_with_no_state_ticked_shows_every_state_past_draft(queue_world, client):
    w = queue_world
    made = {state: _make(w["agency"], state=state) for state in State}
    response = client.get(_url(w["office"], saring=1))
    assert set(_pks(response)) == {w["submission"].pk} | {made[s].pk for s in State if s != State.DRAFT}


def test_queue_default_ticks_the_open_states_in_the_form(queue_world, client):
    html = client.get(_url(queue_world["office"]), **EN).content.decode()
    for state in (s for s in State if s != State.DRAFT):
        box = re.search(rf'<input type="checkbox" name="status" value="{state.value}"[^>]*>', html).group(0)
        assert ("checked" in box) == (state in OPEN), state
    assert 'value="draf"' not in html


def test_queue_filters_by_kind(queue_world, client):
    w = queue_world
    compilation = _make(w["agency"], kind=Kind.FPKPA)
    assert _pks(client.get(_url(w["office"], jenis="fpkpa"))) == [compilation.pk]
    assert compilation.pk not in _pks(client.get(_url(w["office"], jenis="fs3")))


def test_queue_filters_by_channel(queue_world, client):
    w = queue_world
    walk_in = _make(w["agency"], channel=Channel.OFFLINE)
    assert _pks(client.get(_url(w["office"], kanal="offline"))) == [walk_in.pk]
    assert set(_pks(client.get(_url(w["office"], kanal="online")))) == {w["submission"].pk}
    html = client.get(_url(w["office"]), **EN).content.decode()
    assert '<span class="badge text-bg-info" data-testid="channel">At the front desk</span>' in _row_html(html, walk_in)


def test_queue_filters_by_assigned_reviewer(queue_world, client):
    w = queue_world
    mine = _make(w["agency"], state=State.IN_REVIEW)
    both = _make(w["agency"], state=State.IN_REVIEW)
    Assignment.objects.create(submission=mine, reviewer=w["reviewer"])
    Assignment.objects.create(submission=both, reviewer=w["reviewer"])
    Assignment.objects.create(submission=both, reviewer=w["reviewer2"])
    assert _pks(client.get(_url(w["office"], pemeriksa=w["reviewer"].pk))) == [mine.pk, both.pk]
    assert _pks(client.get(_url(w["office"], pemeriksa=w["reviewer2"].pk))) == [both.pk]
    html = client.get(_url(w["office"]), **EN).content.decode()
    reviewers = re.search(r'data-testid="reviewers">(.*?)</td>', _row_html(html, both)).group(1)
    assert reviewers == f"{w['reviewer']}, {w['reviewer2']}"


def test_queue_reviewer_choices_are_the_offices_reviewers(queue_world, client):
    w = queue_world
    response = client.get(_url(w["office"], pemeriksa=w["other_reviewer"].pk), **EN)
    choices = [pk for pk, _label in response.context["filter"].form.fields["pemeriksa"].choices if pk]
    assert sorted(int(str(pk)) for pk in choices) == sorted([w["reviewer"].pk, w["reviewer2"].pk])
    assert "pemeriksa" in response.context["filter"].form.errors  # another office's reviewer: refused
    assert _pks(response) == [w["submission"].pk]  # the refused filter is not applied


def test_queue_filters_by_year(queue_world, client):
    w = queue_world
    next_year = _make(w["agency"], year=2031)
    assert _pks(client.get(_url(w["office"], tahun=2031))) == [next_year.pk]
    response = client.get(_url(w["office"]))
    years = [value for value, _label in response.context["filter"].form.fields["tahun"].choices if value]
    assert [int(str(y)) for y in years] == sorted({2031, w["submission"].year}, reverse=True)


@pytest.mark.parametrize(
    ("query", "titles"),
    [
        ("kemiskinan", ["Survei Kemiskinan"]),
        ("KEMISKINAN", ["Survei Kemiskinan"]),
        ("dinas lain", ["Survei Pertanian"]),
        ("7777", ["Survei Pertanian"]),
    ],
)
def test_queue_searches_number_title_and_agency(queue_world, client, query, titles):
    w = queue_world
    _make(w["agency"], title="Survei Kemiskinan")
    _make(w["other_agency"], title="Survei Pertanian", number="6202-2026-07777")
    response = client.get(_url(w["office"], q=query))
    assert [row.submission.title for row in response.context["rows"]] == titles


def test_queue_filters_overdue_running_clocks_only(queue_world, client):
    w = queue_world
    today, cal = w["today"], w["calendar"]
    past = _days_before(cal, today, 2)
    late = _make(w["agency"], **_running(past))
    _make(w["agency"], **_running(past, state=State.NEEDS_REVISION, clock_paused_on=past))  # paused
    _make(w["agency"], **_running(past, state=State.FEASIBLE, decided_at=timezone.now()))  # decided
    _make(w["agency"], **_running(cal.add_working_days(today, 1)))  # due soon
    assert _pks(client.get(_url(w["office"], tenggat="terlambat"))) == [late.pk]
    assert _pks(client.get(_url(w["office"], saring=1, tenggat="terlambat"))) == [late.pk]


def test_queue_filters_due_soon_running_clocks_only(queue_world, client):
    w = queue_world
    today, cal = w["today"], w["calendar"]
    soon = [_make(w["agency"], **_running(cal.add_working_days(today, n))) for n in range(1, DUE_SOON_DAYS + 1)]
    _make(w["agency"], **_running(cal.add_working_days(today, DUE_SOON_DAYS + 1)))  # not yet
    _make(w["agency"], **_running(_days_before(cal, today, 1)))  # overdue
    soon_date = cal.add_working_days(today, 1)
    _make(w["agency"], **_running(soon_date, state=State.NEEDS_REVISION, clock_paused_on=today))  # paused
    assert _pks(client.get(_url(w["office"], tenggat="segera"))) == [s.pk for s in soon]


@pytest.mark.parametrize("unit", [ServiceTimeUnit.WORKING_DAYS, ServiceTimeUnit.CALENDAR_DAYS])
def test_queue_deadline_filters_select_exactly_the_highlighted_rows(queue_world, unit):
    """For due dates from 12 days before to 12 days after today (weekends included), the filters and the
    row highlighting (clock_status) agree."""
    w = queue_world
    office = w["office"]
    office.service_time_unit = unit
    office.save()
    today = w["today"]
    for offset in range(-12, 13):
        _make(w["agency"], **_running(today + datetime.timedelta(days=offset)))
    cal = office_calendar(office)
    rows = queue_rows(office_queue(office), office=office, today=today, calendar=cal)
    queue = office_queue(office)
    assert sorted(queue.filter(overdue(cal, today)).values_list("pk", flat=True)) == sorted(
        r.submission.pk for r in rows if r.overdue
    )
    assert sorted(queue.filter(due_soon(cal, today)).values_list("pk", flat=True)) == sorted(
        r.submission.pk for r in rows if r.due_soon
    )
    assert any(r.overdue for r in rows) and any(r.due_soon for r in rows)


# --- the clock in each row ------------------------------------------------------------------------


def test_queue_highlights_overdue_and_due_soon_rows_with_days_left(queue_world, client):
    w = queue_world
    today, cal = w["today"], w["calendar"]
    late = _make(w["agency"], **_running(_days_before(cal, today, 2)))
    soon = _make(w["agency"], **_running(cal.add_working_days(today, 3)))
    later = _make(w["agency"], **_running(cal.add_working_days(today, 12)))
    paused = _make(
        w["agency"], **_running(_days_before(cal, today, 5), state=State.NEEDS_REVISION, clock_paused_on=today)
    )
    html = client.get(_url(w["office"]), **EN).content.decode()
    assert 'class="table-danger"' in _row_html(html, late)
    assert "overdue by 2 working days</span>" in _row_html(html, late)
    assert 'class="table-warning"' in _row_html(html, soon)
    assert "3 working days left</span>" in _row_html(html, soon)
    assert "table-" not in _row_html(html, later).split(">")[0]
    assert "12 working days left</span>" in _row_html(html, later)
    assert "table-" not in _row_html(html, paused).split(">")[0]
    assert "paused — waiting for the agency&#x27;s revision</span>" in _row_html(html, paused)
    assert "not recorded complete yet</span>" in _row_html(html, w["submission"])


def test_queue_counts_calendar_days_for_offices_that_count_days(queue_world, client):
    w = queue_world
    w["office"].service_time_unit = ServiceTimeUnit.CALENDAR_DAYS
    w["office"].save()
    today = w["today"]
    one = _make(w["agency"], **_running(today + datetime.timedelta(days=1)))
    late = _make(w["agency"], **_running(today - datetime.timedelta(days=2)))
    due = _make(w["agency"], **_running(today))
    html = client.get(_url(w["office"]), **EN).content.decode()
    assert "1 day left</span>" in _row_html(html, one)
    assert "overdue by 2 days</span>" in _row_html(html, late)
    assert 'class="table-warning"' in _row_html(html, due) and "due today</span>" in _row_html(html, due)


def test_queue_row_links_to_the_review_page_with_state_badge_and_round(queue_world, client):
    w = queue_world
    s = _make(w["agency"], state=State.IN_REVIEW, round=2, title="Survei Bertahap")
    row = _row_html(client.get(_url(w["office"]), **EN).content.decode(), s)
    assert f'<a href="{reverse("review:detail", kwargs={"pk": s.pk})}">Survei Bertahap</a>' in row
    assert '<span class="badge state-diperiksa">Under review</span>' in row
    assert "<td>2</td>" in row
    assert "<td>Dinas Kesehatan</td>" in row


# --- pages ----------------------------------------------------------------------------------------


def test_queue_shows_50_per_page_and_keeps_the_filters_in_page_links(queue_world, client):
    w = queue_world
    for _ in range(50):
        _make(w["agency"], kind=Kind.FPKPA)
    response = client.get(_url(w["office"], saring=1, jenis="fpkpa", status="diajukan"), **EN)
    assert len(response.context["rows"]) == 50
    assert response.context["page"].paginator.count == 50
    assert response.context["page"].has_other_pages() is False
    _make(w["agency"], kind=Kind.FPKPA)
    html = client.get(_url(w["office"], saring=1, jenis="fpkpa", status="diajukan"), **EN).content.decode()
    assert 'href="?saring=1&amp;jenis=fpkpa&amp;status=diajukan&amp;halaman=2" rel="next"' in html
    assert "Page 1 of 2" in html
    second = client.get(_url(w["office"], saring=1, jenis="fpkpa", status="diajukan", halaman=2), **EN)
    assert len(second.context["rows"]) == 1
    assert 'href="?saring=1&amp;jenis=fpkpa&amp;status=diajukan&amp;halaman=1" rel="prev"' in second.content.decode()


def test_queue_page_links_keep_the_default_states(queue_world, client):
    w = queue_world
    for _ in range(50):
        _make(w["agency"])
    html = client.get(_url(w["office"]), **EN).content.decode()
    assert 'href="?status=diajukan&amp;status=diperiksa&amp;status=perlu_perbaikan&amp;saring=1&amp;halaman=2"' in html
    assert "51 submissions" in html


def test_queue_queries_do_not_grow_with_rows(queue_world, client):
    w = queue_world
    today, cal = w["today"], w["calendar"]

    def count_queries(total):
        while office_queue(w["office"]).count() < total:
            n = office_queue(w["office"]).count()
            s = _make(w["agency"], **_running(cal.add_working_days(today, n % 7)))
            Assignment.objects.create(submission=s, reviewer=w["reviewer"])
            Assignment.objects.create(submission=s, reviewer=w["reviewer2"])
        with CaptureQueriesContext(connection) as queries:
            response = client.get(_url(w["office"]))
        assert len(response.context["rows"]) == total
        return len(queries)

    assert count_queries(2) == count_queries(30)


# --- who may open it ------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["front_desk", "reviewer", "coordinator", "head", "office_admin"])
def test_queue_opens_for_every_staff_role_and_is_in_the_menu(queue_world, client, role):
    w = queue_world
    client.force_login(w[role])
    response = client.get(_url(w["office"]), **EN)
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<a class="nav-link active" href="{_url(w["office"])}">Queue</a>' in html
    workspace = client.get(reverse("office_workspace", kwargs={"code": w["office"].code}), **EN).content.decode()
    assert f'href="{_url(w["office"])}">Queue</a>' in workspace


def test_queue_refuses_agency_users_and_other_offices(queue_world, client):
    w = queue_world
    for person in ("agency", "other_reviewer", "other_coordinator"):
        client.force_login(w[person])
        assert client.get(_url(w["office"])).status_code == 403, person


def test_queue_of_an_unknown_office_is_404(queue_world, client):
    assert client.get(reverse("review:queue", kwargs={"code": "9999"})).status_code == 404


def test_queue_sends_anonymous_visitors_to_log_in(queue_world, client):
    client.logout()
    response = client.get(_url(queue_world["office"]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


# --- the workspace's short list -------------------------------------------------------------------


def test_workspace_lists_the_10_most_urgent_and_links_the_full_queue(queue_world, client):
    w = queue_world
    today, cal = w["today"], w["calendar"]
    running = [_make(w["agency"], **_running(cal.add_working_days(today, n))) for n in range(1, 12)]
    _make(w["agency"], state=State.NEEDS_REVISION, clock_paused_on=today, due_date=today, recorded_complete_on=today)
    response = client.get(reverse("office_workspace", kwargs={"code": w["office"].code}), **EN)
    assert [row.submission.pk for row in response.context["urgent"]] == [w["submission"].pk] + [
        s.pk for s in running[:9]
    ]
    html = response.content.decode()
    assert (
        f'<a href="{_url(w["office"])}" data-testid="full-queue-link">Full queue: 13 submissions awaiting a decision'
        in html
    )

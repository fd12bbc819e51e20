"""The queue's filter form and rows as written since issue 20: the selects in one pass
(romantik.widgets.LongSelect) and the state checkboxes from `QueueFilter.state_boxes`, the same as Django's widgets
wrote them; the reviewers' names in one query; the clocks' working days counted once per pair of dates."""

import datetime
import re
from html.parser import HTMLParser

import pytest
from django import forms
from django.urls import reverse

from review.filters import QueueFilter
from review.models import Assignment
from review.selectors import AWAITING_DECISION_STATES, office_calendar, office_queue
from romantik.calendar import OfficeCalendar
from romantik.models import OfficeClosure
from submissions.states import State
from tests.factories import submission_for

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture
def w(office_world, client):
    client.force_login(office_world["coordinator"])
    return office_world


def _url(office, query=""):
    return reverse("review:queue", kwargs={"code": office.code}) + query


def _flat(html: str) -> str:
    return re.sub(r">\s+<", "><", html).strip()


class _Tokens(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tokens = []

    def handle_starttag(self, tag, attrs):
        self.tokens.append(("<", tag, tuple(sorted(attrs))))

    def handle_endtag(self, tag):
        self.tokens.append(("/", tag))

    def handle_data(self, data):
        if data.strip():
            self.tokens.append(("text", data.strip()))


def _tokens(html: str) -> list:
    """The tags (their attributes in any order), end tags and text of `html`: what a browser reads of it."""
    parser = _Tokens()
    parser.feed(html)
    return parser.tokens


def _element(html: str, tag: str, name: str) -> str:
    end = ".*?</select>" if tag == "select" else ""
    match = re.search(rf'<{tag}\b[^>]*\bname="{name}"[^>]*>{end}', html, re.S)
    assert match, name
    return match.group(0)


def _django_form(office, query: str):
    """The form as the view builds it, its fields given back Django's own widgets (a template per option)."""
    from django.http import QueryDict

    from romantik.calendar import office_today

    data = QueryDict(query, mutable=True)
    if "saring" not in data:
        data.setlist("status", [str(state.value) for state in AWAITING_DECISION_STATES])
        data["saring"] = "1"
    filterset = QueueFilter(
        data, queryset=office_queue(office), office=office, today=office_today(office), calendar=office_calendar(office)
    )
    form = filterset.form
    for name in ("jenis", "kanal", "pemeriksa", "tahun", "tenggat"):
        field = form.fields[name]
        field.widget = forms.Select(attrs={"class": "form-select form-select-sm"}, choices=field.choices)
    return form


@pytest.mark.parametrize(
    "query",
    ["", "?saring=1", "?saring=1&status=layak&status=ditutup&jenis=fs3&kanal=offline&tenggat=terlambat&tahun=2026",
     "?saring=1&status=bukan&pemeriksa=999999&jenis=x"],
)  # fmt: skip
def test_the_form_is_written_as_djangos_widgets_wrote_it(w, client, query):
    Assignment.objects.create(submission=w["submission"], reviewer=w["reviewer"])
    page = _flat(client.get(_url(w["office"], query), **EN).content.decode())
    reference = _django_form(w["office"], query.lstrip("?"))
    assert _tokens(_element(page, "input", "q")) == _tokens(str(reference["q"]))
    for name in ("jenis", "kanal", "pemeriksa", "tahun", "tenggat"):
        assert _tokens(_element(page, "select", name)) == _tokens(str(reference[name])), name
    boxes = "".join(
        f'<div class="form-check form-check-inline">{box.tag()}'
        f'<label class="form-check-label" for="{box.id_for_label}">'
        f'<span class="badge state-{box.data["value"]}">{box.choice_label}</span></label></div>'
        for box in reference["status"]
    )
    assert _tokens(boxes) == _tokens(page[page.index(boxes[:80]) :])[: len(_tokens(boxes))]
    assert page.count('name="status"') == len(State.choices) - 1  # every state but draft


def test_the_reviewer_select_names_each_reviewer(w, client):
    w["reviewer2"].full_name = ""
    w["reviewer2"].save(update_fields=["full_name"])
    html = client.get(_url(w["office"], f"?saring=1&pemeriksa={w['reviewer'].pk}"), **EN).content.decode()
    assert f'<option value="{w["reviewer"].pk}" selected>{w["reviewer"].full_name}</option>' in html
    assert f'<option value="{w["reviewer2"].pk}">{w["reviewer2"].email}</option>' in html


def test_each_row_names_its_reviewers_in_the_order_they_were_assigned(w, client):
    s = w["submission"]
    later = submission_for(w["agency"], title="Survei kedua")
    later.state, later.number = State.SUBMITTED, "6202-2026-09999"
    later.save()
    w["reviewer"].full_name = ""
    w["reviewer"].save(update_fields=["full_name"])
    Assignment.objects.create(submission=s, reviewer=w["reviewer2"])
    Assignment.objects.create(submission=s, reviewer=w["reviewer"])
    rows = {row.pk: row for row in client.get(_url(w["office"]), **EN).context["rows"]}
    assert rows[s.pk].reviewers == f"{w['reviewer2'].full_name}, {w['reviewer'].email}"
    assert rows[later.pk].reviewers == ""
    assert (rows[s.pk].state_code, rows[s.pk].round, rows[s.pk].offline) == (s.state, s.round, False)


def test_the_page_calendar_counts_as_the_office_calendar(w):
    office = w["office"]
    start = datetime.date(2027, 3, 1)
    OfficeClosure.objects.create(office=office, date=start + datetime.timedelta(days=9), reason="Rapat kerja")
    page, plain = office_calendar(office), OfficeCalendar(office)
    days = [start + datetime.timedelta(days=n) for n in range(40)]
    for first in days[::3]:
        for last in days:
            assert page.working_days_between(first, last) == plain.working_days_between(first, last)
            assert page.working_days_between(first, last) == plain.working_days_between(first, last)  # kept
    # A closure made later is the next page's (a calendar is made per request), never a count kept by this one.
    closed = next(day for day in days[20:] if plain.is_working_day(day))
    OfficeClosure.objects.create(office=office, date=closed, reason="Libur")
    kept = page.working_days_between(start, days[-1])
    assert office_calendar(office).working_days_between(start, days[-1]) == kept - 1
    assert OfficeCalendar(office).working_days_between(start, days[-1]) == kept - 1


def test_each_filter_set_has_filters_and_fields_of_its_own(w):
    """The filters are copied for each filter set (review.filters._LightlyCopied) and the form's class is built once
    (QueueFilter.get_form_class): two offices' filter sets, made in turn, each filter by its own office, today and
    calendar, and offer their own reviewers and years; the class's filters are left as they were."""
    from django.http import QueryDict

    from romantik.calendar import office_today

    def made(office):
        data = QueryDict("saring=1&q=survei&tenggat=terlambat")
        return QueueFilter(
            data,
            queryset=office_queue(office),
            office=office,
            today=office_today(office),
            calendar=office_calendar(office),
        )

    base = {name: (f.extra.copy(), getattr(f, "parent", None)) for name, f in QueueFilter.base_filters.items()}
    first, second = made(w["office"]), made(w["other_office"])
    for name in QueueFilter.base_filters:
        assert first.filters[name] is not second.filters[name]
        assert first.filters[name].parent is first and second.filters[name].parent is second
        assert first.filters[name].extra is not second.filters[name].extra
    assert first.filters["q"].filter.method == first.filter_text  # bound to its own filter set
    assert second.filters["tenggat"].filter.method == second.filter_deadline
    assert first.form.fields["pemeriksa"].queryset is not second.form.fields["pemeriksa"].queryset
    reviewers = {pk for pk, _name in first.reviewer_options}
    assert set(first.form.fields["pemeriksa"].queryset.values_list("pk", flat=True)) == reviewers
    assert set(second.form.fields["pemeriksa"].queryset.values_list("pk", flat=True)) == {
        pk for pk, _name in second.reviewer_options
    }
    assert list(first.form.fields["tahun"].choices)[1:] == [(y, y) for y in first.years]
    assert first.qs.query is not second.qs.query and first.form.is_valid() and second.form.is_valid()
    assert {name: (f.extra, getattr(f, "parent", None)) for name, f in QueueFilter.base_filters.items()} == base

"""The review page's reads compiled once per process (review.detail_reads) give what the querysets they stand for
give, the kept respondent burden follows every change of what it shows, and a page made of kept parts is the page
rendered with nothing kept (issue 20)."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ceksurvei.burden import minimum_wages
from review import detail_reads, services
from review.templatetags import review_kept
from review.templatetags.review_kept import kept_clear
from romantik.models import Region
from submissions import tables
from submissions.models import Submission, Variable
from tests.review.test_detail_large_form import _form

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
ID = {"HTTP_ACCEPT_LANGUAGE": "id"}


def _values(instance) -> tuple:
    return tuple(getattr(instance, field.attname) for field in instance._meta.concrete_fields)


def _same(read, expected, relations) -> None:
    """`read` and `expected` hold the same columns, and so do their related rows in `relations` (dotted paths)."""
    assert type(read) is type(expected)
    assert _values(read) == _values(expected)
    for path in relations:
        left, right = read, expected
        for name in path.split("."):
            assert left._meta.get_field(name).is_cached(left), f"{path}: not read with the row"
            left, right = getattr(left, name), getattr(right, name)
            if right is None:
                assert left is None
                break
            assert _values(left) == _values(right)


@pytest.fixture
def busy(office_world):
    """A form under review with assignments, notes of two rounds, consultations (a person and an office, one
    answered) and comments."""
    w = office_world
    s = _form(w, variables=4, indicators=2, rounds=2, notes_per_round=3)
    services.comment_add(submission=s, text="Catatan internal.", actor=w["coordinator"])
    services.comment_add(submission=s, text="Yang kedua.", actor=w["reviewer"])
    asked = services.consultation_request(
        submission=s, actor=w["reviewer"], question="Lazim?", to_user=w["other_reviewer"]
    )
    services.consultation_answer(consultation=asked, actor=w["other_reviewer"], answer="Lazim.")
    services.consultation_request(submission=s, actor=w["coordinator"], question="Pernah?", to_office=w["other_office"])
    return s


def test_compiled_reads_give_what_their_querysets_give(busy):
    s = busy
    querysets = detail_reads.review_querysets(s.pk)
    expected = querysets["submission"].get()
    with CaptureQueriesContext(connection) as captured:
        read = detail_reads.review_submission(s.pk)
        assignments = list(read.assignments.all())  # prefetched: no query
        assert [a.submission for a in assignments] == [read] * len(assignments)
    assert len(captured) == 2
    _same(read, expected, ["agency", "office", "office.region", "recorded_by", "organizer_province"])
    assert assignments
    for got, want in zip(assignments, expected.assignments.all(), strict=True):
        _same(got, want, ["reviewer", "assigned_by"])

    for name, relations in {
        "notes": ["author"],
        "consultations": ["requested_by", "to_user", "to_office", "answered_by"],
        "comments": ["author"],
    }.items():
        wanted = list(querysets[name])
        with CaptureQueriesContext(connection) as captured:
            got = getattr(detail_reads, f"review_{name}")(read)
            assert all(row.submission is read for row in got)  # no query for the row's submission
        assert len(captured) == 1, name
        assert len(got) == len(wanted) > 1, name
        for one, other in zip(got, wanted, strict=True):
            _same(one, other, relations)


def test_compiled_reads_of_another_submission_and_of_none(busy, office_world):
    other = _form(office_world, variables=1, indicators=0, rounds=1, notes_per_round=1)
    assert detail_reads.review_submission(other.pk).title == other.title
    assert [n.pk for n in detail_reads.review_notes(other)] == list(other.notes.values_list("pk", flat=True))
    assert detail_reads.review_submission(Submission.objects.order_by("-pk").first().pk + 1000) is None


def test_a_missing_submission_is_404(office_world, client):
    client.force_login(office_world["reviewer"])
    missing = Submission.objects.order_by("-pk").first().pk + 1000
    assert client.get(reverse("review:detail", args=[missing]), **EN).status_code == 404


def test_the_compiled_sql_is_the_querysets_own():
    for compiled, queryset in (
        (detail_reads.NOTES, detail_reads.review_querysets(1)["notes"]),
        (detail_reads.COMMENTS, detail_reads.review_querysets(1)["comments"]),
    ):
        sql, params = queryset.query.get_compiler(using="default").as_sql()
        assert compiled.sql() == sql and list(params) == [1]


# --- the page as kept and as made afresh ---------------------------------------------------------------------


def _page(client, submission, language=EN) -> str:
    response = client.get(reverse("review:detail", args=[submission.pk]), **language)
    assert response.status_code == 200
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", response.content.decode())


@pytest.mark.parametrize("role", ["reviewer", "coordinator", "head"])
def test_a_page_of_kept_parts_is_the_page_made_afresh(busy, office_world, client, monkeypatch, role):
    client.force_login(office_world[role])
    kept_clear()
    first = _page(client, busy)
    kept = _page(client, busy)  # every part kept
    assert kept == first
    for language in (EN, ID):
        kept = _page(client, busy, language)
        with monkeypatch.context() as patched:  # nothing kept: every part rendered for this view
            patched.setattr(review_kept, "kept_html", lambda key, render: render())
            fresh = _page(client, busy, language)
        assert kept == fresh
    assert 'data-testid="respondent-burden"' in kept


# --- the respondent burden ------------------------------------------------------------------------------------


def _burden(page: str) -> str:
    start = page.index('data-testid="respondent-burden"')
    return page[start : page.index("</section>", start)]


def test_kept_burden_follows_the_variables_the_respondents_the_minutes_and_the_province(office_world, client):
    w = office_world
    s = _form(w, variables=3, indicators=1, rounds=1, notes_per_round=1)
    client.force_login(w["reviewer"])
    page = _burden(_page(client, s))
    assert "3 questions" in page
    assert _burden(_page(client, s)) == page  # kept

    s = services.review_return_for_revision(submission=s, actor=w["reviewer"])
    tables.variable_save(
        submission=s, actor=w["agency"], data={"name": "Umur", "definition": "Umur dalam tahun", "data_type": "numerik"}
    )
    page = _burden(_page(client, s))
    assert "4 questions" in page

    Submission.objects.filter(pk=s.pk).update(respondents_count=1234)  # even a write that bypasses the version
    page = _burden(_page(client, s))
    assert "1,234" in page
    Submission.objects.filter(pk=s.pk).update(questionnaire_minutes=45)
    page = _burden(_page(client, s))
    assert "about 45 minutes" in page and 'data-testid="burden-confirmed"' in page

    # Another province: another minimum wage (the wage file's), so another cost and wording.
    wages = minimum_wages()
    code = next(code for code in wages if code != s.organizer_province.code)
    province = Region.objects.get_or_create(code=code, defaults={"name": "Provinsi Lain", "level": "provinsi"})[0]
    Submission.objects.filter(pk=s.pk).update(organizer_province=province)
    moved = _burden(_page(client, s))
    assert moved != page and wages[province.code].province_name in moved
    assert _burden(_page(client, s, ID)) != _burden(_page(client, s))  # the language


def test_a_kept_burden_does_not_count_the_variables(office_world, client):
    w = office_world
    s = _form(w, variables=5, indicators=1, rounds=1, notes_per_round=1)
    client.force_login(w["reviewer"])
    _page(client, s)
    with CaptureQueriesContext(connection) as captured:
        _page(client, s)
    table = Variable._meta.db_table
    assert not [q["sql"] for q in captured.captured_queries if f'FROM "{table}"' in q["sql"]]


def test_the_pages_addresses_are_the_routes_own():
    from review.views.detail import PAGE_URLS, page_urls

    assert page_urls(4321) == {name: reverse(view, args=[4321]) for name, view in PAGE_URLS.items()}


@pytest.mark.parametrize("role", ["reviewer", "coordinator", "front_desk"])
def test_every_form_of_the_page_posts_to_its_route(busy, office_world, client, role):
    client.force_login(office_world[role])
    page = _page(client, busy)
    # The forms of the page (the frame's logout aside) post to their routes.
    actions = set(re.findall(r'<form method="post" action="([^"]+)"', page)) - {reverse("account_logout")}
    routes = {reverse(view, args=[busy.pk]) for view in PAGE_URLS_POSTED}
    assert actions and actions <= routes | {
        reverse("review:consultation_answer", args=[c.pk]) for c in busy.consultations.all()
    } | {reverse("review:note_delete", args=[busy.pk, n.pk]) for n in busy.notes.all()}


PAGE_URLS_POSTED = [
    "review:note_add",
    "review:accept",
    "review:return_incomplete",
    "review:take",
    "review:assign",
    "review:return_for_revision",
    "review:decide",
    "review:consultation_request",
    "review:comment_add",
]

"""The queue's rows kept as HTML per process (issue 20, review.views.queue): a row's HTML is kept under every value
it is made of and the language, so each change of what a row shows is on the next page at once, the kept page is
the page rendered afresh; the store is the review page's (review_kept: bounded in size and age)."""

import re

import pytest
from django.urls import reverse

import review.views.queue as queue_view
from review.models import Assignment
from review.templatetags import review_kept
from romantik.models import Agency
from submissions.models import Submission
from submissions.states import State

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
ID = {"HTTP_ACCEPT_LANGUAGE": "id"}


@pytest.fixture
def w(queue_by_coordinator):
    return queue_by_coordinator


def _page(client, office, headers=EN, query=""):
    response = client.get(reverse("review:queue", kwargs={"code": office.code}) + query, **headers)
    assert response.status_code == 200
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", response.content.decode())


def _row(html, submission):
    match = re.search(rf'<tr[^>]*data-pk="{submission.pk}"[^>]*>.*?</tr>', html, re.S)
    assert match, f"no row for {submission.pk}"
    return match.group(0)


def test_every_value_the_row_template_reads_is_in_the_key():
    from django.conf import settings

    template = (settings.BASE_DIR / "templates" / queue_view.ROW_TEMPLATE).read_text()
    read = set(re.findall(r"\brow\.(\w+)", template))
    assert read and read <= set(queue_view.ROW_KEY_FIELDS)
    assert "submission" not in read and "clock" not in read  # not in the key: the template must not read them


def test_the_kept_page_is_the_page_rendered_afresh(w, client):
    Assignment.objects.create(submission=w["submission"], reviewer=w["reviewer"])
    fresh = _page(client, w["office"])
    assert any(key[0] == "queue-row" for key in review_kept._kept)  # kept by the first view
    assert _page(client, w["office"]) == fresh
    review_kept.kept_clear()
    assert _page(client, w["office"]) == fresh


def test_each_change_of_a_row_is_on_the_next_page(w, client):
    s = w["submission"]
    before = _row(_page(client, w["office"]), s)
    assert "none yet" in before

    Submission.objects.filter(pk=s.pk).update(title="Survei Judul Baru")
    row = _row(_page(client, w["office"]), s)
    assert "Survei Judul Baru" in row

    Assignment.objects.create(submission=s, reviewer=w["reviewer"])
    row = _row(_page(client, w["office"]), s)
    assert str(w["reviewer"]) in row and "none yet" not in row

    w["reviewer"].full_name = "Pemeriksa Berganti Nama"
    w["reviewer"].save(update_fields=["full_name"])
    assert "Pemeriksa Berganti Nama" in _row(_page(client, w["office"]), s)

    Agency.objects.filter(pk=s.agency_id).update(name="Dinas Baru")
    assert "<td>Dinas Baru</td>" in _row(_page(client, w["office"]), s)

    Submission.objects.filter(pk=s.pk).update(state=State.IN_REVIEW, round=2)
    row = _row(_page(client, w["office"]), s)
    assert '<span class="badge state-diperiksa">Under review</span>' in row and "<td>2</td>" in row


def test_a_clock_moves_with_the_day_and_the_language_with_the_page(w, client):
    import datetime

    from django.utils import timezone

    s = w["submission"]
    today = timezone.localdate()
    Submission.objects.filter(pk=s.pk).update(
        state=State.IN_REVIEW, recorded_complete_on=today - datetime.timedelta(days=30), due_date=today
    )
    assert "due today" in _row(_page(client, w["office"]), s)
    Submission.objects.filter(pk=s.pk).update(due_date=today - datetime.timedelta(days=20))
    assert "overdue by" in _row(_page(client, w["office"]), s)
    english = _row(_page(client, w["office"]), s)
    indonesian = _row(_page(client, w["office"], ID), s)
    assert "Under review" in english and "Diperiksa" in indonesian and "terlambat" in indonesian
    assert _row(_page(client, w["office"]), s) == english


def test_rows_beyond_the_stores_bound_are_rendered_afresh(w, client, monkeypatch):
    from tests.factories import submission_for

    for n in range(4):
        extra = submission_for(w["agency"], title=f"Survei tambahan {n}")
        Submission.objects.filter(pk=extra.pk).update(state=State.SUBMITTED, number=f"6202-2026-9{n:04d}")
    html = _page(client, w["office"])
    row_size = max(len(html_) for key, (_, html_) in review_kept._kept.items() if key[0] == "queue-row")
    review_kept.kept_clear()
    monkeypatch.setattr(review_kept, "MAX_CHARS", 2 * row_size)  # room for two rows at most
    assert _page(client, w["office"]) == html
    assert sum(1 for key in review_kept._kept if key[0] == "queue-row") <= 2
    assert html.count('data-testid="queue-row"') == 5
    assert _page(client, w["office"]) == html


def test_the_workspace_writes_the_same_rows_without_the_store(w, client):
    Assignment.objects.create(submission=w["submission"], reviewer=w["coordinator"])
    queue = _row(_page(client, w["office"]), w["submission"])
    workspace = client.get(reverse("office_workspace", kwargs={"code": w["office"].code}), **EN).content.decode()
    assert _row(workspace, w["submission"]) == queue


# --- the office's header, kept ({% kept %}) under the office and the reader's permissions --------------------------


def _header(html):
    match = re.search(r'<nav aria-label="[^"]*" class="nav nav-pills small">.*?</nav>', html, re.S)
    assert match, "no office menu"
    return match.group(0)


def test_the_header_is_kept_under_every_permission_it_asks():
    """The queue asks, on every view, each permission the office's header asks (the key of its kept copy): the
    same names, none missing."""
    from django.conf import settings

    templates = settings.BASE_DIR / "templates"
    asked = re.compile(r'{% has_perm "([\w.]+)" user office as (\w+) %}')
    header = dict(asked.findall((templates / "romantik" / "_office_header.html").read_text()))
    queue = (templates / "review" / "queue.html").read_text()
    assert header and dict(asked.findall(queue)) == header
    kept = re.search(r'{% kept "queue-office-header" ([^%]*)%}', queue).group(1).split()
    assert kept == ["office.code", "office.name", *header.values()]
    # what the header shows besides them: the heading, the office, the active tab; the person only through has_perm
    read = set(re.findall(r"{{ *([\w.]+)", (templates / "romantik" / "_office_header.html").read_text()))
    assert read == {"heading", "office.name"}


def test_the_kept_header_follows_the_readers_permissions_and_the_office(w, client):
    from django.test import Client

    from romantik.enums import Role
    from romantik.models import Office, OfficeRole
    from romantik.templatetags.frame import kept_clear

    kept_clear()
    office = w["office"]
    coordinator = _header(_page(client, office))
    assert "Front desk" in coordinator and "Queue" in coordinator
    reviewer = Client()
    reviewer.force_login(w["reviewer"])
    as_reviewer = _header(_page(reviewer, office))
    assert "Front desk" not in as_reviewer and "Queue" in as_reviewer  # other permissions: another copy
    assert _header(_page(client, office)) == coordinator  # the coordinator's own copy again
    # A role granted shows at once (the permissions are asked on every view), and so does a role taken away.
    granted = OfficeRole.objects.create(user=w["reviewer"], office=office, role=Role.FRONT_DESK)
    assert "Front desk" in _header(_page(reviewer, office))
    granted.delete()
    assert _header(_page(reviewer, office)) == as_reviewer
    # The office renamed: its name at once.
    Office.objects.filter(pk=office.pk).update(name="BPS Kabupaten Kotim Baru")
    html = _page(client, office)
    assert '<small class="text-body-secondary">· BPS Kabupaten Kotim Baru</small>' in html
    # In another language, the header's own words.
    assert "Antrean" in _header(_page(client, office, headers=ID)) and "Antrean" not in _header(html)
    kept_clear()
    assert _page(client, office) == html  # the kept header is the header rendered afresh


def test_the_office_is_found_by_its_code_after_any_change_of_codes(w, client):
    """Office pages (the queue here) read their office by the pk last seen for the code
    (romantik.selectors.office_by_code), and only while that office still has the code: codes changed or swapped
    are followed at once."""
    from romantik.models import Office
    from romantik.selectors import office_by_code

    office, other = w["office"], w["other_office"]
    assert office_by_code(office.code).pk == office.pk and office_by_code(other.code).pk == other.pk
    assert office_by_code("9999") is None
    assert client.get(reverse("review:queue", kwargs={"code": "9999"})).status_code == 404
    # The two codes swapped: each code names the other office now.
    codes = office.code, other.code
    Office.objects.filter(pk=office.pk).update(code="x")
    Office.objects.filter(pk=other.pk).update(code=codes[0])
    Office.objects.filter(pk=office.pk).update(code=codes[1])
    assert office_by_code(codes[0]).pk == other.pk and office_by_code(codes[1]).pk == office.pk
    # The coordinator of `office` (now 6203) may open its queue there, not under its old code.
    assert client.get(reverse("review:queue", kwargs={"code": codes[1]})).status_code == 200
    assert client.get(reverse("review:queue", kwargs={"code": codes[0]})).status_code == 403
    Office.objects.filter(pk=other.pk).update(code="y")
    assert office_by_code(codes[0]) is None
    assert client.get(reverse("review:queue", kwargs={"code": codes[0]})).status_code == 404

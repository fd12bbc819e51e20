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

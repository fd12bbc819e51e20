"""The queue's text filter (issue 20): number, title or the agency's name, the agencies as a subquery of their ids
(no join of every agency, no list of ids read first and compiled into the page's query), the page's rows and their
count in one query; it finds exactly what the join found."""

import pytest
from django.db import connection
from django.db.models import Q
from django.test.utils import CaptureQueriesContext

from romantik.models import Agency
from submissions.models import Submission

from .test_queue import _make, _url, queue_world  # noqa: F401 (the fixture)


def test_the_text_filter_reads_the_agencies_as_a_subquery(queue_world, client):  # noqa: F811
    w = queue_world
    _make(w["agency"], title="Survei Kemiskinan")
    _make(w["other_agency"], title="Survei Pertanian", number="6202-2026-07777")
    with CaptureQueriesContext(connection) as captured:
        response = client.get(_url(w["office"], q="dinas lain"))
    assert [row.submission.title for row in response.context["rows"]] == ["Survei Pertanian"]
    assert response.context["page"].paginator.count == 1
    table, agencies = Submission._meta.db_table, Agency._meta.db_table
    sqls = [q["sql"] for q in captured.captured_queries]
    pages = [sql for sql in sqls if f'FROM "{table}"' in sql and "LIKE" in sql]
    assert len(pages) == 2  # the count and the page's rows (review.selectors.queue_page)
    assert "COUNT(*)" in pages[0] and "LIMIT 50" in pages[1]
    for sql in pages:  # the agencies' ids: a subquery
        assert f'IN (SELECT U0."id" AS "pk" FROM "{agencies}" U0' in sql
    assert not any(sql.startswith(f'SELECT "{agencies}"."id"') for sql in sqls)  # not read first


@pytest.mark.parametrize("query", ["kemiskinan", "DINAS", "dinas lain", "7777", "survei", "tidak ada", "%", "_"])
def test_the_text_filter_finds_what_the_agencies_join_found(queue_world, client, query):  # noqa: F811
    w = queue_world
    _make(w["agency"], title="Survei Kemiskinan")
    _make(w["other_agency"], title="Survei Pertanian", number="6202-2026-07777")
    _make(w["other_agency"], title="Pendataan 100% Usaha")
    response = client.get(_url(w["office"], q=query))
    shown = sorted(row.submission.pk for row in response.context["rows"])
    # The reference: the page's rows without the text, then the same OR with the agency's name through a join.
    listed = [row.submission.pk for row in client.get(_url(w["office"])).context["rows"]]
    joined = Submission.objects.filter(pk__in=listed).filter(
        Q(number__icontains=query) | Q(title__icontains=query) | Q(agency__name__icontains=query)
    )
    assert shown == sorted(joined.values_list("pk", flat=True))
    assert query not in ("kemiskinan", "DINAS", "7777", "survei") or shown  # the cases that match do

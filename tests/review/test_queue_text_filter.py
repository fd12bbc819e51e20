"""The queue's text filter on indexed columns and the ids of the matching agencies, read first (issue 20): its
count joins no agency and holds no subquery, so the OR of number, title and agency can use an index for each
arm, and it finds exactly what the join (or the subquery) found."""

import pytest
from django.db import connection
from django.db.models import Q
from django.test.utils import CaptureQueriesContext

from review.selectors import agencies_named
from romantik.models import Agency
from submissions.models import Submission

from .test_queue import _make, _url, queue_world  # noqa: F401 (the fixture)


def test_the_text_filter_counts_without_joining_the_agencies(queue_world, client):  # noqa: F811
    w = queue_world
    _make(w["agency"], title="Survei Kemiskinan")
    other = _make(w["other_agency"], title="Survei Pertanian", number="6202-2026-07777").agency
    with CaptureQueriesContext(connection) as captured:
        response = client.get(_url(w["office"], q="dinas lain"))
    assert [row.submission.title for row in response.context["rows"]] == ["Survei Pertanian"]
    table, agencies = Submission._meta.db_table, Agency._meta.db_table
    sqls = [q["sql"] for q in captured.captured_queries]
    counts = [sql for sql in sqls if "COUNT(" in sql and f'FROM "{table}"' in sql]
    assert counts and all(f'"{agencies}"' not in sql for sql in counts)  # no join, no subquery
    assert all(f"IN ({other.pk})" in sql for sql in counts)  # the ids, read first
    # The agencies' ids are read once for the count and the page.
    assert sum(1 for sql in sqls if sql.startswith(f'SELECT "{agencies}"."id"') and "LIKE" in sql) == 1


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


def test_agencies_named_reads_ids_in_order(queue_world):  # noqa: F811
    w = queue_world
    other = _make(w["other_agency"], title="Survei Pertanian").agency
    ids = agencies_named(other.name[2:9].lower())
    assert other.pk in ids and ids == sorted(ids)
    assert agencies_named("nama yang tidak ada di mana pun") == []

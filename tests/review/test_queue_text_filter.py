"""The queue's text filter on indexed columns and a subquery of the matching agencies (issue 20): its count joins
no agency, so PostgreSQL no longer hashes every agency for the count and again for the page."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from submissions.models import Submission

from .test_queue import _make, _url, queue_world  # noqa: F401 (the fixture)


def test_the_text_filter_counts_without_joining_the_agencies(queue_world, client):  # noqa: F811
    w = queue_world
    _make(w["agency"], title="Survei Kemiskinan")
    _make(w["other_agency"], title="Survei Pertanian", number="6202-2026-07777")
    with CaptureQueriesContext(connection) as captured:
        response = client.get(_url(w["office"], q="dinas lain"))
    assert [row.submission.title for row in response.context["rows"]] == ["Survei Pertanian"]
    table = Submission._meta.db_table
    counts = [q["sql"] for q in captured.captured_queries if "COUNT(" in q["sql"] and f'FROM "{table}"' in q["sql"]]
    assert counts and all('JOIN "romantik_agency"' not in sql for sql in counts)
    assert all('"romantik_agency"' in sql for sql in counts)  # the agencies' subquery

"""The trigram indexes on a submission's title and number (submissions/migrations/0012, PostgreSQL only): they
exist, and a search by part of a title or number as Django writes it (`__icontains`: UPPER(...) LIKE
UPPER('%...%')) can be answered from them, alone or both at once (a BitmapOr)."""

import pytest
from django.db import connection, transaction
from django.db.models import Q

from submissions.models import Submission
from tests.factories import submission_for

pytestmark = pytest.mark.postgres


@pytest.fixture
def drafts(office_world):
    user = office_world["agency"]
    return [submission_for(user, title=title) for title in ("Survei Status Gizi Balita", "Survei Ubinan Padi")]


def _plan(queryset) -> str:
    """The plan of `queryset` with sequential scans off: which index can answer it, whatever the table's size."""
    sql, params = queryset.query.sql_with_params()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


def test_title_and_number_trigram_indexes_exist(uses_postgres, db):
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'submissions_submission'")
        indexes = dict(cursor.fetchall())
    assert "gin (upper((title)::text) gin_trgm_ops)" in indexes["submission_title_trgm_gin"]
    assert "gin (upper((number)::text) gin_trgm_ops)" in indexes["submission_number_trgm_gin"]


def test_a_search_by_part_of_the_title_or_number_reads_the_indexes(uses_postgres, drafts):
    by_title = Submission.objects.filter(title__icontains="gizi bal")
    assert list(by_title) == [drafts[0]]  # office_world's own submission is called "Survei Uji"
    assert "submission_title_trgm_gin" in _plan(by_title)
    both = Submission.objects.filter(Q(number__icontains="ubinan") | Q(title__icontains="ubinan"))
    assert list(both) == [drafts[1]]
    plan = _plan(both)
    assert "BitmapOr" in plan
    assert "submission_title_trgm_gin" in plan and "submission_number_trgm_gin" in plan

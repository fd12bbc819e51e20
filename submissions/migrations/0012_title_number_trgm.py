"""PostgreSQL only: trigram indexes on the upper-cased title and number of a submission, so that a search by part
of a title or number (`title__icontains`, `number__icontains`: UPPER(...) LIKE UPPER('%...%')) across offices
finds its rows without reading the table. A no-op on SQLite (the embedded default), which has neither.

What uses them (EXPLAIN ANALYZE on the bench data set, 10,000 submissions, docs/PERFORMANCE.md): a title or
number search over every office (title alone, or `number OR title`: a BitmapOr of the two) reads the index instead
of every row (19.7 ms → 0.2 ms). The office queue's text filter (review/filters.py) does not: its (office, state)
index leaves a few dozen rows to check, which the planner rightly prefers.

Built in the migration's transaction (10,000 submissions: 0.7 s; writes to the table wait meanwhile)."""

from django.db import migrations

from romantik.migration_ops import postgres_only

FORWARDS = (
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS submission_title_trgm_gin ON submissions_submission "
    "USING gin ((UPPER(title::text)) gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS submission_number_trgm_gin ON submissions_submission "
    "USING gin ((UPPER(number::text)) gin_trgm_ops)",
)
# The extension stays: other apps use it (catalogue).
BACKWARDS = (
    "DROP INDEX IF EXISTS submission_number_trgm_gin",
    "DROP INDEX IF EXISTS submission_title_trgm_gin",
)


class Migration(migrations.Migration):
    dependencies = [("submissions", "0011_burden_and_standard_classification")]

    operations = [postgres_only(FORWARDS, BACKWARDS)]

"""PostgreSQL only: an index in the office queue's order (review.selectors.office_queue: due date, nulls first,
then submitted, then id), so a page of a busy office reads its 50 rows in index order instead of sorting every
open submission and joining all their agencies (bench/national.py, docs/PERFORMANCE.md). Not declared on the
model because SQLite cannot build an index with NULLS FIRST; the embedded default does without it.
"""

from django.db import migrations

from romantik.migration_ops import postgres_only

FORWARDS = (
    "CREATE INDEX IF NOT EXISTS submission_office_queue ON submissions_submission "
    "(office_id, due_date ASC NULLS FIRST, submitted_at ASC NULLS LAST, id)",
)
BACKWARDS = ("DROP INDEX IF EXISTS submission_office_queue",)


class Migration(migrations.Migration):
    dependencies = [("submissions", "0003_office_years_index")]

    operations = [postgres_only(FORWARDS, BACKWARDS)]

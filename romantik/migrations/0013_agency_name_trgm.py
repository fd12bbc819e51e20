"""PostgreSQL only: a trigram index on the upper-cased name of an agency, so that a search by part of its name
(`name__icontains`: UPPER(name) LIKE UPPER('%...%')) reads the index, not every agency: the office queue's text
filter reads the matching agencies' ids first (review.selectors.agencies_named), a sequential scan of 2.1 ms over
the 5,000 agencies of the 100k bench data set, which grew with them (issue 20). A no-op on SQLite.

Built in the migration's transaction (5,000 agencies: well under a second)."""

from django.db import migrations

from romantik.migration_ops import postgres_only

FORWARDS = (
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS agency_name_trgm_gin ON romantik_agency USING gin ((UPPER(name::text)) gin_trgm_ops)",
)
BACKWARDS = ("DROP INDEX IF EXISTS agency_name_trgm_gin",)


class Migration(migrations.Migration):
    dependencies = [("romantik", "0012_user_bsre_identity")]

    operations = [postgres_only(FORWARDS, BACKWARDS)]

"""PostgreSQL only: pg_trgm and the GIN indexes of the catalogue's full-text and title-similarity search.

A no-op on SQLite (the embedded default), which has neither; the catalogue falls back to LIKE there.
The extension is trusted since PostgreSQL 13, so the database owner may create it.
"""

from django.db import migrations

from romantik.migration_ops import postgres_only

FORWARDS = (
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS catalogue_search_vector_gin ON catalogue_catalogueentry USING gin (search_vector)",
    "CREATE INDEX IF NOT EXISTS catalogue_title_trgm_gin ON catalogue_catalogueentry USING gin (title gin_trgm_ops)",
)
# The extension stays: other apps may use it.
BACKWARDS = (
    "DROP INDEX IF EXISTS catalogue_title_trgm_gin",
    "DROP INDEX IF EXISTS catalogue_search_vector_gin",
)


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0001_initial")]

    operations = [postgres_only(FORWARDS, BACKWARDS)]

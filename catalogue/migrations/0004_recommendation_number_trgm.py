"""PostgreSQL only: a trigram index on the upper-cased recommendation number, so that a search for a letter's
number (or part of it: `recommendation_number__icontains`, UPPER(...) LIKE UPPER('%...%')) finds it without
reading the catalogue. A no-op on SQLite."""

from django.db import migrations

from romantik.migration_ops import postgres_only

FORWARDS = (
    "CREATE INDEX IF NOT EXISTS catalogue_number_trgm_gin ON catalogue_catalogueentry "
    "USING gin ((UPPER(recommendation_number::text)) gin_trgm_ops)",
)
BACKWARDS = ("DROP INDEX IF EXISTS catalogue_number_trgm_gin",)


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0003_refreshed_index")]

    operations = [postgres_only(FORWARDS, BACKWARDS)]

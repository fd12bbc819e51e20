"""PostgreSQL only: a trigram index on the upper-cased recommendation number, so that a search for a letter's
number (or part of it: `recommendation_number__icontains`, UPPER(...) LIKE UPPER('%...%')) finds it without
reading the catalogue. A no-op on SQLite."""

from django.db import migrations

FORWARDS = (
    "CREATE INDEX IF NOT EXISTS catalogue_number_trgm_gin ON catalogue_catalogueentry "
    "USING gin ((UPPER(recommendation_number::text)) gin_trgm_ops)",
)
BACKWARDS = ("DROP INDEX IF EXISTS catalogue_number_trgm_gin",)


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in statements:
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0003_refreshed_index")]

    operations = [migrations.RunPython(_run(FORWARDS), _run(BACKWARDS), elidable=False)]

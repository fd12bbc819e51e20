"""An index for the catalogue's version (the latest refresh), read on every duplicate search."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [("catalogue", "0002_postgres_search_indexes")]

    operations = [
        migrations.AddIndex(
            model_name='catalogueentry',
            index=models.Index(fields=['refreshed_at'], name='catalogue_refreshed'),
        ),
    ]

"""Cek Survei (issue 22): the public check code of a recommended activity (letters.public_code)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0004_recommendation_number_trgm")]

    operations = [
        migrations.AddField(
            model_name="catalogueentry",
            name="public_check_code",
            field=models.CharField(
                blank=True, max_length=8, null=True, unique=True, verbose_name="public check code"
            ),
        ),
    ]

from django.db import migrations


def load(apps, schema_editor):
    from classifications.services import classifications_load

    classifications_load(
        models=(apps.get_model("classifications", "Classification"), apps.get_model("classifications", "ClassificationItem"))
    )


class Migration(migrations.Migration):
    """The shipped files loaded again: KBLI 2020 now to its kelompok (five levels) and corrected titles of KBLI 2020
    and KBJI 2014 (classifications/data/README.md), so a database migrated before gets them without a manual
    `manage.py classifications_load`. A fresh database loads them here once: 0002 no longer loads (its rows would
    be replaced at once)."""

    dependencies = [("classifications", "0002_load_shipped")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]

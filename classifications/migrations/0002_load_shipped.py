from django.db import migrations


def load(apps, schema_editor):
    from classifications.services import classifications_load

    classifications_load(
        models=(apps.get_model("classifications", "Classification"), apps.get_model("classifications", "ClassificationItem"))
    )


class Migration(migrations.Migration):
    """The shipped files, checked and loaded, so a fresh database has them; `manage.py classifications_load` loads
    them again after a file changes."""

    dependencies = [("classifications", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]

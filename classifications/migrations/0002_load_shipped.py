from django.db import migrations


class Migration(migrations.Migration):
    """Loaded the shipped files on a fresh database; 0003 does it now (once, with the files as they are: every test
    database runs it, so not twice). `manage.py classifications_load` loads them again after a file changes."""

    dependencies = [("classifications", "0001_initial")]

    operations = [migrations.RunPython(migrations.RunPython.noop, migrations.RunPython.noop)]

from django.db import migrations

KBJI_FILE = "kbji2014.csv"


def _unchanged(found, classification_model, item_model) -> bool:
    """The database already holds the file as it is: a fresh database, which 0003 loaded from today's files."""
    classification = classification_model.objects.filter(code=found.code).first()
    if classification is None:
        return False
    meta = (classification.name, classification.version, classification.source, classification.detail)
    if meta != (found.meta["name"], found.meta.get("version", ""), found.meta["source"], found.meta.get("detail", "")):
        return False
    loaded = set(
        item_model.objects.filter(classification=classification).values_list("level", "code", "parent__code", "title")
    )
    return loaded == {(row.level, row.code, row.parent or None, row.title) for row in found.rows}


def load(apps, schema_editor):
    from classifications.loading import DATA_DIR, classification_file_read
    from classifications.services import classifications_load

    models = (
        apps.get_model("classifications", "Classification"),
        apps.get_model("classifications", "ClassificationItem"),
    )
    if _unchanged(classification_file_read(DATA_DIR / KBJI_FILE), *models):
        return
    classifications_load(models=models)


class Migration(migrations.Migration):
    """KBJI 2014 to its subgolongan (four levels) with the titles of the KBJI 2014 book (classifications/data/README.md),
    loaded again on a database migrated before, without a manual `manage.py classifications_load`. A fresh database
    got today's files from 0003 already: this one then only compares and writes nothing (every test database runs
    it)."""

    dependencies = [("classifications", "0003_reload_kbli_five_levels")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]

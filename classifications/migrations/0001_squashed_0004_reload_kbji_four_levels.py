import django.db.models.deletion
from django.db import migrations, models

# Ported from classifications/migrations/0003_reload_kbli_five_levels.py and 0004_reload_kbji_four_levels.py (both
# named `load` there). 0002_load_shipped was RunPython(noop, noop): left out, it did nothing either way.
KBJI_FILE = "kbji2014.csv"


def kbli_five_levels_load(apps, schema_editor):
    from classifications.services import classifications_load

    classifications_load(
        models=(
            apps.get_model("classifications", "Classification"),
            apps.get_model("classifications", "ClassificationItem"),
        )
    )


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


def kbji_four_levels_load(apps, schema_editor):
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
    replaces = [
        ("classifications", "0001_initial"),
        ("classifications", "0002_load_shipped"),
        ("classifications", "0003_reload_kbli_five_levels"),
        ("classifications", "0004_reload_kbji_four_levels"),
    ]

    initial = True

    dependencies = []

    operations = [
        migrations.CreateModel(
            name="Classification",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("code", models.CharField(max_length=40, unique=True, verbose_name="code")),
                ("name", models.CharField(max_length=120, verbose_name="name")),
                ("version", models.CharField(blank=True, max_length=20, verbose_name="version")),
                ("source", models.CharField(max_length=300, verbose_name="source")),
                ("detail", models.CharField(blank=True, max_length=300, verbose_name="detail shipped")),
                ("regions", models.BooleanField(default=False, verbose_name="items are the regions")),
                ("loaded_at", models.DateTimeField(auto_now=True, verbose_name="loaded at")),
            ],
            options={
                "verbose_name": "standard classification",
                "verbose_name_plural": "standard classifications",
                "ordering": ["name"],
            },
        ),
        migrations.CreateModel(
            name="ClassificationItem",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("code", models.CharField(max_length=20, verbose_name="code")),
                ("title", models.CharField(max_length=300, verbose_name="title")),
                ("level", models.PositiveSmallIntegerField(verbose_name="level")),
                (
                    "classification",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="items",
                        to="classifications.classification",
                    ),
                ),
                (
                    "parent",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="children",
                        to="classifications.classificationitem",
                    ),
                ),
            ],
            options={
                "verbose_name": "classification item",
                "verbose_name_plural": "classification items",
                "ordering": ["classification", "pk"],
                "constraints": [
                    models.UniqueConstraint(fields=("classification", "code"), name="classification_item_code_unique")
                ],
            },
        ),
        migrations.RunPython(
            code=kbli_five_levels_load,
            reverse_code=migrations.RunPython.noop,
        ),
        migrations.RunPython(
            code=kbji_four_levels_load,
            reverse_code=migrations.RunPython.noop,
        ),
    ]

import django.contrib.postgres.search
import django.db.models.deletion
from django.db import migrations, models

import romantik.migration_ops

# Ported from catalogue/migrations/0006_public_check_code_backfill.py and 0008_reusable_variable_index_backfill.py
# (both named `backfill` there; the import of letters.public_code moved into the function). In the squash they run
# after the schema: the squash is only applied to a database without the catalogue's tables, so they find no entry.
BATCH = 500


def public_check_code_backfill(apps, schema_editor):
    from letters.public_code import public_code

    CatalogueEntry = apps.get_model("catalogue", "CatalogueEntry")
    rows = CatalogueEntry.objects.filter(decision="layak", public_check_code__isnull=True)
    pending = []
    for entry in rows.only("pk").iterator(chunk_size=BATCH):
        entry.public_check_code = public_code(entry.pk)
        pending.append(entry)
        if len(pending) == BATCH:
            CatalogueEntry.objects.bulk_update(pending, ["public_check_code"])
            pending = []
    if pending:
        CatalogueEntry.objects.bulk_update(pending, ["public_check_code"])


COPIED_FIELDS = (
    "name", "alias", "concept", "definition", "selection_reference", "time_reference", "data_type",
    "classification", "standard_classification", "validation_rule", "question_text",
)  # fmt: skip


def reusable_variable_backfill(apps, schema_editor):
    """As catalogue.reuse.reusable_uses_set would have written them, with this migration's models."""
    from catalogue.reuse import group_key
    from catalogue.text import fold

    CatalogueEntry = apps.get_model("catalogue", "CatalogueEntry")
    ReusableVariable = apps.get_model("catalogue", "ReusableVariable")
    ReusableVariableUse = apps.get_model("catalogue", "ReusableVariableUse")
    Variable = apps.get_model("submissions", "Variable")
    groups: dict[str, int] = {}
    for entry_pk in CatalogueEntry.objects.filter(decision="layak").values_list("pk", flat=True).iterator():
        used = set()
        for variable in Variable.objects.filter(submission_id=entry_pk, public=True).order_by("position", "pk"):
            key = group_key(variable.name, variable.definition)
            if key in used:
                continue
            used.add(key)
            if key not in groups:
                groups[key] = ReusableVariable.objects.create(
                    group_key=key,
                    name_folded=fold(" ".join(variable.name.split()))[:200],
                    **{name: getattr(variable, name) for name in COPIED_FIELDS},
                ).pk
            ReusableVariableUse.objects.create(entry_id=entry_pk, variable_id=groups[key])
    for key, pk in groups.items():
        ReusableVariable.objects.filter(pk=pk).update(
            activities=ReusableVariableUse.objects.filter(variable_id=pk).count()
        )


class Migration(migrations.Migration):
    replaces = [
        ("catalogue", "0001_initial"),
        ("catalogue", "0002_postgres_search_indexes"),
        ("catalogue", "0003_refreshed_index"),
        ("catalogue", "0004_recommendation_number_trgm"),
        ("catalogue", "0005_public_check_code"),
        ("catalogue", "0006_public_check_code_backfill"),
        ("catalogue", "0007_reusable_variable"),
        ("catalogue", "0008_reusable_variable_index_backfill"),
    ]

    initial = True

    dependencies = [
        ("romantik", "0005_officerole_complaint_handler"),
        ("submissions", "0002_reminder_indexes"),
        ("submissions", "0011_burden_and_standard_classification"),
    ]

    operations = [
        migrations.CreateModel(
            name="CatalogueEntry",
            fields=[
                (
                    "submission",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="catalogue_entry",
                        serialize=False,
                        to="submissions.submission",
                    ),
                ),
                ("recommendation_number", models.CharField(max_length=80, verbose_name="recommendation number")),
                ("recommendation_date", models.DateField(verbose_name="recommendation date")),
                (
                    "decision",
                    models.CharField(
                        choices=[("layak", "Feasible"), ("tidak_layak", "Not feasible")],
                        max_length=20,
                        verbose_name="decision",
                    ),
                ),
                ("title", models.CharField(max_length=250, verbose_name="activity title")),
                ("year", models.PositiveSmallIntegerField(blank=True, null=True, verbose_name="year")),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("fs3", "FS3 – survey"),
                            ("fpkpa", "FP-KPA – compilation of administrative records"),
                            ("mskeg", "MS-Keg – activity metadata"),
                        ],
                        max_length=8,
                        verbose_name="form",
                    ),
                ),
                (
                    "sector",
                    models.PositiveSmallIntegerField(
                        blank=True,
                        choices=[
                            (1, "Agriculture and fisheries"),
                            (2, "Demography and population"),
                            (3, "Development"),
                            (4, "Economic projections"),
                            (5, "Education and training"),
                            (6, "Environment"),
                            (7, "Finance"),
                            (8, "Globalisation"),
                            (9, "Health"),
                            (10, "Industry and services"),
                            (11, "Information and communication technology"),
                            (12, "International trade and balance of trade"),
                            (13, "Labour"),
                            (14, "National accounts"),
                            (15, "Monthly economic indicators"),
                            (16, "Productivity"),
                            (17, "Prices and purchasing power parity"),
                            (18, "Public sector, taxation and market regulation"),
                            (19, "Regional and urban statistics"),
                            (20, "Science and patents"),
                            (21, "Social protection and welfare"),
                            (22, "Transport"),
                        ],
                        null=True,
                        verbose_name="sector",
                    ),
                ),
                ("agency_name", models.CharField(max_length=200, verbose_name="agency name")),
                ("region_codes", models.TextField(blank=True)),
                ("search_text", models.TextField(blank=True)),
                ("search_vector", django.contrib.postgres.search.SearchVectorField(blank=True, null=True)),
                ("refreshed_at", models.DateTimeField(auto_now=True)),
                (
                    "agency",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="catalogue_entries",
                        to="romantik.agency",
                        verbose_name="agency",
                    ),
                ),
                (
                    "province",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="romantik.region",
                        verbose_name="province",
                    ),
                ),
                (
                    "regency",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="romantik.region",
                        verbose_name="regency/city",
                    ),
                ),
                (
                    "public_check_code",
                    models.CharField(
                        blank=True, max_length=8, null=True, unique=True, verbose_name="public check code"
                    ),
                ),
            ],
            options={
                "verbose_name": "catalogue entry",
                "verbose_name_plural": "catalogue entries",
                "ordering": ["-recommendation_date", "-submission_id"],
                "indexes": [
                    models.Index(fields=["-recommendation_date", "-submission"], name="catalogue_date"),
                    models.Index(fields=["year"], name="catalogue_year"),
                    models.Index(fields=["agency"], name="catalogue_agency"),
                    models.Index(fields=["sector"], name="catalogue_sector"),
                    models.Index(fields=["refreshed_at"], name="catalogue_refreshed"),
                ],
            },
        ),
        migrations.CreateModel(
            name="ReusableVariable",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("group_key", models.CharField(max_length=32, unique=True)),
                ("name_folded", models.CharField(max_length=200)),
                ("activities", models.PositiveIntegerField(default=0)),
                ("name", models.CharField(max_length=200)),
                ("alias", models.CharField(blank=True, max_length=100)),
                ("concept", models.TextField(blank=True)),
                ("definition", models.TextField()),
                ("selection_reference", models.CharField(blank=True, max_length=200)),
                ("time_reference", models.CharField(blank=True, max_length=200)),
                ("data_type", models.CharField(blank=True, max_length=10)),
                ("classification", models.CharField(blank=True, max_length=200)),
                ("standard_classification", models.CharField(blank=True, max_length=40)),
                ("validation_rule", models.CharField(blank=True, max_length=250)),
                ("question_text", models.TextField(blank=True)),
            ],
        ),
        migrations.CreateModel(
            name="ReusableVariableUse",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "entry",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="reusable_uses",
                        to="catalogue.catalogueentry",
                    ),
                ),
                (
                    "variable",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="uses",
                        to="catalogue.reusablevariable",
                    ),
                ),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(fields=("entry", "variable"), name="catalogue_reuse_use_unique")
                ],
            },
        ),
        migrations.RunPython(
            code=romantik.migration_ops.PostgresStatements(
                (
                    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
                    "CREATE INDEX IF NOT EXISTS catalogue_search_vector_gin ON catalogue_catalogueentry USING gin (search_vector)",
                    "CREATE INDEX IF NOT EXISTS catalogue_title_trgm_gin ON catalogue_catalogueentry USING gin (title gin_trgm_ops)",
                    "CREATE INDEX IF NOT EXISTS catalogue_number_trgm_gin ON catalogue_catalogueentry USING gin ((UPPER(recommendation_number::text)) gin_trgm_ops)",
                    "CREATE INDEX IF NOT EXISTS catalogue_reuse_name_trgm_gin ON catalogue_reusablevariable USING gin (name_folded gin_trgm_ops)",
                )
            ),
            reverse_code=romantik.migration_ops.PostgresStatements(
                (
                    "DROP INDEX IF EXISTS catalogue_reuse_name_trgm_gin",
                    "DROP INDEX IF EXISTS catalogue_number_trgm_gin",
                    "DROP INDEX IF EXISTS catalogue_title_trgm_gin",
                    "DROP INDEX IF EXISTS catalogue_search_vector_gin",
                )
            ),
        ),
        migrations.RunPython(
            code=public_check_code_backfill,
            reverse_code=migrations.RunPython.noop,
        ),
        migrations.RunPython(
            code=reusable_variable_backfill,
            reverse_code=migrations.RunPython.noop,
        ),
    ]

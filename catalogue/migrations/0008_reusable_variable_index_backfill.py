"""The reusable variables of the activities already listed (layak), and on PostgreSQL the trigram GIN index on
their folded name that the search's LIKE '%…%' uses."""

from django.db import migrations

from romantik.migration_ops import postgres_only

FORWARDS = (
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS catalogue_reuse_name_trgm_gin ON catalogue_reusablevariable "
    "USING gin (name_folded gin_trgm_ops)",
)
BACKWARDS = ("DROP INDEX IF EXISTS catalogue_reuse_name_trgm_gin",)
COPIED_FIELDS = (
    "name", "alias", "concept", "definition", "selection_reference", "time_reference", "data_type",
    "classification", "standard_classification", "validation_rule", "question_text",
)  # fmt: skip


def backfill(apps, schema_editor):
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
        ReusableVariable.objects.filter(pk=pk).update(activities=ReusableVariableUse.objects.filter(variable_id=pk).count())


class Migration(migrations.Migration):
    dependencies = [
        ("catalogue", "0007_reusable_variable"),
        ("submissions", "0011_burden_and_standard_classification"),  # the variables' columns copied
    ]

    operations = [
        postgres_only(FORWARDS, BACKWARDS),
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]

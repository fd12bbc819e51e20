"""Cek Survei (issue 22): the code of every activity already listed with a layak recommendation, the same one
`services.catalogue_entry_refresh` gives a new entry (letters.public_code: a function of the submission's id)."""

from django.db import migrations

from letters.public_code import public_code

BATCH = 500


def backfill(apps, schema_editor):
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


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0005_public_check_code")]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]

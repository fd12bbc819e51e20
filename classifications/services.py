"""Writes of the standard classifications: the shipped files loaded, all or none."""

from pathlib import Path

from django.db import connections, router, transaction
from django.utils.translation import gettext as _

from .loading import DATA_DIR, ClassificationFile, ClassificationFileError, classification_files_read

REGIONS_CODE = "wilayah"
REGIONS_NAME = "Kode wilayah BPS"
REGIONS_SOURCE = "Master wilayah BPS (provinsi dan kabupaten/kota) yang dimuat portal: romantik.Region"
REGIONS_DETAIL = "Provinsi (2 digit) dan kabupaten/kota (4 digit), dari tabel wilayah portal; tidak disalin."
BATCH_SIZE = 1000  # rows per INSERT; Django lowers it where the database takes fewer parameters (SQLite)


def _models(models):
    if models is not None:
        return models
    from .models import Classification, ClassificationItem

    return Classification, ClassificationItem


def _write(found: ClassificationFile, classification_model, item_model) -> None:
    classification, _created = classification_model.objects.update_or_create(
        code=found.code,
        defaults={
            "name": found.meta["name"],
            "version": found.meta.get("version", ""),
            "source": found.meta["source"],
            "detail": found.meta.get("detail", ""),
            "regions": False,
        },
    )
    _items_delete(item_model, classification.pk)
    # Level by level, so each parent has its key before its children are inserted: one INSERT per batch and no
    # UPDATE afterwards (KBLI 2020 to its kelompok is 2,712 rows; every test database loads it in its migration).
    by_code: dict[str, object] = {}
    for level in sorted(found.levels):
        created = item_model.objects.bulk_create(
            (
                item_model(
                    classification=classification,
                    code=row.code,
                    title=row.title,
                    level=row.level,
                    parent=by_code[row.parent] if row.parent else None,
                )
                for row in found.rows
                if row.level == level
            ),
            batch_size=BATCH_SIZE,
        )
        by_code.update((item.code, item) for item in created)


def _items_delete(item_model, classification_id: int) -> None:
    """The classification's items in one statement: the ORM's delete() would read every row first to follow the
    parent's CASCADE, and nothing outside the app points at an item."""
    connection = connections[router.db_for_write(item_model)]
    table = connection.ops.quote_name(item_model._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table} WHERE classification_id = %s", [classification_id])


def classifications_load(*, directory: Path = DATA_DIR, models=None) -> list[str]:
    """Check every file of `directory`, then write them all (or nothing, raising ClassificationFileError) and the
    region codes' classification; returns one report line per classification (items per level).
    `models`: the (Classification, ClassificationItem) pair, for a data migration's historical models."""
    classification_model, item_model = _models(models)
    files = classification_files_read(directory)
    for found in files:
        if found.code == REGIONS_CODE:
            raise ClassificationFileError(
                _("%(file)s: the code “%(code)s” is the region codes' own.")
                % {"file": found.path.name, "code": REGIONS_CODE}
            )
    with transaction.atomic():
        for found in files:
            _write(found, classification_model, item_model)
        classification_model.objects.update_or_create(
            code=REGIONS_CODE,
            defaults={
                "name": REGIONS_NAME,
                "version": "",
                "source": REGIONS_SOURCE,
                "detail": REGIONS_DETAIL,
                "regions": True,
            },
        )
    return [found.report() for found in files]

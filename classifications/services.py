"""Writes of the standard classifications: the shipped files loaded, all or none."""

from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _

from .loading import DATA_DIR, ClassificationFile, ClassificationFileError, classification_files_read

REGIONS_CODE = "wilayah"
REGIONS_NAME = "Kode wilayah BPS"
REGIONS_SOURCE = "Master wilayah BPS (provinsi dan kabupaten/kota) yang dimuat portal: romantik.Region"
REGIONS_DETAIL = "Provinsi (2 digit) dan kabupaten/kota (4 digit), dari tabel wilayah portal; tidak disalin."


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
    item_model.objects.filter(classification=classification).delete()
    items = item_model.objects.bulk_create(
        item_model(classification=classification, code=row.code, title=row.title, level=row.level) for row in found.rows
    )
    by_code = {item.code: item for item in items}
    with_parent = []
    for row, item in zip(found.rows, items, strict=True):
        if row.parent:
            item.parent = by_code[row.parent]
            with_parent.append(item)
    item_model.objects.bulk_update(with_parent, ["parent"], batch_size=1000)


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

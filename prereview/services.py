"""Writes of the catalogue: seeding the built-in rules from prereview/seed/rules.json."""

import json
from decimal import Decimal
from pathlib import Path

SEED = Path(__file__).resolve().parent / "seed" / "rules.json"
FIELDS = ("kind", "position", "section", "field", "threshold", "parameter", "title", "pass_text", "violation_text",
          "fix_text", "unknown_text")  # fmt: skip


def seed_rows(path: Path = SEED) -> list[dict]:
    rows = json.loads(path.read_text(encoding="utf-8"))
    for row in rows:
        if row.get("threshold") is not None:
            row["threshold"] = Decimal(str(row["threshold"]))
    return rows


def rules_seed(*, model=None, path: Path = SEED, overwrite: bool = False) -> int:
    """Adds the file's rules the table lacks (by key); an admin's changes to a rule are kept unless `overwrite`.
    `model`: the historical model in a data migration. Returns how many rules were added or rewritten."""
    if model is None:
        from .models import Rule as model
    changed = 0
    for row in seed_rows(path):
        values = {name: row.get(name, "") if name != "threshold" else row.get(name) for name in FIELDS}
        if overwrite:
            model.objects.update_or_create(key=row["key"], defaults=values)
            changed += 1
        else:
            _rule, created = model.objects.get_or_create(key=row["key"], defaults=values)
            changed += created
    return changed


def rule_save(*, form, actor):
    """An office admin's change to the catalogue (prereview.manage_rules, checked here too), logged with who."""
    import logging

    from django.core.exceptions import PermissionDenied

    if not actor.has_perm("prereview.manage_rules"):
        raise PermissionDenied
    created = form.instance.pk is None
    rule = form.save()
    logging.getLogger("prereview").info(
        "pre-review rule %s %s by user %s", rule.key, "added" if created else "changed", actor.pk
    )
    return rule

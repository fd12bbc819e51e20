"""The form of one round, frozen at submission, and what changed between two rounds.

Values are stored language-neutral (official codes, ISO dates, region codes) and
turned into labels only when shown, in the reader's language.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils.translation import gettext as _

from submissions.models import Submission
from submissions.sections import SECTIONS

VARIABLE_FIELDS = (
    "name", "alias", "concept", "definition", "selection_reference", "time_reference", "data_type",
    "classification", "validation_rule", "question_text", "public", "source",
)  # fmt: skip
INDICATOR_FIELDS = (
    "name", "concept", "definition", "method", "measure", "unit", "presentation_classification", "composite",
    "building_indicators", "building_variables", "estimation_level", "public",
)  # fmt: skip


def _plain(value):
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value.normalize())
    if hasattr(value, "pk") and hasattr(value, "code"):  # a Region
        return value.code
    return value


def snapshot_of(submission: Submission) -> dict:
    """Every answer of the form as submitted, plus its tables and attachments."""
    fields = {}
    for section in SECTIONS:
        for question in section.questions:
            if question.field == "coverage_regions":
                fields[question.field] = sorted(submission.coverage_regions.values_list("code", flat=True))
            else:
                fields[question.field] = _plain(getattr(submission, question.field))
    return {
        "fields": fields,
        "variables": [{f: getattr(v, f) for f in VARIABLE_FIELDS} for v in submission.variables.all()],
        "indicators": [{f: getattr(i, f) for f in INDICATOR_FIELDS} for i in submission.indicators.all()],
        "attachments": [
            {"kind": a.kind, "name": a.original_name, "size": a.size} for a in submission.attachments.all()
        ],
    }


@dataclass(frozen=True)
class Change:
    section: str  # section key
    label: str
    before: str
    after: str


def _display(field, value) -> str:
    """A stored value as the reader sees it: choice labels, Ya/Tidak, dates as typed."""
    if value in (None, "", []):
        return "—"
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    choices = dict(field.choices or []) if getattr(field, "choices", None) else {}
    if isinstance(value, list):
        from submissions.forms import MULTI_CHOICES

        enum = MULTI_CHOICES.get(field.name)
        labels = dict(enum.choices) if enum else {}
        return ", ".join(str(labels.get(v, v)) for v in value)
    if choices:
        return f"{value} {choices.get(value, '')}".strip()
    return str(value)


def _rows_text(rows: list[dict], key: str) -> list[str]:
    return [" · ".join(str(v) for v in row.values() if v not in ("", None)) for row in rows]


def snapshot_diff(before: dict, after: dict) -> list[Change]:
    """The questions whose answers differ between two rounds, in form order, then the tables."""
    changes = []
    for section in SECTIONS:
        for question in section.questions:
            old, new = before["fields"].get(question.field), after["fields"].get(question.field)
            if old != new:
                field = Submission._meta.get_field(question.field)
                label = f"{question.number} {field.verbose_name}" if question.number != "–" else field.verbose_name
                changes.append(Change(section.key, str(label), _display(field, old), _display(field, new)))
    for key, title in (("variables", _("Variables")), ("indicators", _("Indicators"))):
        old_rows, new_rows = _rows_text(before.get(key, []), key), _rows_text(after.get(key, []), key)
        if old_rows != new_rows:
            removed = [r for r in old_rows if r not in new_rows]
            added = [r for r in new_rows if r not in old_rows]
            changes.append(Change(key, str(title), "\n".join(removed) or "—", "\n".join(added) or "—"))
    old_files = {(a["kind"], a["name"], a["size"]) for a in before.get("attachments", [])}
    new_files = {(a["kind"], a["name"], a["size"]) for a in after.get("attachments", [])}
    if old_files != new_files:
        changes.append(
            Change(
                "attachments",
                _("Attachments"),
                "\n".join(sorted(n for _k, n, _s in old_files - new_files)) or "—",
                "\n".join(sorted(n for _k, n, _s in new_files - old_files)) or "—",
            )
        )
    return changes

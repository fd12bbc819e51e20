"""The form of one round, frozen at submission, and what changed between two rounds.

Values are stored language-neutral (official codes, ISO dates, region codes) and
turned into labels only when shown, in the reader's language.
"""

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

from django.db import models
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from classifications.selectors import classification_names
from romantik.models import Region
from submissions.answers import (
    EMPTY,
    INDICATOR_FIELDS,
    VARIABLE_FIELDS,
    is_region_field,
    list_labels,
    plain_value,
    value_display,
    yes_no,
)
from submissions.enums import AttachmentKind
from submissions.models import Indicator, Submission, Variable
from submissions.sections import SECTIONS


def snapshot_of(submission: Submission) -> dict:
    """Every answer of the form as submitted, plus its tables and attachments (rows keep their id, so a
    renamed variable or a replaced file is recognised in the next round)."""
    fields = {}
    for section in SECTIONS:
        for question in section.questions:
            if question.field == "coverage_regions":
                fields[question.field] = sorted(submission.coverage_regions.values_list("code", flat=True))
            else:
                fields[question.field] = plain_value(getattr(submission, question.field))
    return {
        "fields": fields,
        "variables": [{"id": v.pk, **{f: getattr(v, f) for f in VARIABLE_FIELDS}} for v in submission.variables.all()],
        "indicators": [
            {"id": i.pk, **{f: getattr(i, f) for f in INDICATOR_FIELDS}} for i in submission.indicators.all()
        ],
        "attachments": [
            {"id": a.pk, "kind": a.kind, "name": a.original_name, "size": a.size} for a in submission.attachments.all()
        ],
    }


# A piece of a displayed value and whether it differs from the other round (shown highlighted).
Part = tuple[str, bool]


@dataclass(frozen=True)
class Change:
    section: str  # section key ("3", "variables", "attachments", ...)
    label: str
    before: str
    after: str
    field: str = ""  # the question's field name, or the table's key
    # The same values cut into pieces, the pieces that differ marked; empty when the whole value differs.
    before_parts: tuple[Part, ...] = ()
    after_parts: tuple[Part, ...] = ()


# --- showing stored values ---------------------------------------------------------------------------


def _merge(parts: list[Part]) -> tuple[Part, ...]:
    merged: list[Part] = []
    for text, marked in parts:
        if not text:
            continue
        if merged and merged[-1][1] == marked:
            merged[-1] = (merged[-1][0] + text, marked)
        else:
            merged.append((text, marked))
    return tuple(merged)


def _word_parts(old: str, new: str) -> tuple[tuple[Part, ...], tuple[Part, ...]]:
    """Two texts cut into words, the words that were removed (old) or added (new) marked."""
    a, b = re.split(r"(\s+)", old), re.split(r"(\s+)", new)
    before: list[Part] = []
    after: list[Part] = []
    for op, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        before.append(("".join(a[i1:i2]), op != "equal"))
        after.append(("".join(b[j1:j2]), op != "equal"))
    return _merge(before), _merge(after)


def _list_parts(old: list[str], new: list[str], sep: str = ", ") -> tuple[tuple[Part, ...], tuple[Part, ...]]:
    """Two lists, the items only in the old one (removed) and only in the new one (added) marked."""

    def parts(items, other):
        out: list[Part] = []
        for n, item in enumerate(items):
            if n:
                out.append((sep, False))
            out.append((item, item not in other))
        return _merge(out)

    return parts(old, set(new)), parts(new, set(old))


def question_label(question) -> str:
    """'3.1 Background'; header questions have no number."""
    name = Submission._meta.get_field(question.field).verbose_name
    return f"{question.number} {name}" if question.number != "–" else str(name)


def _question_change(section, question, field, old, new, regions) -> Change:
    label = question_label(question)
    before, after = value_display(field, old, regions), value_display(field, new, regions)
    before_parts = after_parts = ()
    if isinstance(old, list) and isinstance(new, list) and old and new:
        before_parts, after_parts = _list_parts(list_labels(field, old, regions), list_labels(field, new, regions))
    elif isinstance(old, str) and isinstance(new, str) and old and new and not field.choices:
        if isinstance(field, models.CharField | models.TextField):
            before_parts, after_parts = _word_parts(old, new)
    return Change(section.key, label, before, after, question.field, before_parts, after_parts)


# --- the tables ---------------------------------------------------------------------------------------


def _row_value(model, name: str, value) -> str:
    field = model._meta.get_field(name)
    if isinstance(value, bool):
        return yes_no(value)
    if value in (None, ""):
        return EMPTY
    if field.choices:
        return str(dict(field.choices).get(value, value))
    if name == "standard_classification":  # a variable's (issue 22): by the classification's name
        return classification_names().get(value, value)
    return str(value)


def _row_lines(model, fields, row: dict, names=None) -> str:
    lines = []
    for name in names or fields:
        value = row.get(name)
        if names is None and value in (None, ""):
            continue
        lines.append(f"{model._meta.get_field(name).verbose_name}: {_row_value(model, name, value)}")
    return "\n".join(lines) or EMPTY


def _pair_rows(old_rows: list[dict], new_rows: list[dict]):
    """(old, new) pairs of the same row in two rounds (by id; by name for snapshots without ids);
    a row only in one round is paired with None."""
    with_ids = all("id" in row for row in [*old_rows, *new_rows])

    def key(row):
        return row["id"] if with_ids else row.get("name")

    old_by_key = {key(row): row for row in old_rows}
    new_keys = {key(row) for row in new_rows}
    pairs = [(old_by_key.get(key(row)), row) for row in new_rows]
    pairs += [(row, None) for row in old_rows if key(row) not in new_keys]
    return pairs


def _table_changes(key: str, model, fields, before: list[dict], after: list[dict], title: str) -> list[Change]:
    changes = []
    for old, new in _pair_rows(before, after):
        row = new or old
        label = f"{title}: {row.get('name')}"
        if old is None:
            changes.append(Change(key, label, EMPTY, _row_lines(model, fields, new), key))
        elif new is None:
            changes.append(Change(key, label, _row_lines(model, fields, old), EMPTY, key))
        else:
            differing = [f for f in fields if old.get(f) != new.get(f)]
            if differing:
                changes.append(
                    Change(
                        key,
                        label,
                        _row_lines(model, fields, old, differing),
                        _row_lines(model, fields, new, differing),
                        key,
                    )
                )
    return changes


def _attachment_changes(before: list[dict], after: list[dict]) -> list[Change]:
    """One change per kind of document whose files differ; added and removed files marked."""
    with_ids = all("id" in a for a in [*before, *after])

    def key(a):
        return a["id"] if with_ids else (a["kind"], a["name"], a["size"])

    def text(a):
        return f"{a['name']} ({filesizeformat(a['size'])})"

    def parts(files, other_keys) -> tuple[Part, ...]:
        out: list[Part] = []
        for n, a in enumerate(files):
            if n:
                out.append(("\n", False))
            out.append((text(a), key(a) not in other_keys))
        return _merge(out)

    changes = []
    for kind, kind_label in AttachmentKind.choices:
        old = [a for a in before if a["kind"] == kind]
        new = [a for a in after if a["kind"] == kind]
        old_keys, new_keys = {key(a) for a in old}, {key(a) for a in new}
        if old_keys == new_keys:
            continue
        changes.append(
            Change(
                "attachments",
                str(kind_label),
                "\n".join(text(a) for a in old) or EMPTY,
                "\n".join(text(a) for a in new) or EMPTY,
                "attachments",
                parts(old, new_keys),
                parts(new, old_keys),
            )
        )
    return changes


def snapshot_diff(before: dict, after: dict) -> list[Change]:
    """The questions whose answers differ between two rounds, in form order, then the tables and files.

    Region codes are named with one query, and only when a changed answer has regions."""
    changed = []
    codes: set[str] = set()
    for section in SECTIONS:
        for question in section.questions:
            old, new = before["fields"].get(question.field), after["fields"].get(question.field)
            if old == new:
                continue
            field = Submission._meta.get_field(question.field)
            changed.append((section, question, field, old, new))
            if is_region_field(field):
                for value in (old, new):
                    codes.update(value if isinstance(value, list) else [value] if value else [])
    regions = {r.code: str(r) for r in Region.objects.filter(code__in=codes)} if codes else {}
    changes = [_question_change(*item, regions) for item in changed]
    changes += _table_changes(
        "variables", Variable, VARIABLE_FIELDS, before.get("variables", []), after.get("variables", []), _("Variable")
    )
    changes += _table_changes(
        "indicators",
        Indicator,
        INDICATOR_FIELDS,
        before.get("indicators", []),
        after.get("indicators", []),
        _("Indicator"),
    )
    changes += _attachment_changes(before.get("attachments", []), after.get("attachments", []))
    return changes

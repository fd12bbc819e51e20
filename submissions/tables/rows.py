"""The rows of a submission's two tables, MS-Var (variables) and MS-Ind (indicators): every write.

Every write checks that the actor may change the submission, locks the submission row (so two
browser tabs cannot interleave) and keeps the positions of the rows 0..n-1 without gaps. A spreadsheet's
variables are appended all or none (`variables_import`; reading the file: parsing.py).
"""

from typing import Literal

from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.forms import ModelForm
from django.utils import timezone

from ..forms import IndicatorForm, VariableForm
from ..models import Indicator, Submission, Variable
from ..selectors import submission_locked
from .parsing import variable_forms

CHANGE = "submissions.change_submission"

Direction = Literal["up", "down"]
DIRECTIONS = ("up", "down")


# --- shared by both tables ---------------------------------------------------------------


def _check(actor, perm: str, submission: Submission) -> None:
    if not actor.has_perm(perm, submission):
        raise PermissionDenied


def _lock_for_change(*, submission: Submission, actor) -> None:
    """Inside a transaction: lock the submission and check again that it may still be changed
    (a reviewer may have moved it on since the page was opened)."""
    locked = submission_locked(submission.pk)
    _check(actor, CHANGE, locked)


def _touch(submission: Submission) -> None:
    """A change of a table is a change of the submission ("last saved")."""
    Submission.objects.filter(pk=submission.pk).update(updated_at=timezone.now())


def _ordered(queryset: models.QuerySet) -> list:
    return list(queryset.order_by("position", "pk").only("pk", "position"))


def _renumber(rows: list) -> None:
    """Positions 0..n-1 in list order; writes only the rows that changed."""
    changed = []
    for index, row in enumerate(rows):
        if row.position != index:
            row.position = index
            changed.append(row)
    if changed:
        type(rows[0]).objects.bulk_update(changed, ["position"])


def _row_save(*, submission: Submission, actor, form: ModelForm, related: str) -> ModelForm:
    _check(actor, CHANGE, submission)
    if form.instance.pk is not None and form.instance.submission_id != submission.pk:
        raise PermissionDenied
    with transaction.atomic():
        _lock_for_change(submission=submission, actor=actor)
        if form.is_valid():
            row = form.save(commit=False)
            if row.pk is None:
                row.submission = submission
                row.position = getattr(submission, related).count()
            row.save()
            _touch(submission)
    return form


def _row_delete(*, row, actor) -> None:
    submission = row.submission
    _check(actor, CHANGE, submission)
    with transaction.atomic():
        _lock_for_change(submission=submission, actor=actor)
        row.delete()
        _renumber(_ordered(type(row).objects.filter(submission=submission)))
        _touch(submission)


def _row_move(*, row, direction: Direction, actor) -> bool:
    """Swap the row with its neighbour. False when it is already first (up) or last (down)."""
    if direction not in DIRECTIONS:
        raise ValueError(f"direction must be one of {DIRECTIONS}, not {direction!r}")
    submission = row.submission
    _check(actor, CHANGE, submission)
    with transaction.atomic():
        _lock_for_change(submission=submission, actor=actor)
        rows = _ordered(type(row).objects.filter(submission=submission))
        index = next((i for i, r in enumerate(rows) if r.pk == row.pk), None)
        if index is None:
            return False
        other = index - 1 if direction == "up" else index + 1
        moved = 0 <= other < len(rows)
        if moved:
            rows[index], rows[other] = rows[other], rows[index]
            _touch(submission)
        _renumber(rows)
    if moved:
        row.refresh_from_db(fields=["position"])
    return moved


# --- variables (MS-Var) ---------------------------------------------------------------------


def variable_save(*, submission: Submission, actor, data, variable: Variable | None = None) -> VariableForm:
    """Add a variable at the end (`variable` None) or change one. Returns the bound form:
    valid and saved, or carrying the messages to show next to the fields."""
    form = VariableForm(data=data, instance=variable, kind=submission.kind)
    return _row_save(submission=submission, actor=actor, form=form, related="variables")


def variable_delete(*, variable: Variable, actor) -> None:
    _row_delete(row=variable, actor=actor)


def variable_move(*, variable: Variable, direction: Direction, actor) -> bool:
    return _row_move(row=variable, direction=direction, actor=actor)


def variables_import(*, submission: Submission, actor, file) -> int:
    """Append the rows of a CSV or XLSX file after the existing variables; returns how many.

    Every row is checked with VariableForm first. If the file or any row has a problem, nothing
    is imported and ValidationError lists the problems, rows numbered as in the spreadsheet."""
    _check(actor, CHANGE, submission)
    forms = variable_forms(file, kind=submission.kind)
    with transaction.atomic():
        _lock_for_change(submission=submission, actor=actor)
        start = submission.variables.count()
        variables = []
        for offset, form in enumerate(forms):
            variable = form.save(commit=False)
            variable.submission, variable.position = submission, start + offset
            variables.append(variable)
        Variable.objects.bulk_create(variables)
        _touch(submission)
    return len(variables)


# --- indicators (MS-Ind) --------------------------------------------------------------------


def indicator_save(*, submission: Submission, actor, data, indicator: Indicator | None = None) -> IndicatorForm:
    """Add an indicator at the end (`indicator` None) or change one. Returns the bound form."""
    form = IndicatorForm(data=data, instance=indicator)
    return _row_save(submission=submission, actor=actor, form=form, related="indicators")


def indicator_delete(*, indicator: Indicator, actor) -> None:
    _row_delete(row=indicator, actor=actor)


def indicator_move(*, indicator: Indicator, direction: Direction, actor) -> bool:
    return _row_move(row=indicator, direction=direction, actor=actor)

"""The MS-Var (variables) and MS-Ind (indicators) tables of a submission: list, add, edit, delete,
reorder, and for variables import and export as CSV or XLSX. Writes go through `submissions.tables`."""

from collections.abc import Callable
from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from classifications.selectors import classification_names
from romantik.refusals import form_refuse
from romantik.spreadsheets import download_response

from .. import enums, tables
from ..forms import IndicatorForm, VariableForm
from ..models import Indicator, Submission, Variable
from ..prereview_input import prereview_results
from .common import submission_context, submission_for

CHANGE = tables.CHANGE


class VariablesImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("CSV or XLSX file"),
        widget=forms.FileInput(
            attrs={
                "accept": ".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                "class": "form-control",
            }
        ),
    )


@dataclass(frozen=True)
class Table:
    """What differs between the two tables; the views below are shared."""

    key: str  # the section key and the URL name of the list
    noun: str  # the URL name prefix and the services' keyword argument
    model: type[models.Model]
    form: type[forms.ModelForm]
    save: Callable
    delete: Callable
    move: Callable
    template: str
    add_title: str
    edit_title: str
    delete_title: str
    saved: str
    deleted: str
    delete_question: str

    def unbound_form(self, submission: Submission, instance=None, initial=None) -> forms.ModelForm:
        if self.form is VariableForm:  # FP-KPA also asks for the source
            return VariableForm(instance=instance, initial=initial, kind=submission.kind)
        return self.form(instance=instance, initial=initial)


VARIABLES = Table(
    key="variables",
    noun="variable",
    model=Variable,
    form=VariableForm,
    save=tables.variable_save,
    delete=tables.variable_delete,
    move=tables.variable_move,
    template="submissions/variables.html",
    add_title=gettext_lazy("Add a variable"),
    edit_title=gettext_lazy("Edit variable"),
    delete_title=gettext_lazy("Delete variable"),
    saved=gettext_lazy("Variable “%(name)s” saved."),
    deleted=gettext_lazy("Variable “%(name)s” deleted."),
    delete_question=gettext_lazy("Delete the variable “%(name)s”? This cannot be undone."),
)
INDICATORS = Table(
    key="indicators",
    noun="indicator",
    model=Indicator,
    form=IndicatorForm,
    save=tables.indicator_save,
    delete=tables.indicator_delete,
    move=tables.indicator_move,
    template="submissions/indicators.html",
    add_title=gettext_lazy("Add an indicator"),
    edit_title=gettext_lazy("Edit indicator"),
    delete_title=gettext_lazy("Delete indicator"),
    saved=gettext_lazy("Indicator “%(name)s” saved."),
    deleted=gettext_lazy("Indicator “%(name)s” deleted."),
    delete_question=gettext_lazy("Delete the indicator “%(name)s”? This cannot be undone."),
)

# Shown when a row is opened; the list shows only the main columns.
DETAIL_FIELDS = {
    "variables": Variable.FORM_FIELDS[1:],  # all but the name, which the list shows
    "indicators": Indicator.FORM_FIELDS[1:],
}


def _details(row, keys, submission: Submission, standard: dict[str, str]) -> list[tuple[str, str]]:
    """(label, text) of the filled fields of one row; `standard`: the standard classifications' names by code."""
    details = []
    for key in keys:
        if key == "source" and submission.kind != enums.Kind.FPKPA:
            continue
        field = row._meta.get_field(key)
        value = getattr(row, key)
        if key == "standard_classification":
            text = standard.get(value, value)
        elif isinstance(field, models.BooleanField):
            text = _("Yes") if value else _("No")
        elif field.choices:
            text = getattr(row, f"get_{key}_display")()
        else:
            text = value
        if text not in ("", None):
            details.append((field.verbose_name, text))
    return details


def _table_page(request, submission: Submission, table: Table, *, import_form=None, status=200):
    rows = list(getattr(submission, table.key).all())
    standard = classification_names() if table is VARIABLES else {}
    for row in rows:
        row.details = _details(row, DETAIL_FIELDS[table.key], submission, standard)
    context = submission_context(request, submission, table.key)
    context.update(
        {
            "rows": rows,
            "labels": {f.name: f.verbose_name for f in table.model._meta.fields},
            "table": table,
            "edit_url_name": f"submissions:{table.noun}_edit",
            "delete_url_name": f"submissions:{table.noun}_delete",
            "move_url_name": f"submissions:{table.noun}_move",
            "show_source": submission.kind == enums.Kind.FPKPA,
        }
    )
    if table is VARIABLES:
        context.update(
            {
                "import_form": import_form or VariablesImportForm(),
                "import_headers": tables.VARIABLE_HEADERS,
                "import_required": tables.required_headers(submission.kind),
                "data_types": enums.DataType.values,
                "max_rows": tables.MAX_IMPORT_ROWS,
                "prereview": prereview_results(submission),  # the rules on the variables (prereview)
            }
        )
    return render(request, table.template, context, status=status)


def _row_or_404(submission: Submission, table: Table, row: int):
    instance = get_object_or_404(table.model.objects.filter(submission=submission), pk=row)
    instance.submission = submission  # the one whose permission was checked
    return instance


def _list_url(submission: Submission, table: Table, row=None) -> str:
    url = reverse(f"submissions:{table.key}", kwargs={"pk": submission.pk})
    return f"{url}#row-{row.pk}" if row is not None else url


@login_required
def table_list(request, pk, table: Table):
    submission = submission_for(request, pk)
    return _table_page(request, submission, table)


def _copied(request, table: Table, instance) -> dict | None:
    """A new variable's form filled with a recommended activity's variable (?salin=, the reuse panel's "Salin")."""
    key = request.GET.get("salin", "")
    if table is not VARIABLES or instance is not None or not key:
        return None
    initial = tables.variable_copy_initial(key)
    if initial is None:
        messages.error(request, _("That variable can no longer be copied: search again."))
    else:
        messages.info(request, _("Copied from a recommended activity: check every field, then save."))
    return initial


@login_required
def row_edit(request, pk, table: Table, row: int | None = None):
    """Add a row (no `row`) or change one; invalid input comes back with its messages (400)."""
    submission = submission_for(request, pk, perm=CHANGE)
    instance = _row_or_404(submission, table, row) if row is not None else None
    status = 200
    if request.method == "POST":
        form = table.save(submission=submission, actor=request.user, data=request.POST, **{table.noun: instance})
        if form.is_valid():
            messages.success(request, table.saved % {"name": form.instance.name})
            if instance is None and "lagi" in request.POST:
                return redirect(f"submissions:{table.noun}_add", pk=submission.pk)
            return redirect(_list_url(submission, table, form.instance))
        status = 400
    else:
        form = table.unbound_form(submission, instance, initial=_copied(request, table, instance))
    context = submission_context(request, submission, table.key)
    context.update(
        {
            "form": form,
            "table": table,
            "title": table.add_title if instance is None else table.edit_title,
            "adding": instance is None,
            "back_url": _list_url(submission, table, instance),
        }
    )
    return render(request, "submissions/row_form.html", context, status=status)


@login_required
def row_delete(request, pk, row: int, table: Table):
    """GET asks for confirmation; POST deletes."""
    submission = submission_for(request, pk, perm=CHANGE)
    instance = _row_or_404(submission, table, row)
    if request.method == "POST":
        table.delete(actor=request.user, **{table.noun: instance})
        messages.success(request, table.deleted % {"name": instance.name})
        return redirect(_list_url(submission, table))
    context = submission_context(request, submission, table.key)
    context.update(
        {
            "title": table.delete_title,
            "question": table.delete_question % {"name": instance.name},
            "back_url": _list_url(submission, table, instance),
        }
    )
    return render(request, "submissions/table_delete.html", context)


@login_required
@require_POST
def row_move(request, pk, row: int, table: Table):
    submission = submission_for(request, pk, perm=CHANGE)
    instance = _row_or_404(submission, table, row)
    direction = request.POST.get("direction")
    if direction not in tables.DIRECTIONS:
        return HttpResponseBadRequest(_("Move a row up or down."))
    table.move(direction=direction, actor=request.user, **{table.noun: instance})
    return redirect(_list_url(submission, table, instance))


@login_required
@require_POST
def variables_import(request, pk):
    submission = submission_for(request, pk, perm=CHANGE)
    form = VariablesImportForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            count = tables.variables_import(submission=submission, actor=request.user, file=form.cleaned_data["file"])
        except ValidationError as error:
            form_refuse(form, error, field="file")
        else:
            messages.success(
                request,
                ngettext(
                    "%(count)d variable imported, after the ones already listed.",
                    "%(count)d variables imported, after the ones already listed.",
                    count,
                )
                % {"count": count},
            )
            return redirect(_list_url(submission, VARIABLES))
    messages.error(request, _("Nothing was imported: the file has problems, listed below the file field."))
    return _table_page(request, submission, VARIABLES, import_form=form, status=400)


@login_required
def variables_export(request, pk, fmt):
    if fmt not in tables.FORMATS:
        raise Http404
    submission = submission_for(request, pk)
    return download_response(tables.variables_export(submission=submission, actor=request.user, fmt=fmt))


def variables_template(request, fmt):
    """Public: the empty MS-Var template with its header row and one example row."""
    if fmt not in tables.FORMATS:
        raise Http404
    return download_response(tables.variables_template(fmt=fmt))


urlpatterns = [
    path("pengajuan/templat-variabel/<str:fmt>/", variables_template, name="variables_template"),
    path("pengajuan/<int:pk>/variabel/", table_list, {"table": VARIABLES}, name="variables"),
    path("pengajuan/<int:pk>/variabel/tambah/", row_edit, {"table": VARIABLES}, name="variable_add"),
    path("pengajuan/<int:pk>/variabel/<int:row>/ubah/", row_edit, {"table": VARIABLES}, name="variable_edit"),
    path("pengajuan/<int:pk>/variabel/<int:row>/hapus/", row_delete, {"table": VARIABLES}, name="variable_delete"),
    path("pengajuan/<int:pk>/variabel/<int:row>/pindah/", row_move, {"table": VARIABLES}, name="variable_move"),
    path("pengajuan/<int:pk>/variabel/impor/", variables_import, name="variables_import"),
    path("pengajuan/<int:pk>/variabel/ekspor/<str:fmt>/", variables_export, name="variables_export"),
    path("pengajuan/<int:pk>/indikator/", table_list, {"table": INDICATORS}, name="indicators"),
    path("pengajuan/<int:pk>/indikator/tambah/", row_edit, {"table": INDICATORS}, name="indicator_add"),
    path("pengajuan/<int:pk>/indikator/<int:row>/ubah/", row_edit, {"table": INDICATORS}, name="indicator_edit"),
    path("pengajuan/<int:pk>/indikator/<int:row>/hapus/", row_delete, {"table": INDICATORS}, name="indicator_delete"),
    path("pengajuan/<int:pk>/indikator/<int:row>/pindah/", row_move, {"table": INDICATORS}, name="indicator_move"),
]

"""The MS-Var spreadsheets a person downloads: the empty template (with a sheet of instructions) and a
submission's variables, as CSV or XLSX with the BPS form's headers. Writing the cells (byte order mark, text
cells, no formula) is romantik.spreadsheets'."""

import io

from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils.text import slugify
from django.utils.translation import gettext as _

from classifications.selectors import classification_choices, classification_names
from romantik.spreadsheets import CONTENT_TYPES, FORMATS, Download, csv_bytes, xlsx_write_text

from .. import enums
from ..models import Submission, Variable
from .columns import EXAMPLE_ROW, VARIABLE_COLUMNS, VARIABLE_HEADERS, required_headers, yes_no

VIEW = "submissions.view_submission"


def variables_export(*, submission: Submission, actor, fmt: str) -> Download:
    """The variables in order, with the template's headers, as CSV (UTF-8 with BOM) or XLSX."""
    if not actor.has_perm(VIEW, submission):
        raise PermissionDenied
    names = classification_names()
    rows = [_variable_cells(v, names) for v in submission.variables.order_by("position", "pk")]
    stem = slugify(submission.title) or f"pengajuan-{submission.pk}"
    return _download(rows, fmt=fmt, filename=f"{stem}-variabel.{fmt}", sheet="MS-Var")


def variables_template(*, fmt: str) -> Download:
    """The empty template: the header row and one example row (XLSX: and a sheet of instructions)."""
    return _download([list(EXAMPLE_ROW)], fmt=fmt, filename=f"templat-ms-var.{fmt}", sheet="MS-Var", guide=True)


def _variable_cells(variable: Variable, names: dict[str, str]) -> list[str]:
    """A variable's cells; its standard classification by name ("KBLI 2020"), as the import reads it back."""
    cells = []
    for column in VARIABLE_COLUMNS:
        value = getattr(variable, column.field)
        if column.field == "standard_classification" and value:
            value = names.get(value, value)
        cells.append(yes_no(value) if column.field == "public" else str(value or ""))
    return cells


def _download(rows: list[list[str]], *, fmt: str, filename: str, sheet: str, guide: bool = False) -> Download:
    if fmt == "csv":
        content = csv_bytes([VARIABLE_HEADERS, *rows])
    elif fmt == "xlsx":
        content = _xlsx_bytes([VARIABLE_HEADERS, *rows], sheet=sheet, guide=guide)
    else:
        raise ValueError(f"fmt must be one of {FORMATS}, not {fmt!r}")
    return Download(content=content, content_type=CONTENT_TYPES[fmt], filename=filename)


def _xlsx_bytes(rows: list[list[str]], *, sheet: str, guide: bool) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    workbook = Workbook()
    worksheet = workbook.active
    worksheet.title = sheet
    xlsx_write_text(worksheet, rows)
    for cell in worksheet[1]:
        cell.font = Font(bold=True)
    worksheet.freeze_panes = "A2"
    for index in range(1, len(rows[0]) + 1):
        worksheet.column_dimensions[worksheet.cell(row=1, column=index).column_letter].width = 28
    if guide:
        instructions = workbook.create_sheet(_("Instructions"))
        xlsx_write_text(instructions, _guide_rows())
        for cell in instructions[1]:
            cell.font = Font(bold=True)
        for letter, width in (("A", 24), ("B", 18), ("C", 90)):
            instructions.column_dimensions[letter].width = width
        for row in instructions.iter_rows(min_row=2):
            row[2].alignment = Alignment(wrap_text=True, vertical="top")
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _guide_rows() -> list[list[str]]:
    """One line per column of the template: whether it is required and what to write."""
    required = set(required_headers(enums.Kind.FS3))
    fields = {f.name: f for f in Variable._meta.get_fields() if isinstance(f, models.Field)}
    rows = [[_("Column"), _("Required"), _("What to write")]]
    for column in VARIABLE_COLUMNS:
        field = fields[column.field]
        explanation = [str(field.help_text)] if field.help_text else []
        if column.field == "data_type":
            choices = "; ".join(f"{value} ({label})" for value, label in enums.DataType.choices)
            explanation.append(_("One of: %(choices)s.") % {"choices": choices})
        elif column.field == "public":
            explanation.append(_("Ya or Tidak; an empty cell means Ya."))
        elif column.field == "standard_classification":
            names = ", ".join(name for _code, name in classification_choices())
            explanation.append(_("One of: %(choices)s; or empty.") % {"choices": names})
        text = f"{field.verbose_name} – {' '.join(explanation)}"
        if column.field == "source":
            need = _("FP-KPA only")
        else:
            need = _("Yes") if column.header in required else _("No")
        rows.append([column.header, need, text])
    rows.append(["", "", _("Keep the header row, replace the example row with your own variables: one per row.")])
    return rows

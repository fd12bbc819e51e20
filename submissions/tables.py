"""MS-Var (variables) and MS-Ind (indicators): the two tables of a submission, and their writes.

Every write checks that the actor may change the submission, locks the submission row (so two
browser tabs cannot interleave) and keeps the positions of the rows 0..n-1 without gaps.
Variables also travel as spreadsheets (CSV or XLSX) with the Indonesian column headers of the
BPS form: the empty template, import (all rows or nothing) and export.
"""

import csv
import datetime
import io
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import PurePath
from typing import Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.forms import ModelForm
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, override

from . import enums
from .forms import IndicatorForm, VariableForm
from .models import Indicator, Submission, Variable
from .selectors import submission_locked

CHANGE = "submissions.change_submission"
VIEW = "submissions.view_submission"

MAX_IMPORT_BYTES = 2 * 1024 * 1024
MAX_IMPORT_ROWS = 2000
# Blank rows included: stops a sheet of endless empty rows.
MAX_SHEET_ROWS = 20 * MAX_IMPORT_ROWS
# More problems than this are summarised: the user fixes the file and tries again anyway.
MAX_LISTED_PROBLEMS = 50

Direction = Literal["up", "down"]
DIRECTIONS = ("up", "down")
FORMATS = ("csv", "xlsx")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@dataclass(frozen=True)
class Column:
    header: str  # fixed Indonesian header of the BPS form; never translated
    field: str


VARIABLE_COLUMNS: tuple[Column, ...] = (
    Column("Nama variabel", "name"),
    Column("Alias", "alias"),
    Column("Konsep", "concept"),
    Column("Definisi", "definition"),
    Column("Referensi pemilihan", "selection_reference"),
    Column("Referensi waktu", "time_reference"),
    Column("Tipe data", "data_type"),
    Column("Klasifikasi isian", "classification"),
    Column("Aturan validasi", "validation_rule"),
    Column("Kalimat pertanyaan", "question_text"),
    Column("Dapat diakses umum", "public"),
    Column("Sumber", "source"),  # FP-KPA only; ignored for the other forms
)
VARIABLE_HEADERS = [c.header for c in VARIABLE_COLUMNS]
HEADER_BY_FIELD = {c.field: c.header for c in VARIABLE_COLUMNS}

EXAMPLE_ROW = (
    "Umur kepala rumah tangga",
    "UMUR_KRT",
    "Lama hidup seseorang sejak lahir",
    "Umur kepala rumah tangga dalam tahun, dibulatkan ke bawah, pada ulang tahun terakhir",
    "Kepala rumah tangga",
    "Saat pencacahan",
    enums.DataType.NUMBER.value,
    "",
    "0–120",
    "Berapa umur Bapak/Ibu pada ulang tahun terakhir?",
    "Ya",
    "Register kependudukan",
)

YES = {"ya", "y", "yes", "true", "1", "benar"}
NO = {"tidak", "tdk", "no", "n", "false", "0", "salah"}
# Words people type for the data types besides the codes and the labels.
DATA_TYPE_WORDS = {
    "teks": enums.DataType.TEXT,
    "text": enums.DataType.TEXT,
    "string": enums.DataType.TEXT,
    "angka": enums.DataType.NUMBER,
    "number": enums.DataType.NUMBER,
    "numeric": enums.DataType.NUMBER,
    "date": enums.DataType.DATE,
    "ya/tidak": enums.DataType.BOOLEAN,
    "yes/no": enums.DataType.BOOLEAN,
}
# A cell starting with one of these is a formula to a spreadsheet program: CSV export quotes it
# with an apostrophe (so opening the file runs nothing) and import removes that apostrophe again.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Download:
    content: bytes
    content_type: str
    filename: str


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


def variables_export(*, submission: Submission, actor, fmt: str) -> Download:
    """The variables in order, with the template's headers, as CSV (UTF-8 with BOM) or XLSX."""
    _check(actor, VIEW, submission)
    rows = [_variable_cells(v) for v in submission.variables.order_by("position", "pk")]
    stem = slugify(submission.title) or f"pengajuan-{submission.pk}"
    return _download(rows, fmt=fmt, filename=f"{stem}-variabel.{fmt}", sheet="MS-Var")


def variables_template(*, fmt: str) -> Download:
    """The empty template: the header row and one example row (XLSX: and a sheet of instructions)."""
    return _download([list(EXAMPLE_ROW)], fmt=fmt, filename=f"templat-ms-var.{fmt}", sheet="MS-Var", guide=True)


def variables_import(*, submission: Submission, actor, file) -> int:
    """Append the rows of a CSV or XLSX file after the existing variables; returns how many.

    Every row is checked with VariableForm first. If the file or any row has a problem, nothing
    is imported and ValidationError lists the problems, rows numbered as in the spreadsheet."""
    _check(actor, CHANGE, submission)
    table = _read_table(file)
    columns = _import_columns(table[0][1] if table else [], kind=submission.kind)
    forms, problems = [], []
    for number, cells in table[1:]:
        values = {column.field: (cells[i] if i < len(cells) else "").strip() for i, column in columns.items()}
        if not any(values.values()):
            continue  # an empty line between rows
        if len(forms) >= MAX_IMPORT_ROWS:
            raise ValidationError(_too_many_rows())
        form, row_problems = _variable_row(number, values, kind=submission.kind)
        forms.append(form)
        problems.extend(row_problems)
    if not forms:
        raise ValidationError(_("The file has no variables below the header row."))
    if problems:
        shown = problems[:MAX_LISTED_PROBLEMS]
        if len(problems) > len(shown):
            rest = len(problems) - len(shown)
            shown.append(
                ngettext("… and %(count)d more problem.", "… and %(count)d more problems.", rest) % {"count": rest}
            )
        raise ValidationError(shown)
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


# --- spreadsheet cells ------------------------------------------------------------------------


def yes_no(value: bool) -> str:
    return "Ya" if value else "Tidak"


def _variable_cells(variable: Variable) -> list[str]:
    cells = []
    for column in VARIABLE_COLUMNS:
        value = getattr(variable, column.field)
        cells.append(yes_no(value) if column.field == "public" else str(value or ""))
    return cells


def _data_type_code(text: str) -> str | None:
    """'numerik', 'Numerik', 'Number', 'angka' … -> 'numerik'; None when not a data type."""
    key = text.strip().casefold()
    if key in DATA_TYPE_WORDS:
        return DATA_TYPE_WORDS[key].value
    for choice in enums.DataType:
        if key == choice.value:
            return choice.value
        for language in ("id", "en"):
            with override(language):
                if key == str(choice.label).casefold():
                    return choice.value
    return None


def _yes_no_value(text: str) -> bool | None:
    """Ya/Tidak, yes/no, 1/0 …; an empty cell means the default, Ya. None when unreadable."""
    key = text.strip().casefold()
    if not key or key in YES:
        return True
    if key in NO:
        return False
    return None


def _too_many_rows() -> str:
    return _("The file has more than %(max)d rows. Split it into several files.") % {"max": MAX_IMPORT_ROWS}


def _normalise(header) -> str:
    return " ".join(str(header or "").replace("*", " ").split()).casefold()


COLUMN_BY_KEY = {_normalise(c.header): c for c in VARIABLE_COLUMNS}


def required_headers(kind: str) -> list[str]:
    """The columns an import must have: those of the fields VariableForm requires for this form kind."""
    fields = VariableForm(kind=kind).fields
    return [c.header for c in VARIABLE_COLUMNS if c.field in fields and fields[c.field].required]


def _import_columns(header: list[str], *, kind: str) -> dict[int, Column]:
    """Column index -> column, from the header row; rejects unknown, repeated and missing columns."""
    columns: dict[int, Column] = {}
    unknown, repeated = [], []
    for index, text in enumerate(header):
        key = _normalise(text)
        if not key:
            continue
        column = COLUMN_BY_KEY.get(key)
        if column is None:
            unknown.append(str(text).strip())
        elif column in columns.values():
            repeated.append(column.header)
        else:
            columns[index] = column
    present = {c.header for c in columns.values()}
    missing = [h for h in required_headers(kind) if h not in present]
    problems = []
    if missing:
        problems.append(
            _("Required columns are missing: %(columns)s. Use the column headers of the template.")
            % {"columns": ", ".join(missing)}
        )
    if unknown:
        problems.append(
            _("Unknown columns: %(columns)s. Use the column headers of the template.") % {"columns": ", ".join(unknown)}
        )
    if repeated:
        problems.append(_("These columns appear more than once: %(columns)s.") % {"columns": ", ".join(repeated)})
    if problems:
        raise ValidationError(problems)
    return columns


def _variable_row(number: int, values: dict[str, str], *, kind: str) -> tuple[VariableForm, list[str]]:
    """The form for one spreadsheet row, and its problems as 'Row 4: Definisi: …'."""
    data = dict(values)
    own: dict[str, str] = {}  # clearer messages than the form's for values typed in a spreadsheet
    if "data_type" in values:
        code = _data_type_code(values["data_type"])
        if values["data_type"] and code is None:
            own["data_type"] = _("“%(value)s” is not a data type: write one of %(choices)s.") % {
                "value": values["data_type"],
                "choices": ", ".join(enums.DataType.values),
            }
        data["data_type"] = code or ""
    public = _yes_no_value(values.get("public", ""))
    if public is None:
        own["public"] = _("“%(value)s” is not Ya or Tidak.") % {"value": values["public"]}
    data["public"] = bool(public)
    form = VariableForm(data=data, kind=kind)
    form.is_valid()
    problems = []
    for field in form.fields:
        messages = [own[field]] if field in own else form.errors.get(field, [])
        problems.extend(
            _("Row %(row)d: %(column)s: %(message)s")
            % {"row": number, "column": HEADER_BY_FIELD[field], "message": message}
            for message in messages
        )
    problems.extend(_("Row %(row)d: %(message)s") % {"row": number, "message": m} for m in form.non_field_errors())
    return form, problems


# --- reading and writing files ------------------------------------------------------------------

SheetRows = list[tuple[int, list[str]]]  # (row number as in the spreadsheet, cells); the first is the header


def _read_table(file) -> SheetRows:
    size = getattr(file, "size", None)
    limit_message = _("The file is larger than 2 MB. Split it into several files.")
    if size is not None and size > MAX_IMPORT_BYTES:
        raise ValidationError(limit_message)
    content = file.read(MAX_IMPORT_BYTES + 1)
    if len(content) > MAX_IMPORT_BYTES:
        raise ValidationError(limit_message)
    suffix = PurePath(getattr(file, "name", "") or "").suffix.casefold()
    if suffix == ".xls" or content.startswith(b"\xd0\xcf\x11\xe0"):
        raise ValidationError(_("Old Excel files (.xls) cannot be read: save the file as XLSX or CSV."))
    if suffix not in ("", ".csv", ".txt", ".xlsx", ".xlsm"):
        raise ValidationError(_("Choose a CSV or XLSX file."))
    if content.startswith(b"PK\x03\x04"):
        return _xlsx_table(content)
    if suffix in (".xlsx", ".xlsm"):
        raise ValidationError(_("The file could not be read as an XLSX workbook."))
    return _csv_table(content)


def _csv_table(content: bytes) -> SheetRows:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError(
            _("The file is not UTF-8 text. In Excel, save it as “CSV UTF-8”, or upload it as XLSX.")
        ) from None
    if "\x00" in text:
        raise ValidationError(_("Choose a CSV or XLSX file."))
    first_line = text.lstrip("\r\n").split("\n", 1)[0]
    try:
        delimiter = csv.Sniffer().sniff(first_line, delimiters=",;\t").delimiter
    except csv.Error:
        delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    try:
        records = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error:
        raise ValidationError(_("The CSV file could not be read: check its quotes and separators.")) from None
    return [(number, [_unquote_formula(c) for c in cells]) for number, cells in enumerate(records, start=1)]


def _unquote_formula(cell: str) -> str:
    if cell.startswith("'") and cell[1:2] and cell[1] in FORMULA_STARTS:
        return cell[1:]
    return cell


def _xlsx_table(content: bytes) -> SheetRows:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a broken or foreign zip file
        raise ValidationError(_("The file could not be read as an XLSX workbook.")) from None
    try:
        sheet = workbook["MS-Var"] if "MS-Var" in workbook.sheetnames else workbook.worksheets[0]
        header = next(sheet.iter_rows(min_row=1, max_row=1, max_col=64, values_only=True), ())
        header = [_cell_text(v) for v in header]
        while header and not header[-1]:
            header.pop()
        table: SheetRows = [(1, header)]
        if header:
            for number, cells in enumerate(sheet.iter_rows(min_row=2, max_col=len(header), values_only=True), start=2):
                texts = [_cell_text(v) for v in cells]
                if any(texts):
                    table.append((number, texts))
                if len(table) > MAX_IMPORT_ROWS + 1 or number > MAX_SHEET_ROWS:
                    raise ValidationError(_too_many_rows())
    except ValidationError:
        raise
    except Exception:
        raise ValidationError(_("The file could not be read as an XLSX workbook.")) from None
    finally:
        workbook.close()
    return table


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return yes_no(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat(sep=" ")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value).strip()


def _download(rows: list[list[str]], *, fmt: str, filename: str, sheet: str, guide: bool = False) -> Download:
    if fmt == "csv":
        content = _csv_bytes([VARIABLE_HEADERS, *rows])
    elif fmt == "xlsx":
        content = _xlsx_bytes([VARIABLE_HEADERS, *rows], sheet=sheet, guide=guide)
    else:
        raise ValueError(f"fmt must be one of {FORMATS}, not {fmt!r}")
    return Download(content=content, content_type=CONTENT_TYPES[fmt], filename=filename)


def _csv_bytes(rows: Iterable[list[str]]) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    for row in rows:
        writer.writerow([f"'{c}" if c.startswith(FORMULA_STARTS) else c for c in row])
    # The byte order mark tells Excel the file is UTF-8.
    return out.getvalue().encode("utf-8-sig")


def _xlsx_bytes(rows: list[list[str]], *, sheet: str, guide: bool) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    workbook = Workbook()
    worksheet = workbook.active
    worksheet.title = sheet
    _xlsx_write(worksheet, rows)
    for cell in worksheet[1]:
        cell.font = Font(bold=True)
    worksheet.freeze_panes = "A2"
    for index in range(1, len(rows[0]) + 1):
        worksheet.column_dimensions[worksheet.cell(row=1, column=index).column_letter].width = 28
    if guide:
        instructions = workbook.create_sheet(_("Instructions"))
        _xlsx_write(instructions, _guide_rows())
        for cell in instructions[1]:
            cell.font = Font(bold=True)
        for letter, width in (("A", 24), ("B", 18), ("C", 90)):
            instructions.column_dimensions[letter].width = width
        for row in instructions.iter_rows(min_row=2):
            row[2].alignment = Alignment(wrap_text=True, vertical="top")
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _xlsx_write(worksheet, rows: list[list[str]]) -> None:
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row, start=1):
            cell = worksheet.cell(row=r, column=c)
            cell.value = ILLEGAL_CHARACTERS_RE.sub("", value)
            cell.data_type = "s"  # always text: a value starting with "=" is never run as a formula


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
        text = f"{field.verbose_name} – {' '.join(explanation)}"
        if column.field == "source":
            need = _("FP-KPA only")
        else:
            need = _("Yes") if column.header in required else _("No")
        rows.append([column.header, need, text])
    rows.append(["", "", _("Keep the header row, replace the example row with your own variables: one per row.")])
    return rows

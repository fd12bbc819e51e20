"""Reading an uploaded MS-Var spreadsheet (CSV or XLSX) into checked variable forms, all rows or nothing.

The upload is bounded before anything unpacks it (size, rows, columns; an XLSX by romantik.uploads.zip_check),
every row is checked with VariableForm, and the problems are listed with the rows numbered as in the
spreadsheet. Writing the rows is rows.variables_import's.
"""

import csv
import datetime
import io
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, override

from classifications.selectors import classification_choices, classification_code
from romantik.spreadsheets import FORMULA_STARTS
from romantik.uploads import MB, ArchiveLimits, zip_check

from .. import enums
from ..forms import VariableForm
from .columns import HEADER_BY_FIELD, VARIABLE_COLUMNS, Column, required_headers, yes_no

MAX_IMPORT_BYTES = 2 * 1024 * 1024
MAX_IMPORT_ROWS = 2000
# Blank rows included: stops a sheet of endless empty rows.
MAX_SHEET_ROWS = 20 * MAX_IMPORT_ROWS
# Columns read from a sheet, the header's included.
MAX_COLUMNS = 64
# More problems than this are summarised: the user fixes the file and tries again anyway.
MAX_LISTED_PROBLEMS = 50
# What an XLSX may unpack to, checked (romantik.uploads.zip_check) before openpyxl opens it: openpyxl reads
# the shared strings (every text of the workbook) whole even in read-only mode, so without these a 2 MB
# workbook of repeated text unpacks to gigabytes. Measured: 2000 rows of 12 columns of ordinary text make a
# 0.4 MB workbook of 6 parts unpacking to 3.6 MB (sheet 0.9 MB, shared strings 2.7 MB, each about 100,000
# "<" and compressed 8-10 times); 40,000 rows of styled blank cells (MAX_SHEET_ROWS) make a 12 MB sheet
# with 560,000 "<", compressed 13 times. openpyxl spends about 3.5 µs per "<" of a sheet, 15-20 µs per
# shared string and about 50 µs per run of formatted text, so the markup limits keep a hostile workbook's
# reading to a few seconds, as the sizes keep its memory to tens of MB.
XLSX_LIMITS = ArchiveLimits(
    max_members=500,  # a workbook of a few sheets has 10-30 parts
    max_total_bytes=50 * MB,  # 2 MB of plain text deflated 4-8 times is at most 16 MB: 3 times that
    max_member_bytes=32 * MB,  # twice the largest part of such a file (its shared strings or its sheet)
    max_ratio=100,  # 8 times the most compressible part measured (13:1); deflate's own limit is about 1030:1
    ratio_floor=MB,
    max_markup=800_000,  # the 40,000 styled blank rows, and 2000 rows of text besides
    # Shared strings (si): 2.5 times the texts of 2000 rows of 12 columns. Runs of formatted text (r): formatting
    # within a cell is rare in a list of variables.
    max_elements={"si": 60_000, "r": 10_000},
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


def variable_forms(file, *, kind: str) -> list[VariableForm]:
    """The rows of a CSV or XLSX file as valid VariableForms (unsaved), in order.

    If the file or any row has a problem, ValidationError lists the problems, rows numbered as in the
    spreadsheet."""
    table = _read_table(file)
    columns = _import_columns(table[0][1] if table else [], kind=kind)
    forms, problems = [], []
    for number, cells in table[1:]:
        values = {column.field: (cells[i] if i < len(cells) else "").strip() for i, column in columns.items()}
        if not any(values.values()):
            continue  # an empty line between rows
        if len(forms) >= MAX_IMPORT_ROWS:
            raise ValidationError(_too_many_rows())
        form, row_problems = _variable_row(number, values, kind=kind)
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
    return forms


# --- cells and rows ---------------------------------------------------------------------------------


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
    if "standard_classification" in values:
        code = classification_code(values["standard_classification"])
        if code is None:
            own["standard_classification"] = _(
                "“%(value)s” is not a standard classification shipped with the portal: write one of %(choices)s, "
                "or leave the cell empty."
            ) % {
                "value": values["standard_classification"],
                "choices": ", ".join(n for _c, n in classification_choices()),
            }
        data["standard_classification"] = code or ""
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


# --- reading the file -----------------------------------------------------------------------------------

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
    """The export's apostrophe before a formula-like cell (romantik.spreadsheets.neutralise) is removed again."""
    if cell.startswith("'") and cell[1:2] and cell[1] in FORMULA_STARTS:
        return cell[1:]
    return cell


def _xlsx_table(content: bytes) -> SheetRows:
    from openpyxl import load_workbook

    try:
        zip_check(content, XLSX_LIMITS)  # before openpyxl unpacks anything
    except ValidationError as error:
        if error.code == "not_a_zip":
            raise ValidationError(_("The file could not be read as an XLSX workbook.")) from None
        raise
    try:
        # Not data_only: a formula cell is read as its formula (data type "f") and refused below, rather than
        # taken silently as the value Excel last computed, or as nothing when no program ever computed it.
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=False)
    except Exception:  # openpyxl raises many kinds for a broken or foreign zip file
        raise ValidationError(_("The file could not be read as an XLSX workbook.")) from None
    formulas: list[str] = []
    try:
        sheet = workbook["MS-Var"] if "MS-Var" in workbook.sheetnames else workbook.worksheets[0]
        # One pass over the sheet: openpyxl parses every cell of a row it yields, however few columns are asked.
        rows = sheet.iter_rows(min_row=1, max_col=MAX_COLUMNS)
        header_cells = list(next(rows, ()))
        header = [_cell_text(c.value) for c in header_cells]
        while header and not header[-1]:
            header.pop()
        formulas.extend(_formula_problems(1, header_cells[: len(header)], header))
        table: SheetRows = [(1, header)]
        if header:
            for number, row in enumerate(rows, start=2):
                cells = row[: len(header)]
                texts = [_cell_text(c.value) for c in cells]
                if any(texts):
                    table.append((number, texts))
                    formulas.extend(_formula_problems(number, cells, header))
                if len(table) > MAX_IMPORT_ROWS + 1 or number > MAX_SHEET_ROWS:
                    raise ValidationError(_too_many_rows())
    except ValidationError:
        raise
    except Exception:
        raise ValidationError(_("The file could not be read as an XLSX workbook.")) from None
    finally:
        workbook.close()
    if formulas:
        shown = formulas[:MAX_LISTED_PROBLEMS]
        if len(formulas) > len(shown):
            rest = len(formulas) - len(shown)
            shown.append(
                ngettext("… and %(count)d more formula.", "… and %(count)d more formulas.", rest) % {"count": rest}
            )
        raise ValidationError(shown)
    return table


def _formula_problems(number: int, cells, header: list[str]) -> list[str]:
    """'Row 4, column C (Definisi): formulas are not supported …' for each formula cell of a row."""
    from openpyxl.utils import get_column_letter

    problems = []
    for index, cell in enumerate(cells):
        if getattr(cell, "data_type", None) != "f":
            continue
        column = get_column_letter(index + 1)
        if header[index]:
            column = f"{column} ({header[index]})"
        problems.append(
            _(
                "Row %(row)d, column %(column)s: formulas are not supported. Copy the cells and paste them as "
                "values (Paste Special → Values), then upload the file again."
            )
            % {"row": number, "column": column}
        )
    return problems


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

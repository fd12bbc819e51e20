"""MS-Var (variables) and MS-Ind (indicators): the two tables of a submission.

- rows.py: every write of a row (add, change, delete, move; append an uploaded spreadsheet's variables), with the
  permission check and the submission's row lock;
- parsing.py: reading an uploaded CSV or XLSX into checked variable forms (limits, zip-bomb check, row problems);
- exports.py: the template and the export people download (CSV or XLSX);
- reuse.py: a recommended activity's variable copied into the add form (the catalogue registers which);
- columns.py: the spreadsheet's columns (the BPS form's Indonesian headers), shared by parsing and exports.

The names below are the tables' public interface, for the pages (submissions/views/tables.py) and the API.
"""

from romantik.spreadsheets import FORMATS, Download

from .columns import VARIABLE_HEADERS, required_headers
from .exports import variables_export, variables_template
from .parsing import MAX_IMPORT_ROWS
from .reuse import variable_copy_initial, variable_copy_register
from .rows import (
    CHANGE,
    DIRECTIONS,
    indicator_delete,
    indicator_move,
    indicator_save,
    variable_delete,
    variable_move,
    variable_save,
    variables_import,
)

__all__ = [
    "CHANGE",
    "DIRECTIONS",
    "FORMATS",
    "MAX_IMPORT_ROWS",
    "VARIABLE_HEADERS",
    "Download",
    "indicator_delete",
    "indicator_move",
    "indicator_save",
    "required_headers",
    "variable_copy_initial",
    "variable_copy_register",
    "variable_delete",
    "variable_move",
    "variable_save",
    "variables_export",
    "variables_import",
    "variables_template",
]

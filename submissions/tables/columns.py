"""The columns of the MS-Var spreadsheet (the BPS form's Indonesian headers), shared by reading an upload
(parsing.py) and writing the template and the export (exports.py)."""

from dataclasses import dataclass

from .. import enums
from ..forms import VariableForm


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
    # Issue 22: a shipped standard classification's name or code, or empty. Last, so the columns of the files made
    # before it keep their places.
    Column("Klasifikasi baku", "standard_classification"),
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
    "",
)


def yes_no(value: bool) -> str:
    """A yes/no cell in the spreadsheet's own words (Indonesian whatever the page's language)."""
    return "Ya" if value else "Tidak"


def required_headers(kind: str) -> list[str]:
    """The columns an import must have: those of the fields VariableForm requires for this form kind."""
    fields = VariableForm(kind=kind).fields
    return [c.header for c in VARIABLE_COLUMNS if c.field in fields and fields[c.field].required]

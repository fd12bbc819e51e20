"""Writing spreadsheets people open in Excel or LibreOffice, for every app's downloads (the variable table, the
IKM report, the public catalogue): CSV in UTF-8 with a byte order mark, XLSX as text cells, and never a cell
that a spreadsheet program would run as a formula. (Reading an uploaded XLSX is bounded first:
romantik/uploads.py.)"""

import csv
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
FORMATS = tuple(CONTENT_TYPES)
# A cell starting with one of these is a formula to a spreadsheet program: exports quote it with an apostrophe
# (so opening the file runs nothing), and the variable import removes that apostrophe again.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# The byte order mark that tells Excel a CSV file is UTF-8 (without it, "Kalimantan Selatan – Dinas Perikanan"
# shows its dash and accents as mojibake).
BOM = "\ufeff"


@dataclass(frozen=True)
class Download:
    content: bytes
    content_type: str
    filename: str


def neutralise(value) -> str:
    """A cell as text that no spreadsheet runs: a leading apostrophe before what would start a formula."""
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def csv_bytes(rows: Iterable[list]) -> bytes:
    """Rows as CSV (CRLF lines); text cells neutralised, numbers left as numbers."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    for row in rows:
        writer.writerow([neutralise(c) if isinstance(c, str) else c for c in row])
    # The byte order mark tells Excel the file is UTF-8.
    return out.getvalue().encode("utf-8-sig")


def csv_lines(rows: Iterable[list]) -> Iterator[str]:
    """Rows as CSV lines for a streamed download (encode as UTF-8): the byte order mark first, as `csv_bytes`
    writes it, then one line (CRLF) per row, text cells neutralised."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    yield BOM
    for row in rows:
        writer.writerow([neutralise(c) if isinstance(c, str) else c for c in row])
        yield out.getvalue()
        out.seek(0)
        out.truncate()


def xlsx_text(value: str) -> str:
    """Text an XLSX cell can hold: the control characters the format forbids are left out."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    return ILLEGAL_CHARACTERS_RE.sub("", value)


def xlsx_bytes(rows: Iterable[list], sheet: str) -> bytes:
    """Rows as a one-sheet XLSX: text cells neutralised and stripped of what the format forbids, numbers left as
    numbers (write-only: the rows are streamed into the file, not held as cells)."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    worksheet = workbook.create_sheet(sheet)
    for row in rows:
        worksheet.append([xlsx_text(neutralise(c)) if isinstance(c, str) else c for c in row])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def download_response(download: Download):
    """The HTTP answer that saves `download` as a file (an RFC 6266 name, also for a name beyond ASCII)."""
    from django.http import HttpResponse
    from django.utils.http import content_disposition_header

    response = HttpResponse(download.content, content_type=download.content_type)
    response["Content-Disposition"] = content_disposition_header(True, download.filename)
    return response


def xlsx_write_text(worksheet, rows: list[list[str]]) -> None:
    """Rows into a worksheet as text cells: a value starting with "=" is never run as a formula."""
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row, start=1):
            cell = worksheet.cell(row=r, column=c)
            cell.value = xlsx_text(value)
            cell.data_type = "s"

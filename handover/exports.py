"""The office's hand-over compliance list as CSV and XLSX (romantik.spreadsheets: text never run as a formula)."""

import io

from django.utils.translation import gettext as _

from romantik.spreadsheets import CONTENT_TYPES, Download, csv_bytes, xlsx_write_text


def _table(rows: list[dict]) -> list[list[str]]:
    header = [_("Agency"), _("Number"), _("Activity"), _("Period"), _("Due date"), _("Status"), _("Handed over"),
              _("Received")]  # fmt: skip
    body = [
        [
            row["agency"],
            row["number"],
            row["title"],
            row["period"],
            row["due_date"].isoformat(),
            str(row["status_label"]),
            row["submitted_at"].date().isoformat() if row["submitted_at"] else "",
            row["received_at"].date().isoformat() if row["received_at"] else "",
        ]
        for row in rows
    ]
    return [header, *body]


def compliance_file(rows: list[dict], *, fmt: str, code: str) -> Download:
    table = _table(rows)
    filename = f"serah-hasil-{code}.{fmt}"
    if fmt == "csv":
        return Download(csv_bytes(table), CONTENT_TYPES["csv"], filename)
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Serah hasil"
    xlsx_write_text(sheet, table)
    out = io.BytesIO()
    book.save(out)
    return Download(out.getvalue(), CONTENT_TYPES["xlsx"], filename)

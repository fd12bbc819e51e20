"""The index report as CSV and XLSX: the same figures as the page (two decimals, rounded half up).
The XLSX adds a sheet with the period's comments, written as text so that a comment starting with "="
is never run as a formula; the CSV carries figures only."""

import io

from django.utils.translation import gettext as _

from romantik.spreadsheets import CONTENT_TYPES, Download, csv_bytes, neutralise, xlsx_text

from .selectors import OfficeIkm


def period_label(period) -> str:
    if period.quarter is None:
        return str(period.year)
    return _("Quarter %(q)d %(year)d") % {"q": period.quarter, "year": period.year}


def _summary_rows(office, figures: OfficeIkm) -> list[list]:
    """Label/value rows, then one row per element; numbers as Decimals (two places)."""
    result = figures.result
    rows = [
        [_("Office"), f"{office.code} {office.name}"],
        [_("Period"), period_label(figures.period)],
        [_("Respondents"), figures.respondents],
        [],
        [_("Element"), _("Name"), _("NRR"), _("NRR × 25"), _("Quality")],
    ]
    if result is not None:
        for element in result.elements:
            rows.append(
                [
                    element.element.code,
                    str(element.element.name),
                    element.nrr_shown,
                    element.converted_shown,
                    element.quality.value,
                ]
            )
        rows += [
            [],
            [_("IKM"), result.ikm_shown],
            [_("Quality of service"), f"{result.quality.value} {result.quality.label}"],
        ]
    rows += [[], [_("Quarter"), _("Respondents"), _("IKM"), _("Quality")]]
    for quarter in figures.quarters:
        r = quarter.result
        rows.append(
            [quarter.quarter, r.respondents if r else 0, r.ikm_shown if r else "", r.quality.value if r else ""]
        )
    return rows


def _filename(office, figures: OfficeIkm, fmt: str) -> str:
    return f"ikm-{office.code}-{figures.period.slug}.{fmt}"


def ikm_csv(office, figures: OfficeIkm) -> Download:
    return Download(csv_bytes(_summary_rows(office, figures)), CONTENT_TYPES["csv"], _filename(office, figures, "csv"))


def ikm_xlsx(office, figures: OfficeIkm, comments) -> Download:
    """`comments`: (answered_on, source label, comment) of the period."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "IKM"
    for row in _summary_rows(office, figures):
        sheet.append([xlsx_text(c) if isinstance(c, str) else c for c in row])
    for cells in sheet.iter_rows():
        for cell in cells:
            if cell.data_type == "n" and cell.value is not None and not isinstance(cell.value, int):
                cell.number_format = "0.00"
            elif isinstance(cell.value, str):
                cell.data_type = "s"  # labels and names are text, never formulas
    sheet.column_dimensions["A"].width = 22
    sheet.column_dimensions["B"].width = 48
    for column in "CDE":
        sheet.column_dimensions[column].width = 12

    notes = workbook.create_sheet(_("Comments"))
    notes.append([_("Date"), _("Source"), _("Comment")])
    for cell in notes[1]:
        cell.font = Font(bold=True)
    for answered_on, source, comment in comments:
        notes.append([answered_on, str(source), xlsx_text(neutralise(comment))])
        notes.cell(row=notes.max_row, column=1).number_format = "yyyy-mm-dd"
        notes.cell(row=notes.max_row, column=3).data_type = "s"
    notes.column_dimensions["A"].width = 12
    notes.column_dimensions["B"].width = 24
    notes.column_dimensions["C"].width = 90

    out = io.BytesIO()
    workbook.save(out)
    return Download(out.getvalue(), CONTENT_TYPES["xlsx"], _filename(office, figures, "xlsx"))

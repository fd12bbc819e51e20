"""The supervision table as CSV and XLSX (romantik.spreadsheets: text never run as a formula): the same columns
as the page, rates as percentages with one decimal, IKM with two."""


from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from romantik.spreadsheets import CONTENT_TYPES, Download, csv_bytes, xlsx_bytes
from submissions.states import State

from .selectors import OPEN_STATE_ORDER, Table, Tally


def _percent(value):
    return None if value is None else round(100 * value, 1)


def _round(value, places=1):
    return None if value is None else round(value, places)


def header() -> list[str]:
    return [
        _("Office code"),
        _("Office"),
        *(str(State(s).label) for s in OPEN_STATE_ORDER),
        pgettext("open work", "Open"),
        _("Overdue"),
        _("Decided"),
        _("On time (%)"),
        _("Median days to decision"),
        _("Mean revision rounds"),
        _("IKM"),
        _("IKM category"),
        _("Respondents"),
        _("Complaints open"),
        _("Complaints overdue"),
        _("Withdrawn (%)"),
        _("Closed, no revision (%)"),
        _("Not feasible (%)"),
        _("Hand-overs due"),
        _("Hand-overs handed over"),
        _("Hand-overs overdue"),
    ]


def cells(tally: Tally) -> list:
    ikm = tally.ikm
    return [
        *(tally.open_by_state.get(s, 0) for s in OPEN_STATE_ORDER),
        tally.open_total,
        tally.overdue,
        tally.decided,
        _percent(tally.on_time_rate),
        _round(tally.median_days),
        _round(tally.mean_revisions, 2),
        ikm.ikm_shown if ikm else None,
        f"{ikm.quality.value} {ikm.quality.label}" if ikm else "",
        tally.respondents,
        tally.complaints_open,
        tally.complaints_overdue,
        _percent(tally.withdrawn_share),
        _percent(tally.closed_share),
        _percent(tally.not_feasible_share),
        tally.handovers_due,
        tally.handovers_done,
        tally.handovers_overdue,
    ]


def table_rows(table: Table) -> list[list]:
    rows = [header()]
    rows += [[row.office.code, row.office.name, *cells(row.tally)] for row in table.rows]
    rows.append(["", _("Total"), *cells(table.total)])
    return rows


def _filename(table: Table, fmt: str) -> str:
    return f"pengawasan-{table.period.slug}.{fmt}"


def table_csv(table: Table) -> Download:
    return Download(csv_bytes(table_rows(table)), CONTENT_TYPES["csv"], _filename(table, "csv"))


def table_xlsx(table: Table) -> Download:
    return Download(xlsx_bytes(table_rows(table), table.period.slug), CONTENT_TYPES["xlsx"], _filename(table, "xlsx"))


# --- respondent burden (issue 22) ----------------------------------------------------------------------------


def burden_header() -> list[str]:
    return [
        _("Totalled by"),
        _("Code"),
        _("Name"),
        _("Activities"),
        _("With respondents stated"),
        _("Minutes confirmed by the agency"),
        _("Respondents"),
        _("Burden (hours)"),
        _("Estimated cost (Rp)"),
        _("Cost uses an unverified minimum wage"),
    ]


def burden_rows(totals: dict) -> list[list]:
    dimensions = {"year": _("Year"), "province": _("Province"), "agency": _("Agency")}
    rows = [burden_header()]
    for dimension, label in dimensions.items():
        for row in totals[dimension]:
            rows.append(
                [
                    label,
                    row.key,
                    row.label,
                    row.activities,
                    row.counted,
                    row.confirmed,
                    row.respondents if row.counted else None,
                    _round(row.hours),
                    int(row.cost) if row.cost is not None else None,
                    _("Yes") if row.estimated else _("No"),
                ]
            )
    return rows


def burden_csv(totals: dict, slug) -> Download:
    return Download(csv_bytes(burden_rows(totals)), CONTENT_TYPES["csv"], f"beban-responden-{slug}.csv")


def burden_xlsx(totals: dict, slug) -> Download:
    return Download(xlsx_bytes(burden_rows(totals), str(slug)), CONTENT_TYPES["xlsx"], f"beban-responden-{slug}.xlsx")

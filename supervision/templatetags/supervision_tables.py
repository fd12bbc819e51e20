"""The rows of the supervision tables, written in Python: BPS RI's table has a row for each of the 553 offices with
twenty cells, which through the template engine would be most of the page's time (docs/PERFORMANCE.md). Each value
is worked out once per cell, every text escaped; numbers use the language's decimal separator. The table of many
offices is built once per refresh of the figures and kept (supervision.kept); the page puts its query string into
the kept rows (`kept_rows`)."""

from html import escape as _escape

from django import template
from django.urls import reverse
from django.utils.formats import get_format
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from ..selectors import OPEN_STATE_ORDER, Tally

register = template.Library()


def escape(text) -> str:
    """`django.utils.html.escape` without its lazy-string wrapper (thousands of calls on BPS RI's page)."""
    return _escape(str(text), quote=True)


DASH = "—"


class _Numbers:
    """Formats of one render: the decimal separator read once."""

    def __init__(self):
        self.separator = get_format("DECIMAL_SEPARATOR")

    def fixed(self, value, places=1) -> str:
        return DASH if value is None else f"{value:.{places}f}".replace(".", self.separator)

    def percent(self, value) -> str:
        return DASH if value is None else self.fixed(100 * value) + "%"


def _period_cells(tally: Tally, numbers: _Numbers) -> list[str]:
    """Decided, on time, median days, mean revision rounds, IKM; withdrawn, closed and not feasible shares."""
    ikm = tally.ikm
    if ikm:
        quality = ikm.quality
        ikm_cell = (
            f'{numbers.fixed(ikm.ikm_shown, 2)} <span class="badge text-bg-light border" '
            f'title="{escape(quality.label)}">{quality.value}</span>'
        )
    else:
        ikm_cell = DASH
    return [
        f'<td class="text-end">{tally.decided}</td>'
        f'<td class="text-end">{numbers.percent(tally.on_time_rate)}</td>'
        f'<td class="text-end">{numbers.fixed(tally.median_days)}</td>'
        f'<td class="text-end">{numbers.fixed(tally.mean_revisions, 2)}</td>'
        f'<td class="text-end text-nowrap">{ikm_cell}</td>',
        f'<td class="text-end">{numbers.percent(tally.withdrawn_share)}</td>'
        f'<td class="text-end">{numbers.percent(tally.closed_share)}</td>'
        f'<td class="text-end">{numbers.percent(tally.not_feasible_share)}</td>',
    ]


def _cells(tally: Tally, numbers: _Numbers) -> str:
    """Every figure, in the order of supervision/_table_head.html."""
    counts = "".join(f'<td class="text-end">{tally.open_by_state.get(s, 0)}</td>' for s in OPEN_STATE_ORDER)
    overdue_class = " text-danger fw-semibold" if tally.overdue else ""
    complaints_class = " text-danger fw-semibold" if tally.complaints_overdue else ""
    handovers_class = " text-danger fw-semibold" if tally.handovers_overdue else ""
    decisions, shares = _period_cells(tally, numbers)
    return (
        f'{counts}<td class="text-end fw-semibold">{tally.open_total}</td>'
        f'<td class="text-end{overdue_class}">{tally.overdue}</td>'
        f"{decisions}"
        f'<td class="text-end">{tally.complaints_open}</td>'
        f'<td class="text-end{complaints_class}">{tally.complaints_overdue}</td>'
        f"{shares}"
        f'<td class="text-end">{tally.handovers_due}</td>'
        f'<td class="text-end">{tally.handovers_done} <span class="text-body-secondary">'
        f"({numbers.percent(tally.handover_share)})</span></td>"
        f'<td class="text-end{handovers_class}">{tally.handovers_overdue}</td>'
    )


# Where the page's query string goes in the rows' links when the rows are kept for any query (supervision.kept).
QUERY_PLACEHOLDER = "\x00query\x00"


def office_rows(table, suffix: str) -> str:
    """One <tr> per office of the table: its code and name (a link to its months, `suffix` after it: the page's
    query, escaped), then its figures."""
    numbers = _Numbers()
    pattern = reverse("supervision:office", kwargs={"code": "CODE"}).replace("CODE", "{}")
    own = escape(gettext("your office"))
    out = []
    for row in table.rows:
        office = row.office
        badge = f' <span class="badge text-bg-primary">{own}</span>' if row.own else ""
        out.append(
            f'<tr data-office="{escape(office.code)}"><th scope="row" class="fw-normal text-nowrap">'
            f'<a href="{pattern.format(escape(office.code))}{suffix}">{escape(office.code)}</a></th>'
            f"<td>{escape(office.name)}{badge}</td>{_cells(row.tally, numbers)}</tr>"
        )
    return "".join(out)


@register.filter
def kept_rows(table, query: str = ""):
    """The rows of a kept table (`supervision.kept.KeptTable`), their links carrying the page's `query`."""
    return table.rows_html(query)


@register.simple_tag
def supervision_cells(tally) -> str:
    """The figure cells of one tally (a total, or a month of an office)."""
    return mark_safe(_cells(tally, _Numbers()))


@register.simple_tag
def period_cells(tally) -> str:
    """The figures of a period only (a month of one office): decisions, survey, shares."""
    return mark_safe("".join(_period_cells(tally, _Numbers())))


@register.simple_tag
def public_rows(rows) -> str:
    """The public page's rows: code, office, decisions, on-time rate, respondents, IKM and its category."""
    numbers = _Numbers()
    out = []
    for row in rows:
        out.append(
            f'<tr><td>{escape(row.code)}</td><td>{escape(row.name)}</td><td class="text-end">{row.decided}</td>'
            f'<td class="text-end">{numbers.percent(row.on_time_rate)}</td>'
            f'<td class="text-end">{row.respondents}</td>'
            f'<td class="text-end">{numbers.fixed(row.ikm, 2)}</td>'
            f'<td class="text-center">{row.quality or DASH}</td></tr>'
        )
    return mark_safe("".join(out))


@register.filter
def percent(value) -> str:
    """A 0–1 share as a percentage with one decimal ("—" for none)."""
    return _Numbers().percent(value)

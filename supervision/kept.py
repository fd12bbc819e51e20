"""The supervision table of a set of offices for a period, rendered once per refresh of the figures and kept in the
shared cache (issue 18, docs/PERFORMANCE.md).

Every figure of the table is stored (`OfficeMonth` hourly, `OfficeNow` every five minutes: services.py), so the
chart and the 553 rows of BPS RI's year are the same HTML until the next refresh; building them (the figures'
sums, the chart, the rows) was most of the page's time. The key names everything the kept HTML shows:

* the figures' stamp (`selectors.figures_stamp`), renewed by every refresh after it commits: a refresh makes every
  kept table unreachable, nothing is deleted (entries expire);
* the survey's last answer (answers are only ever added: `satisfaction.services`), since the IKM is summed from the
  answers at each build;
* the language (labels, decimal separator) and the period;
* a digest of the office set exactly as the permission check gave it (each office's pk, code, name, level, parent,
  unit, and whether it is one of the reader's own), so a reader is only ever served the rows of their own scope,
  two readers of the same scope share one entry, and a renamed office shows at once.

The rows' links carry the page's query string: kept with a placeholder, put in per request. The view's permission
check and the office set come first, at every request, kept or not.

The page of one office keeps its months of a year the same way (`kept_office_months`: the office's pk and the year
in the key, after the view has checked the reader supervises it); its figures of now are counted live at every view.
"""

import hashlib
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Max
from django.template.loader import render_to_string
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from satisfaction.models import SurveyResponse

from .charts import on_time_bars
from .selectors import (
    FIGURES_CACHE_SECONDS,
    OfficeMonths,
    Period,
    Supervised,
    figures_stamp,
    office_months,
    supervision_table,
)
from .templatetags.supervision_tables import QUERY_PLACEHOLDER, office_rows, supervision_cells

VERSION = 1  # bump when the kept HTML's shape changes, so a deployment does not serve the old shape


@dataclass(frozen=True)
class KeptTable:
    period: Period
    offices: int  # how many rows
    refreshed_at: object  # datetime | None: when the monthly figures were computed
    now_at: object  # datetime | None: when the figures of now were counted
    chart: str  # <figure> of the on-time chart
    rows: str  # the <tr> of each office, QUERY_PLACEHOLDER where the page's query string goes
    total: str  # the total's cells

    def chart_html(self) -> SafeString:
        return mark_safe(self.chart)

    def rows_html(self, query: str) -> SafeString:
        return mark_safe(self.rows.replace(QUERY_PLACEHOLDER, f"?{escape(query)}" if query else ""))

    def total_html(self) -> SafeString:
        return mark_safe(self.total)


def scope_digest(supervised: Supervised) -> str:
    """A digest of the office set and its order, with which of them are the reader's own."""
    own = supervised.own
    text = "\x1e".join(
        f"{o.pk}\x1f{o.code}\x1f{o.name}\x1f{o.level}\x1f{o.parent_id}\x1f{o.service_time_unit}\x1f{o.code in own}"
        for o in supervised.offices
    )
    return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()


def _build(supervised: Supervised, period: Period) -> KeptTable:
    table = supervision_table(supervised, period)
    bars, grouped = on_time_bars(table.rows, group_title=_("with the offices below it"))
    return KeptTable(
        period=period,
        offices=len(table.rows),
        refreshed_at=table.refreshed_at,
        now_at=table.now_at,
        chart=render_to_string("supervision/_chart.html", {"bars": bars, "grouped": grouped}),
        rows=office_rows(table, QUERY_PLACEHOLDER),
        total=str(supervision_cells(table.total)),
    )


def _figures_key() -> str:
    """What every kept figure depends on: the shape's version, the figures' stamp and the survey's last answer
    (one cache read and one query)."""
    last_answer = SurveyResponse.objects.aggregate(last=Max("pk"))["last"]
    return f"{VERSION}:{figures_stamp()}:{last_answer}"


def kept_table(supervised: Supervised, period: Period) -> KeptTable:
    """The table of `supervised` (already checked: the reader's own scope) for `period`, from the shared cache or
    built and kept: the stamp and the survey's last answer cost one cache read and one query; a build adds the
    figures' queries (`supervision_table`)."""
    key = f"supervision:table:{_figures_key()}:{get_language()}:{period.slug}:{scope_digest(supervised)}"
    kept = cache.get(key)
    if kept is None:
        kept = _build(supervised, period)
        cache.set(key, kept, FIGURES_CACHE_SECONDS)
    return kept


def kept_office_months(office_id: int, year: int) -> OfficeMonths:
    """One office's months of `year` (already checked: an office the reader supervises), from the shared cache or
    read and kept, under the same stamp and last answer as the tables. The figures of now are not kept: the page of
    one office counts them live (`selectors.office_now`)."""
    key = f"supervision:months:{_figures_key()}:{office_id}:{year}"
    kept = cache.get(key)
    if kept is None:
        kept = office_months(office_id, year)
        cache.set(key, kept, FIGURES_CACHE_SECONDS)
    return kept

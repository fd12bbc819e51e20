"""The rows of the office queue, written in Python: fifty rows through the template engine (two dozen lookups,
filters and a {% url %} each) were most of the queue page's time at national scale (docs/PERFORMANCE.md).
The markup is the one templates/review/_queue_table.html had; tests read its data-testid attributes."""

from django import template
from django.urls import reverse
from django.utils.dateformat import format as date_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

register = template.Library()

_ROW = (
    '<tr{} data-testid="queue-row" data-pk="{}">'
    '<td class="text-nowrap">{}</td>'
    '<td><a href="{}">{}</a></td>'
    "<td>{}</td>"
    '<td class="small">{}</td>'
    '<td><span class="badge {}" data-testid="channel">{}</span></td>'
    '<td><span class="badge state-{}">{}</span></td>'
    "<td>{}</td>"
    '<td class="small" data-testid="reviewers">{}</td>'
    '<td class="text-nowrap">{}<span class="small" data-testid="clock">{}{}</span></td>'
    "</tr>"
)
_OVERDUE_ICON = mark_safe('<i class="bi bi-exclamation-octagon-fill" aria-hidden="true"></i> ')
_SOON_ICON = mark_safe('<i class="bi bi-hourglass-split" aria-hidden="true"></i> ')
_PK = 987654321


@register.simple_tag
def queue_table_rows(rows):
    """<tr> of each QueueRow (review.selectors.queue_rows)."""
    detail = reverse("review:detail", kwargs={"pk": _PK})
    none_yet = format_html('<span class="text-body-secondary">{}</span>', gettext("none yet"))

    def cells(row):
        s = row.submission
        reviewers = ", ".join(str(r) for r in row.reviewers)
        icon = _OVERDUE_ICON if row.overdue else _SOON_ICON if row.due_soon else ""
        return (
            format_html(' class="{}"', row.css_class) if row.css_class else "",
            s.pk,
            s.number or "—",
            detail.replace(str(_PK), str(s.pk)),
            str(s),
            s.agency.name,
            s.get_kind_display(),
            "text-bg-info" if s.channel == "offline" else "text-bg-light border",
            s.get_channel_display(),
            s.state,
            s.get_state_display(),
            s.round,
            reviewers or none_yet,
            format_html("{}<br>", date_format(s.due_date, "j M Y")) if s.due_date else "",
            icon,
            row.clock_text,
        )

    return format_html_join("", _ROW, (cells(row) for row in rows))

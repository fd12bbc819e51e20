"""An office's queue (everything past draft, with filters and each row's clock) and its figures.

Staff of the office, whatever their role, may open both; everyone else gets 403, an unknown office 404.
"""

from dataclasses import fields

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.template.loader import get_template, render_to_string
from django.urls import path
from django.utils import timezone, translation

from romantik.calendar import office_today
from romantik.views import office_for_staff

from ..figures import office_figures, office_timezone
from ..filters import QueueFilter
from ..selectors import AWAITING_DECISION_STATES, QueueRow, office_calendar, office_queue, queue_page, queue_rows
from ..templatetags.review_kept import kept_html

PAGE_SIZE = 50
PAGE_PARAM = "halaman"
# Sent by the filter form: with it, no state ticked means every state; without it (the menu link) the
# queue shows what still awaits a decision.
FILTERED_PARAM = "saring"


# Each row's HTML (templates/review/_queue_row.html), kept per process in the review page's store
# (review_kept.kept_html: bounded in size and age) under everything it is made of: the row's values as
# review.selectors.queue_rows worked them out (the submission, its clock, labels, reviewers, dates) and the language.
# Any change of what a row shows is a new key, so nothing is ever invalidated; a row seen again (the same page asked
# again, a page shared by the office's staff) costs a lookup, not a render (issue 20).
ROW_TEMPLATE = "review/_queue_row.html"
ROW_KEY_FIELDS = tuple(f.name for f in fields(QueueRow) if f.name not in ("submission", "clock"))


def rows_html(rows: list[QueueRow]) -> list[str]:
    """The HTML of each row, rendered once per content and language in this process."""
    language = translation.get_language()
    template = get_template(ROW_TEMPLATE)
    return [
        kept_html(
            ("queue-row", language, *(getattr(row, name) for name in ROW_KEY_FIELDS)),
            lambda row=row: template.render({"row": row}),
        )
        for row in rows
    ]


# The filter form's HTML (templates/review/_queue_filters.html), kept in the same store under everything it is made
# of: the form's data (each field's values as sent, the default states put in), its errors (worked out before, when
# the page's rows were filtered), its choices read in this request (the office's reviewers and years) and the
# office's code, with the language. Django's widgets, written for every view, cost the page ~2 ms (issue 20).
FILTERS_TEMPLATE = "review/_queue_filters.html"


def filters_html(filterset, office, data) -> str:
    """The filter form's HTML, rendered once per content and language in this process. The form must be validated
    (filterset.qs read): its errors are in the key."""
    form = filterset.form
    key = (
        "queue-filters",
        translation.get_language(),
        office.code,
        tuple((name, tuple(data.getlist(name))) for name in form.fields),
        tuple((name, tuple(str(error) for error in errors)) for name, errors in form.errors.items()),
        filterset.reviewer_options,
        filterset.years,
    )
    context = {"form": form, "state_boxes": filterset.state_boxes, "office": office, "filtered_param": FILTERED_PARAM}
    return kept_html(key, lambda: render_to_string(FILTERS_TEMPLATE, context))


@login_required
def queue(request, code):
    office = office_for_staff(request, code)
    today = office_today(office)
    calendar = office_calendar(office)
    data = request.GET.copy()
    data.pop(PAGE_PARAM, None)
    if FILTERED_PARAM not in data:
        data.setlist("status", [str(state.value) for state in AWAITING_DECISION_STATES])
        data[FILTERED_PARAM] = "1"
    filterset = QueueFilter(data, queryset=office_queue(office), office=office, today=today, calendar=calendar)
    # The page's rows as plain values with the count of all in one query (Paginator.get_page's pages).
    page = queue_page(filterset.qs, request.GET.get(PAGE_PARAM), per_page=PAGE_SIZE)
    rows = queue_rows(page.object_list, office=office, today=today, calendar=calendar)
    return render(
        request,
        "review/queue.html",
        {
            "office": office,
            "filter": filterset,
            "page": page,
            "rows": rows,
            "rows_html": rows_html(rows),
            "filters_html": filters_html(filterset, office, data),
            "querystring": data.urlencode(),
            "page_param": PAGE_PARAM,
            "filtered_param": FILTERED_PARAM,
        },
    )


@login_required
def figures(request, code):
    office = office_for_staff(request, code)
    tz = office_timezone(office)
    return render(
        request,
        "review/figures.html",
        {"office": office, "figures": office_figures(office, today=timezone.localdate(timezone=tz))},
    )


urlpatterns = [
    path("kantor/<str:code>/antrean/", queue, name="queue"),
    path("kantor/<str:code>/kinerja/", figures, name="figures"),
]

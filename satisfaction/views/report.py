"""An office's satisfaction index (IKM) for a year or a quarter, with its charts and downloads.

The office's head, coordinator and office admin may open it; other staff of the office and everyone
else get 403, an unknown office 404. A fixed number of queries, however many responded."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import path
from django.utils import timezone

from romantik.models import Office
from romantik.spreadsheets import FORMATS

from ..charts import element_chart, quarter_chart
from ..enums import Source
from ..exports import ikm_csv, ikm_xlsx, period_label
from ..forms import PeriodForm
from ..selectors import Period, comments_in, office_ikm, response_years

RECENT_COMMENTS = 20


def _office(request, code) -> Office:
    office = get_object_or_404(Office, code=code)
    if not request.user.has_perm("satisfaction.view_ikm", office):
        raise PermissionDenied
    return office


def _period(form: PeriodForm) -> Period | None:
    if not form.is_valid():
        return None
    return Period(form.cleaned_data["year"], form.cleaned_data["quarter"])


@login_required
def report(request, code):
    office = _office(request, code)
    form = PeriodForm(request.GET)
    period = _period(form)
    years = set(response_years(office)) | {timezone.localdate().year}
    if period is not None:
        years.add(period.year)
    context = {"office": office, "form": form, "years": sorted(years, reverse=True)}
    if period is not None:
        figures = office_ikm(office, period)
        context.update(
            {
                "figures": figures,
                "period_label": period_label(period),
                "element_chart": element_chart(figures.result.elements) if figures.result else None,
                "quarter_chart": quarter_chart(figures.quarters),
                "comments": list(comments_in(office, period)[:RECENT_COMMENTS]),
                "query": request.GET.urlencode(),
            }
        )
    return render(request, "satisfaction/report.html", context, status=200 if period else 400)


@login_required
def report_download(request, code, fmt):
    office = _office(request, code)
    if fmt not in FORMATS:
        raise Http404
    period = _period(PeriodForm(request.GET))
    if period is None:
        raise Http404
    figures = office_ikm(office, period)
    if fmt == "csv":
        download = ikm_csv(office, figures)
    else:
        comments = [
            (r.answered_on, Source(r.source).label, r.comment)
            for r in comments_in(office, period).order_by("answered_on", "pk")
        ]
        download = ikm_xlsx(office, figures, comments)
    response = HttpResponse(download.content, content_type=download.content_type)
    response["Content-Disposition"] = f'attachment; filename="{download.filename}"'
    return response


urlpatterns = [
    path("kantor/<str:code>/ikm/", report, name="report"),
    path("kantor/<str:code>/ikm/unduh.<str:fmt>", report_download, name="report_download"),
]

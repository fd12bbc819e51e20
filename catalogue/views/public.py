"""The public catalogue: search, one activity's public summary, its MS-Keg JSON and DDI XML, and the (filtered)
catalogue as CSV. No log-in; only what `selectors` lets through is ever shown."""

from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import render
from django.urls import path, reverse
from django.utils import translation
from django.utils.functional import cached_property
from django.views.decorators.http import require_GET

from handover.selectors import public_results
from romantik.spreadsheets import csv_lines, neutralise
from submissions.enums import Sector

from ..ddi import ddi_codebook
from ..filters import CatalogueFilter
from ..metadata import decision_label, mskeg_json, public_sections
from ..selectors import catalogue_list_rows, public_activity, public_indicators, public_variables

PAGE_SIZE = 20
PAGE_PARAM = "halaman"


def _activity_url(pk) -> str:
    return settings.SITE_URL + reverse("catalogue:detail", kwargs={"pk": pk})


def _filterset(request) -> CatalogueFilter:
    data = request.GET.copy()
    data.pop(PAGE_PARAM, None)
    return CatalogueFilter(data or None)


class _SearchPaginator(Paginator):
    """Pages of the catalogue's search, counted and read by the filter (`count`, `page_rows`: kept per catalogue
    generation in the shared cache), not by slicing and counting a queryset: the results' own COUNT would join the
    submissions, and ranking every matching entry for each view grows with the catalogue."""

    def __init__(self, filterset: CatalogueFilter, per_page: int):
        super().__init__((), per_page)
        self.filterset = filterset

    @cached_property
    def count(self):
        return self.filterset.count()

    def page(self, number):
        number = self.validate_number(number)
        return self._get_page(self.filterset.page_rows(number, self.per_page), number, self)


@require_GET
def catalogue_list(request):
    filterset = _filterset(request)
    page = _SearchPaginator(filterset, PAGE_SIZE).get_page(request.GET.get(PAGE_PARAM))
    querystring = filterset.data.urlencode() if filterset.data else ""
    return render(
        request,
        "catalogue/list.html",
        {
            "filter": filterset,
            "page": page,
            "rows": catalogue_list_rows(page.object_list),
            "querystring": querystring,
            "page_param": PAGE_PARAM,
            "searched": filterset.is_bound,
        },
    )


@require_GET
def activity_detail(request, pk):
    submission = public_activity(pk=pk)
    return render(
        request,
        "catalogue/detail.html",
        {
            "submission": submission,
            "entry": submission.catalogue_entry,
            "sections": public_sections(submission),
            "variables": public_variables(submission),
            "indicators": public_indicators(submission),
            "results": public_results(submission),
        },
    )


@require_GET
def activity_mskeg_json(request, pk):
    submission = public_activity(pk=pk)
    response = JsonResponse(
        mskeg_json(submission, url=_activity_url(pk)), json_dumps_params={"ensure_ascii": False, "indent": 2}
    )
    response["Content-Disposition"] = f'inline; filename="mskeg-{pk}.json"'
    return response


@require_GET
def activity_ddi_xml(request, pk):
    submission = public_activity(pk=pk)
    response = HttpResponse(ddi_codebook(submission, url=_activity_url(pk)), content_type="application/xml")
    response["Content-Disposition"] = f'inline; filename="ddi-{pk}.xml"'
    return response


CSV_HEADER = (
    "id", "url", "recommendation_number", "recommendation_date", "decision", "decision_label", "title",
    "agency", "year", "form", "sector", "sector_label", "province", "regency", "objective",
)  # fmt: skip


def _csv_row(submission) -> list[str]:
    entry = submission.catalogue_entry
    sector_label = Sector(entry.sector).label if entry.sector in Sector.values else ""
    values = (
        submission.pk,
        _activity_url(submission.pk),
        entry.recommendation_number,
        entry.recommendation_date.isoformat(),
        entry.decision,
        decision_label(entry.decision),
        entry.title,
        entry.agency_name,
        entry.year or "",
        entry.kind,
        entry.sector or "",
        sector_label,
        entry.province.display_name if entry.province else "",
        entry.regency.display_name if entry.regency else "",
        submission.objective,
    )
    return [neutralise(value) for value in values]


@require_GET
def catalogue_csv(request):
    """The whole catalogue, or what the given filters select, streamed row by row."""
    rows = _filterset(request).qs.select_related("catalogue_entry__province", "catalogue_entry__regency")
    language = translation.get_language()

    def table():
        # The response is consumed after the view returns: labels are written in the request's language.
        with translation.override(language):
            yield CSV_HEADER
            for submission in rows.iterator(chunk_size=500):
                yield _csv_row(submission)

    # With a byte order mark (romantik.spreadsheets), so Excel opens it as UTF-8 with every character intact.
    response = StreamingHttpResponse(csv_lines(table()), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="katalog-kegiatan-statistik.csv"'
    return response


urlpatterns = [
    path("katalog/", catalogue_list, name="list"),
    path("katalog/katalog.csv", catalogue_csv, name="csv"),
    path("katalog/<int:pk>/", activity_detail, name="detail"),
    path("katalog/<int:pk>/mskeg.json", activity_mskeg_json, name="mskeg_json"),
    path("katalog/<int:pk>/ddi.xml", activity_ddi_xml, name="ddi_xml"),
]

"""The pickers' search: one function per list (regions, offices, agencies), used by the JSON endpoints that
static/js/pickers.js asks while a person types, and by the fields of romantik.widgets when the list is too long
to send whole (the search without JavaScript). Every answer is bounded: at most PAGE_SIZE rows a request."""

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils.http import urlencode
from django.views.decorators.http import require_GET

from .agencies import listed_agencies
from .models import Agency, Office, Region
from .selectors import agencies_served_by

PAGE_SIZE = 50  # rows in one answer, never more
MAX_PAGE = 200  # PAGE_SIZE × MAX_PAGE rows reachable by scrolling; a narrower search finds the rest
QUERY_MAX_LENGTH = 100


def _words(query: str) -> list[str]:
    return (query or "").strip()[:QUERY_MAX_LENGTH].split()[:6]


def regions_search(queryset: QuerySet[Region], query: str) -> QuerySet[Region]:
    """Every word in the name, or a code that starts with it ("62", "kotawaringin timur")."""
    for word in _words(query):
        queryset = queryset.filter(Q(name__icontains=word) | Q(code__startswith=word))
    return queryset


def offices_search(queryset: QuerySet[Office], query: str) -> QuerySet[Office]:
    for word in _words(query):
        queryset = queryset.filter(Q(name__icontains=word) | Q(code__startswith=word))
    return queryset


def agencies_search(queryset: QuerySet[Agency], query: str) -> QuerySet[Agency]:
    """Every word in the agency's name, its acronym, one of its e-mail domains or its region's name ("dinas
    kesehatan kotawaringin", "dinkes kotim", "kotimkab.go.id"; "@kotimkab.go.id" as typed from an address)."""
    for word in _words(query):
        word = word.lstrip("@") or word
        queryset = queryset.filter(
            Q(name__icontains=word)
            | Q(acronym__icontains=word)
            | Q(email_domains__icontains=word)
            | Q(region__name__icontains=word)
        )
    return queryset


def region_label(region: Region) -> str:
    return f"{region.code} {region.display_name}"


def office_label(office: Office) -> str:
    return f"{office.name} ({office.code})"


def agency_label(agency: Agency) -> str:
    """The name, the acronym when the agency has one (what people call it), the region: "Dinas Kesehatan Kabupaten
    Kotawaringin Timur – DINKES (Kabupaten Kotawaringin Timur)"."""
    name = f"{agency.name} – {agency.acronym}" if agency.acronym else agency.name
    return f"{name} ({agency.region.display_name})" if agency.region_id else name


def _page(request) -> int:
    try:
        page = int(request.GET.get("page", "1"))
    except ValueError:
        page = 1
    return min(max(page, 1), MAX_PAGE)


def _answer(request, queryset, label, parent=None) -> JsonResponse:
    """One page of rows as {"results": [{"value", "text"[, "parent"]}], "next": the next page's URL or null}."""
    page = _page(request)
    start = (page - 1) * PAGE_SIZE
    rows = list(queryset[start : start + PAGE_SIZE + 1])  # one more: is there a next page?
    results = []
    for obj in rows[:PAGE_SIZE]:
        row = {"value": str(obj.pk), "text": label(obj)}
        if parent is not None:
            row["parent"] = parent(obj)
        results.append(row)
    following = None
    if len(rows) > PAGE_SIZE and page < MAX_PAGE:
        query = {k: v for k, v in request.GET.items() if k != "page"}
        following = f"{request.path}?{urlencode({**query, 'page': page + 1})}"
    response = JsonResponse({"results": results, "next": following})
    response["Cache-Control"] = "private, max-age=60"
    return response


@require_GET
def regions_picker(request):
    """Provinces and regencies/cities (public reference data): ?q=, level=provinsi|kabkota, parent=<province id>."""
    queryset = regions_search(Region.objects.order_by("code"), request.GET.get("q", ""))
    if level := request.GET.get("level"):
        queryset = queryset.filter(level=level)
    if (parent := request.GET.get("parent")) is not None:
        queryset = queryset.filter(parent_id=int(parent)) if parent.isdigit() else queryset.none()
    return _answer(request, queryset, region_label, parent=lambda r: str(r.parent_id or ""))


@require_GET
def offices_picker(request):
    """The BPS offices (public, as on the service-standards page): ?q=."""
    queryset = offices_search(Office.objects.order_by("code"), request.GET.get("q", ""))
    return _answer(request, queryset.only("pk", "code", "name"), office_label)


@require_GET
def agencies_picker(request):
    """The curated list (romantik.agencies: approved, never a merged one): all of it (the list the sign-up page
    offers anyone), or with ?office=<code> the agencies the office serves, for its own staff only (the front
    desk)."""
    queryset = listed_agencies()
    if code := request.GET.get("office"):
        office = get_object_or_404(Office, code=code)
        if not request.user.has_perm("romantik.view_office_workspace", office):
            raise PermissionDenied
        queryset = queryset.filter(pk__in=agencies_served_by(office).values("pk"))
    queryset = agencies_search(queryset, request.GET.get("q", "")).select_related("region").order_by("name", "pk")
    return _answer(request, queryset, agency_label)


urlpatterns = [
    path("wilayah/", regions_picker, name="picker_regions"),
    path("kantor/", offices_picker, name="picker_offices"),
    path("instansi/", agencies_picker, name="picker_agencies"),
]

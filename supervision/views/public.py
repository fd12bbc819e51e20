"""/kinerja-layanan/: every office's on-time rate and satisfaction index (IKM, with its category) for a year, as
PermenPANRB 14/2017 asks offices to publish their IKM; sortable, with the country's totals. Public and heavy, so
its figures are cached (`PUBLIC_CACHE_SECONDS`; the hourly refresh of the figures clears them)."""

from django.core.cache import cache
from django.shortcuts import render
from django.urls import path
from django.utils.translation import gettext as _

from ..forms import PeriodForm
from ..selectors import figure_years, public_cache_key, public_performance

PUBLIC_CACHE_SECONDS = 15 * 60
# ?urut=: the column, "-" first for descending; rows without a value always last.
SORTS = {
    "kode": lambda row: row.code,
    "nama": lambda row: row.name.lower(),
    "tepat": lambda row: row.on_time_rate,
    "ikm": lambda row: row.ikm,
}
DEFAULT_SORT = "kode"


def _sorted(rows, sort: str):
    descending = sort.startswith("-")
    key = SORTS[sort.lstrip("-")]
    present = [row for row in rows if key(row) is not None]
    missing = [row for row in rows if key(row) is None]
    return sorted(present, key=lambda row: (key(row), row.code), reverse=descending) + missing


def performance(request):
    years = cache.get_or_set(public_cache_key("years"), figure_years, PUBLIC_CACHE_SECONDS)
    form = PeriodForm(request.GET, years=years)
    period = form.period()
    sort = request.GET.get("urut", DEFAULT_SORT)
    if sort.lstrip("-") not in SORTS:
        sort = DEFAULT_SORT
    columns = [
        ("kode", _("Code"), False),
        ("nama", _("Office"), False),
        ("", _("Decided"), True),
        ("tepat", _("On time"), True),
        ("", _("Respondents"), True),
        ("ikm", _("IKM"), True),
        ("", _("Category"), False),
    ]
    context = {"form": form, "years": years, "sort": sort, "columns": columns}
    if period is not None:
        rows, total = cache.get_or_set(
            public_cache_key(period.year), lambda: public_performance(period.year), PUBLIC_CACHE_SECONDS
        )
        context.update({"year": period.year, "rows": _sorted(rows, sort), "total": total})
    return render(request, "supervision/public.html", context, status=200 if period else 400)


urlpatterns = [path("kinerja-layanan/", performance, name="public")]

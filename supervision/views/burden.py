"""Respondent burden on the supervision pages (issue 22): /pengawasan/beban-responden/ totals the burden of the
activities recommended layak, per year, province of the organiser and agency, of the offices the person supervises
(`offices_of_supervisor`: their own, those below a province office of theirs, all for BPS RI), for a year or all
years; CSV and XLSX as the supervision table. The figures are ceksurvei.burden's (two grouped queries), the
public totals' own: the published questions count (the rule is in ceksurvei/burden.py's docstring)."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.urls import path

from catalogue.selectors import catalogue_years
from ceksurvei.burden import MINUTES_PER_QUESTION, burden_totals, wage_year
from romantik.spreadsheets import FORMATS, download_response

from ..exports import burden_csv, burden_xlsx
from ..forms import BurdenYearForm
from .pages import _supervised


def _totals(supervised, form):
    office_ids = None if supervised.every else [office.pk for office in supervised.offices]
    return burden_totals(office_ids=office_ids, year=form.cleaned_data["tahun"])


@login_required
def burden(request):
    supervised = _supervised(request)  # 403 before the form is read
    form = BurdenYearForm(request.GET, years=catalogue_years())
    context = {"form": form, "per_question": MINUTES_PER_QUESTION, "wage_year": wage_year(), "supervised": supervised}
    if not form.is_valid():
        return render(request, "supervision/burden.html", context, status=400)
    context.update({"totals": _totals(supervised, form), "query": request.GET.urlencode()})
    return render(request, "supervision/burden.html", context)


@login_required
def burden_download(request, fmt):
    supervised = _supervised(request)
    form = BurdenYearForm(request.GET)
    if fmt not in FORMATS or not form.is_valid():
        raise Http404
    slug = form.cleaned_data["tahun"] or "semua"
    return download_response((burden_csv if fmt == "csv" else burden_xlsx)(_totals(supervised, form), slug))


urlpatterns = [
    path("pengawasan/beban-responden/", burden, name="burden"),
    path("pengawasan/beban-responden/unduh/<str:fmt>/", burden_download, name="burden_download"),
]

"""The supervision pages of the offices: /pengawasan/ (every office the person supervises, for a month or a year,
with a chart and downloads) and /pengawasan/<code>/ (one office month by month).

Anyone with a role at an office may open them (`romantik.selectors.offices_supervised_by`: their own office,
those below a province office of theirs, all for BPS RI); someone with no office role (an agency user) gets 403,
and an office they do not supervise 404. A fixed number of queries, whatever the number of offices."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import path

from romantik.models import Office
from romantik.selectors import office_roles_of
from romantik.spreadsheets import FORMATS, download_response
from submissions.states import State

from ..exports import table_csv, table_xlsx
from ..forms import PeriodForm
from ..kept import kept_office_months, kept_table
from ..selectors import OFFICE_FIELDS, OPEN_STATE_ORDER, figure_years, office_year, offices_of_supervisor
from ..selectors import supervision_table as table_of


def _supervised(request):
    supervised = offices_of_supervisor(request.user)
    if not supervised.offices:
        raise PermissionDenied
    return supervised


def _state_labels():
    return [State(s).label for s in OPEN_STATE_ORDER]


@login_required
def index(request):
    supervised = _supervised(request)
    form = PeriodForm(request.GET, years=figure_years())
    period = form.period()
    context = {"form": form, "state_labels": _state_labels(), "query": request.GET.urlencode()}
    if period is not None:
        # Kept per refresh of the figures, language, period and this reader's office set (supervision.kept).
        context["table"] = kept_table(supervised, period)
    return render(request, "supervision/index.html", context, status=200 if period else 400)


@login_required
def download(request, fmt):
    supervised = _supervised(request)
    if fmt not in FORMATS:
        raise Http404
    period = PeriodForm(request.GET).period()
    if period is None:
        raise Http404
    table = table_of(supervised, period)
    return download_response(table_csv(table) if fmt == "csv" else table_xlsx(table))


@login_required
def office(request, code):
    if not office_roles_of(request.user) and not request.user.is_superuser:
        raise PermissionDenied
    found = get_object_or_404(Office.objects.select_related("region").only(*OFFICE_FIELDS), code=code)
    if not request.user.has_perm("romantik.supervise_office", found):
        raise Http404
    form = PeriodForm(request.GET, years=figure_years())
    period = form.period()
    context = {"office": found, "form": form, "state_labels": _state_labels()}
    if period is not None:
        # The months kept per refresh of the figures and survey answer; the figures of now counted live.
        figures = office_year(found, period.year, months=kept_office_months(found.pk, period.year))
        context["figures"] = figures
        context["now_states"] = [(State(s).label, figures.now.open_by_state.get(s, 0)) for s in OPEN_STATE_ORDER]
    return render(request, "supervision/office.html", context, status=200 if period else 400)


urlpatterns = [
    path("pengawasan/", index, name="index"),
    path("pengawasan/unduh/<str:fmt>/", download, name="download"),
    path("pengawasan/<str:code>/", office, name="office"),
]

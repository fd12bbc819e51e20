"""The office's hand-over compliance page: /kantor/<code>/serah-hasil/ (due, overdue, handed over, by agency and
year, CSV/XLSX), where its front desk, reviewers, coordinators and head confirm receipt or ask for more.

Its supervisors (`romantik.supervise_office`: the province office above it, BPS RI) see the list and download it;
only the office's own people decide. A hand-over of another office answers 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from romantik.models import Office
from romantik.refusals import StateConflict, refusal_show
from romantik.spreadsheets import FORMATS, download_response

from ..exports import compliance_file
from ..forms import OfficeDecisionForm
from ..models import HandOver
from ..selectors import compliance_rows, compliance_summary, status_labels
from ..services import handover_receive, handover_request_more


def _int(value) -> int | None:
    return int(value) if value and str(value).isdigit() else None


@login_required
@require_http_methods(["GET", "POST"])
def office_handovers(request, code):
    office = get_object_or_404(Office, code=code)
    if not request.user.has_perm("handover.view_office_handovers", office):
        raise PermissionDenied
    status = 200
    if request.method == "POST":
        handover = (
            HandOver.objects.select_related("submission__office")
            .filter(pk=_int(request.POST.get("handover")) or 0, submission__office=office)
            .first()
        )
        if handover is None:  # none chosen, or another office's: nothing to decide here
            messages.error(request, _("Choose the hand-over first."))
            return redirect("handover:office", code=office.code)
        form = OfficeDecisionForm(request.POST)
        action = request.POST.get("action", "")
        try:
            if not form.is_valid():
                raise ValidationError(_("The note is too long."))
            note = form.cleaned_data["note"]
            if action == "receive":
                handover_receive(handover=handover, actor=request.user, note=note)
                messages.success(request, _("Receipt confirmed."))
            elif action == "more":
                handover_request_more(handover=handover, actor=request.user, note=note)
                messages.success(request, _("The agency was asked for more."))
            else:
                messages.error(request, _("Nothing was changed."))
        except (ValidationError, PermissionDenied, StateConflict) as error:
            refusal_show(request, error)
        return redirect("handover:office", code=office.code)
    year, agency_id = _int(request.GET.get("tahun")), _int(request.GET.get("instansi"))
    chosen = request.GET.get("status", "")
    if chosen not in status_labels():
        chosen = ""
    rows = compliance_rows(office, year=year, agency_id=agency_id, status=chosen)
    fmt = request.GET.get("format", "")
    if fmt:
        if fmt not in FORMATS:
            raise Http404
        return download_response(compliance_file(rows, fmt=fmt, code=office.code))
    return render(
        request,
        "handover/office.html",
        {
            "office": office,
            "rows": rows,
            "summary": compliance_summary(rows),
            "statuses": status_labels(),
            "chosen": chosen,
            "year": year or "",
            "may_decide": request.user.has_perm("handover.confirm_handover_at", office),
            "query": request.GET.urlencode(),
        },
        status=status,
    )


urlpatterns = [
    path("kantor/<str:code>/serah-hasil/", office_handovers, name="office"),
]

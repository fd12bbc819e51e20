"""EPSS evidence packs (handover/evidence.py): the agency's page /instansi/bukti-epss/ (its own pack, every office),
the office's /kantor/<code>/serah-hasil/bukti-epss/ (a pack of one of its agencies; its people and its supervisors),
and the download /bukti-epss/<pk>/unduh/, checked with `handover.view_evidence_pack` (another's pack: 404).

Asking writes a row and queues the task; the page lists the packs with their progress and reloads itself (a meta
refresh: no script) while one is being built."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from romantik.models import Office
from romantik.refusals import StateConflict, refusal_show

from ..evidence import (
    agencies_of_office,
    agency_of_member,
    evidence_pack_request,
    pack_downloadable,
    pack_name,
    packs_of_agency,
    packs_of_office,
)
from ..forms import EvidencePackForm

REFRESH_SECONDS = 3


def _page(request, *, form, packs, office=None, status=200):
    packs = list(packs)
    return render(
        request,
        "handover/evidence.html",
        {
            "office": office,
            "form": form,
            "packs": packs,
            "building": any(pack.open for pack in packs),
            "refresh_seconds": REFRESH_SECONDS,
        },
        status=status,
    )


def _ask(request, form, **where):
    """The POST of either page: the pack asked for, or the form with the refusal next to its field."""
    if not form.is_valid():
        return None, 400
    try:
        if "agency" in form.fields:
            where["agency"] = form.cleaned_data["agency"]
        evidence_pack_request(actor=request.user, year=form.cleaned_data["year"], **where)
    except (ValidationError, PermissionDenied, StateConflict) as error:
        return None, refusal_show(request, error, form=form)
    messages.success(request, _("The evidence pack is being built. This page shows its progress."))
    return True, 200


@login_required
@require_http_methods(["GET", "POST"])
def agency_evidence(request):
    agency = agency_of_member(request.user)
    data = request.POST if request.method == "POST" else None
    form = EvidencePackForm(data, initial={"year": timezone.localdate().year - 1})
    status = 200
    if request.method == "POST":
        done, status = _ask(request, form)
        if done:
            return redirect("handover:agency_evidence")
    return _page(request, form=form, packs=packs_of_agency(agency), status=status)


@login_required
@require_http_methods(["GET", "POST"])
def office_evidence(request, code):
    office = get_object_or_404(Office, code=code)
    if not request.user.has_perm("handover.request_office_evidence", office):
        raise PermissionDenied
    form = EvidencePackForm(
        request.POST if request.method == "POST" else None, agencies=agencies_of_office(office).order_by("name"),
        initial={"year": timezone.localdate().year - 1},
    )  # fmt: skip
    status = 200
    if request.method == "POST":
        done, status = _ask(request, form, office=office)
        if done:
            return redirect("handover:office_evidence", code=office.code)
    return _page(request, form=form, packs=packs_of_office(office), office=office, status=status)


@require_GET
def evidence_download(request, pk):
    pack = pack_downloadable(user=request.user, pk=pk)
    if pack is None:
        raise Http404
    return FileResponse(pack.file.open("rb"), as_attachment=True, filename=pack_name(pack),
                        content_type="application/zip")  # fmt: skip


urlpatterns = [
    path("instansi/bukti-epss/", agency_evidence, name="agency_evidence"),
    path("kantor/<str:code>/serah-hasil/bukti-epss/", office_evidence, name="office_evidence"),
    path("bukti-epss/<int:pk>/unduh/", evidence_download, name="evidence_download"),
]

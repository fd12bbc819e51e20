"""An office's agency list (issue 18, agencies as master data): the agencies the office serves, proposals first;
approving a proposal, correcting an agency, merging a duplicate. The services decide (romantik/agencies.py);
these pages show.

Who may: the list and approving, `romantik.review_agencies` / `romantik.approve_agency` (the office's membership
verifiers and its administrators, of the office, its province office or BPS RI); editing and merging,
`romantik.curate_agency` (its administrators)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from .agencies import agency_approve, agency_merge, agency_references, agency_update, merge_refusal
from .agency_forms import AgencyForm, AgencyMergeForm, AgencySearchForm
from .models import Agency, Office
from .pickers import agencies_search
from .refusals import StateConflict, refusal_show
from .selectors import agencies_served_by

PAGE_SIZE = 50


def _office(request, code) -> Office:
    office = get_object_or_404(Office.objects.select_related("region"), code=code)
    if not request.user.has_perm("romantik.review_agencies", office):
        raise PermissionDenied
    return office


def _agency(office, pk, *, perm: str, user) -> Agency:
    """An agency this office serves (another office's: 404), for someone holding `perm` on it."""
    agency = get_object_or_404(
        agencies_served_by(office).select_related("region", "parent", "merged_into", "proposed_by"), pk=pk
    )
    if not user.has_perm(perm, agency):
        raise PermissionDenied
    return agency


@login_required
def office_agencies(request, code):
    office = _office(request, code)
    form = AgencySearchForm(request.GET or None)
    query, merged = "", False
    if form.is_valid():
        query, merged = form.cleaned_data["q"], form.cleaned_data["merged"]
    agencies = agencies_served_by(office)
    if not merged:
        agencies = agencies.filter(merged_into__isnull=True)
    agencies = (
        agencies_search(agencies, query)
        .select_related("region", "parent", "merged_into", "proposed_by")
        .annotate(members=Count("memberships"))
        .order_by("verified", "name", "pk")  # proposals first
    )
    page = Paginator(agencies, PAGE_SIZE).get_page(request.GET.get("hal"))
    params = {key: value for key, value in (("q", query), ("merged", "on" if merged else "")) if value}
    return render(
        request,
        "romantik/agencies.html",
        {
            "office": office,
            "form": form,
            "page": page,
            "page_param": "hal",
            "querystring": urlencode(params),
            "proposals": agencies_served_by(office).filter(verified=False, merged_into__isnull=True).count(),
            "may_curate": request.user.has_perm("romantik.manage_office", office),
        },
    )


@login_required
@require_POST
def office_agency_approve(request, code, pk):
    office = _office(request, code)
    agency = _agency(office, pk, perm="romantik.approve_agency", user=request.user)
    if agency.verified:
        messages.info(request, _("%(agency)s is already on the list; nothing changed.") % {"agency": agency.name})
        return redirect("office_agencies", code=office.code)
    try:
        agency = agency_approve(agency=agency, actor=request.user)
    except StateConflict as error:
        refusal_show(request, error, conflict=_("This agency was merged into another one; nothing changed."))
    else:
        messages.success(request, _("%(agency)s is now on the list.") % {"agency": agency.name})
    return redirect("office_agencies", code=office.code)


@login_required
@require_http_methods(["GET", "POST"])
def office_agency_edit(request, code, pk):
    office = _office(request, code)
    agency = _agency(office, pk, perm="romantik.curate_agency", user=request.user)
    form = AgencyForm(request.POST if request.method == "POST" else None, agency=agency)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            agency = agency_update(agency=agency, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            status = refusal_show(request, error, form=form, flash=False)
        except StateConflict as error:
            refusal_show(request, error, conflict=_("This agency was merged into another one; nothing changed."))
            return redirect("office_agencies", code=office.code)
        else:
            messages.success(request, _("%(agency)s was saved.") % {"agency": agency.name})
            return redirect("office_agencies", code=office.code)
    elif form.errors:
        status = 400
    return render(
        request,
        "romantik/agencies_edit.html",
        {"office": office, "agency": agency, "form": form, "references": agency_references(agency)},
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def office_agency_merge(request, code, pk):
    """Two steps: choose the listed agency it duplicates (the page then shows what will move), then confirm."""
    office = _office(request, code)
    duplicate = _agency(office, pk, perm="romantik.curate_agency", user=request.user)
    form = AgencyMergeForm(request.POST if request.method == "POST" else None, duplicate=duplicate)
    status, into = 200, None
    if duplicate.merged_into_id is not None:
        messages.info(
            request,
            _("%(agency)s was already merged into %(into)s.")
            % {"agency": duplicate.name, "into": duplicate.merged_into.name},
        )
        return redirect("office_agencies", code=office.code)
    if request.method == "POST" and form.is_valid():
        into = form.cleaned_data["into"]
        refusal = merge_refusal(duplicate=duplicate, into=into, actor=request.user)
        if refusal:
            form.add_error("into", refusal)
            status, into = 400, None
        elif form.cleaned_data["confirm"]:
            try:
                done = agency_merge(duplicate=duplicate, into=into, actor=request.user)
            except ValidationError as error:
                status, into = refusal_show(request, error, form=form, field="into", flash=False), None
            else:
                moved = ", ".join(f"{label}: {count}" for label, count in done.moved) or _("nothing")
                messages.success(
                    request,
                    _("%(duplicate)s was merged into %(into)s. Moved: %(moved)s.")
                    % {"duplicate": duplicate.name, "into": into.name, "moved": moved},
                )
                return redirect("office_agencies", code=office.code)
    elif form.errors:
        status = 400
    return render(
        request,
        "romantik/agencies_merge.html",
        {
            "office": office,
            "agency": duplicate,
            "form": form,
            "into": into,  # chosen and allowed: the confirmation step
            "references": agency_references(duplicate),
        },
        status=status,
    )


urlpatterns = [
    path("kantor/<str:code>/instansi/", office_agencies, name="office_agencies"),
    path("kantor/<str:code>/instansi/<int:pk>/", office_agency_edit, name="office_agency_edit"),
    path("kantor/<str:code>/instansi/<int:pk>/setujui/", office_agency_approve, name="office_agency_approve"),
    path("kantor/<str:code>/instansi/<int:pk>/gabungkan/", office_agency_merge, name="office_agency_merge"),
]

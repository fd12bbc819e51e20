from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from .calendar import office_today
from .documents import office_document_add, office_document_remove, office_documents_by_kind, office_uses_frkss
from .enums import Role
from .forms import MembershipDecisionForm, OfficeClosureForm, OfficeDocumentForm
from .models import AgencyMembership, Office, OfficeClosure, OfficeDocument
from .refusals import refusal_show
from .rules import membership_pending, membership_verified
from .selectors import office_by_code, office_roles_of, pending_memberships_for
from .services import membership_decide, office_closure_add, office_closure_remove
from .standard_forms import ServiceStandardForm
from .standards import service_standard_publish, service_standard_replaced_before_effect, service_standard_timeline

# Which start page each role lands on, most specific first.
START_ROLE_ORDER = (
    Role.HEAD,
    Role.COORDINATOR,
    Role.REVIEWER,
    Role.FRONT_DESK,
    Role.OFFICE_ADMIN,
    Role.COMPLAINT_HANDLER,
)


# The blank forms of the portal (submissions.views.blank_form), by their URL's kind; the office page offers them.
BLANK_FORMS = (
    ("fs3", "FS3", gettext_lazy("Survey")),
    ("fpkpa", "FP-KPA", gettext_lazy("Compilation of administrative records")),
    ("mskeg", "MS-Keg", gettext_lazy("Activity metadata")),
)
OFFICE_SEARCH_MAX_LENGTH = 100


def home(request):
    """The home page; its office table is filtered by `?kantor=` (code or part of the name) without JavaScript,
    and as one types with it (static/js/pages.js)."""
    offices = Office.objects.only("code", "name", "level", "service_time_amount", "service_time_unit")
    query = request.GET.get("kantor", "").strip()[:OFFICE_SEARCH_MAX_LENGTH]
    if query:
        offices = offices.filter(Q(code__startswith=query) | Q(name__icontains=query))
    return render(request, "romantik/home.html", {"offices": offices, "office_query": query})


@login_required
def start(request):
    """After log-in: agencies go to their submissions, staff to their office, heads to letters to sign."""
    roles = office_roles_of(request.user)
    for role in START_ROLE_ORDER:
        for code, held in sorted(roles.items()):
            if role in held:
                if role == Role.HEAD:
                    return redirect("office_signing", code=code)
                return redirect("office_workspace", code=code)
    if request.user.is_superuser:
        return redirect("admin:index")
    return redirect("agency_dashboard")


def office_for_staff(request, code) -> Office:
    """The office of `code` for a member of its staff (the office pages of every app): 404 unknown, 403 others."""
    office = office_by_code(code)  # with its region: its time zone
    if office is None:
        raise Http404
    if not request.user.has_perm("romantik.view_office_workspace", office):
        raise PermissionDenied
    return office


@login_required
def membership_queue(request, code):
    office = office_for_staff(request, code)
    return render(
        request,
        "romantik/membership_queue.html",
        {"office": office, "pending": pending_memberships_for(office), "form": MembershipDecisionForm()},
    )


@login_required
@require_POST
def membership_decision(request, code, pk):
    office = office_for_staff(request, code)
    membership = get_object_or_404(AgencyMembership.objects.select_related("agency", "user"), pk=pk)
    if not request.user.has_perm("romantik.verify_membership", membership):
        raise PermissionDenied
    form = MembershipDecisionForm(request.POST)
    if not form.is_valid():
        return render(
            request,
            "romantik/membership_queue.html",
            {"office": office, "pending": pending_memberships_for(office), "form": form, "failed_pk": membership.pk},
            status=400,
        )
    was_pending = membership_pending(membership)
    membership = membership_decide(
        membership=membership, actor=request.user, approve=form.cleaned_data["approve"], note=form.cleaned_data["note"]
    )
    if not was_pending:
        messages.info(request, _("This request was already decided; nothing changed."))
    elif membership_verified(membership):
        messages.success(
            request,
            _("%(name)s is now verified for %(agency)s.") % {"name": membership.user, "agency": membership.agency},
        )
    else:
        messages.warning(request, _("The request of %(name)s was rejected.") % {"name": membership.user})
    return redirect("membership_queue", code=office.code)


def office_list(request):
    offices = Office.objects.select_related("parent").order_by("code")
    return render(request, "romantik/office_list.html", {"offices": offices})


def standard_history_rows(timeline) -> list[dict]:
    """The earlier versions of a standard for the pages that list them, each with whether it was replaced before
    it took effect."""
    return [{"version": v, "replaced": service_standard_replaced_before_effect(v, timeline)} for v in timeline.earlier]


def office_service(request, code):
    """The office's public service standard: the version in force today (or the office's own fields, for an office
    without versions), the version announced, and the earlier ones."""
    office = get_object_or_404(Office.objects.select_related("parent", "region", "signer_office"), code=code)
    timeline = service_standard_timeline(office, office_today(office))
    return render(
        request,
        "romantik/office_service.html",
        {
            "office": office,
            "standard": timeline.in_force or office,
            "in_force": timeline.in_force,
            "upcoming": timeline.upcoming,
            "history": standard_history_rows(timeline),
            "blank_forms": BLANK_FORMS,
            "document_groups": office_documents_by_kind(office),
            "uses_frkss": office_uses_frkss(office),
        },
    )


@login_required
@never_cache
def office_standard(request, code):
    """The office admin publishes a new version of the office's service standard (romantik/standards.py): the
    form starts from the last version published; the page lists the version in force and those announced."""
    office = get_object_or_404(Office.objects.select_related("region"), code=code)
    if not request.user.has_perm("romantik.manage_office", office):
        raise PermissionDenied
    timeline = service_standard_timeline(office, office_today(office))
    start_from = timeline.latest or office
    form = ServiceStandardForm(
        request.POST or None,
        initial=ServiceStandardForm.initial_from(start_from),
        known_channels=start_from.complaint_channels,
    )
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            version = service_standard_publish(office=office, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            status = refusal_show(request, error, form=form, flash=False)
            messages.error(request, _("The new version was not published: correct what is marked below."))
        else:
            if version.applied_at:
                text = _("Version %(version)s of the service standard is now in force.")
            else:
                text = _("Version %(version)s of the service standard takes effect on %(date)s.")
            messages.success(
                request, text % {"version": version.version, "date": date_format(version.effective_from, "j F Y")}
            )
            return redirect("office_standard", code=office.code)
    elif form.errors:
        status = 400
        messages.error(request, _("The new version was not published: correct what is marked below."))
    return render(
        request,
        "romantik/office_standard.html",
        {
            "office": office,
            "form": form,
            "in_force": timeline.in_force,
            "upcoming": timeline.upcoming,
            "history": standard_history_rows(timeline),
            "start_from": timeline.latest,
            "next_version": (timeline.latest.version + 1) if timeline.latest else 2,
        },
        status=status,
    )


def office_document_download(request, code, pk):
    """One of the office's documents, public as its page is; opened in the browser, named as uploaded."""
    document = get_object_or_404(OfficeDocument, pk=pk, office__code=code)
    return FileResponse(
        document.file.open("rb"), content_type="application/pdf", filename=document.original_name, as_attachment=False
    )


@login_required
def office_documents(request, code):
    """The office admin's guides, booklets, leaflets and forms, shown on the office's public page."""
    office = get_object_or_404(Office, code=code)
    if not request.user.has_perm("romantik.manage_office", office):
        raise PermissionDenied
    form = OfficeDocumentForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            document = office_document_add(office=office, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            status = refusal_show(request, error, form=form, field="file")
        else:
            messages.success(request, _("“%(title)s” is now on the office's page.") % {"title": document.title})
            return redirect("office_documents", code=office.code)
    elif form.errors:
        status = 400
    return render(
        request,
        "romantik/office_documents.html",
        {
            "office": office,
            "form": form,
            "documents": office.documents.order_by("kind", "title", "pk"),
            "max_mb": settings.ATTACHMENT_MAX_MB,
        },
        status=status,
    )


@login_required
@require_POST
def office_document_delete(request, code, pk):
    document = get_object_or_404(OfficeDocument.objects.select_related("office"), pk=pk, office__code=code)
    office_document_remove(document=document, actor=request.user)
    messages.success(request, _("“%(title)s” was removed from the office's page.") % {"title": document.title})
    return redirect("office_documents", code=code)


@login_required
def office_closures(request, code):
    """The office admin's own closed days, on top of national holidays and cuti bersama."""
    office = get_object_or_404(Office, code=code)
    if not request.user.has_perm("romantik.manage_office", office):
        raise PermissionDenied
    form = OfficeClosureForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        closure = office_closure_add(office=office, actor=request.user, **form.cleaned_data)
        messages.success(request, _("%(date)s is now a closed day.") % {"date": closure.date.isoformat()})
        return redirect("office_closures", code=office.code)
    closures = office.closures.order_by("-date")
    return render(
        request,
        "romantik/office_closures.html",
        {"office": office, "form": form, "closures": closures},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def office_closure_delete(request, code, pk):
    closure = get_object_or_404(OfficeClosure.objects.select_related("office"), pk=pk, office__code=code)
    office_closure_remove(closure=closure, actor=request.user)
    messages.success(request, _("The closed day was removed."))
    return redirect("office_closures", code=code)

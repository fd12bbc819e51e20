from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from romantik.calendar import office_today

from .enums import MembershipStatus, Role
from .forms import MembershipDecisionForm, OfficeClosureForm
from .models import AgencyMembership, Office, OfficeClosure
from .selectors import membership_of, office_roles_of, pending_memberships_for
from .services import membership_decide, office_closure_add, office_closure_remove

# Which start page each role lands on, most specific first.
START_ROLE_ORDER = (
    Role.HEAD,
    Role.COORDINATOR,
    Role.REVIEWER,
    Role.FRONT_DESK,
    Role.OFFICE_ADMIN,
    Role.COMPLAINT_HANDLER,
)


def home(request):
    offices = Office.objects.only("code", "name", "level", "service_time_amount", "service_time_unit")
    return render(request, "romantik/home.html", {"offices": offices})


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


@login_required
def agency_dashboard(request):
    from submissions.selectors import submissions_of_agency_user

    membership = membership_of(request.user)
    recent = submissions_of_agency_user(request.user)[:5] if membership else []
    return render(
        request,
        "romantik/agency_dashboard.html",
        {"membership": membership, "MembershipStatus": MembershipStatus, "recent": recent},
    )


def _office_for_staff(request, code) -> Office:
    office = get_object_or_404(Office.objects.select_related("region"), code=code)  # the region: its time zone
    if not request.user.has_perm("romantik.view_office_workspace", office):
        raise PermissionDenied
    return office


@login_required
def office_workspace(request, code):

    from notifications.selectors import failed_message_count
    from review.selectors import AWAITING_DECISION_STATES, WITH_OFFICE_STATES, office_queue, queue_rows

    office = _office_for_staff(request, code)
    urgent = office_queue(office, states=WITH_OFFICE_STATES)[:10]
    return render(
        request,
        "romantik/office_workspace.html",
        {
            "office": office,
            "roles": [Role(r).label for r in sorted(office_roles_of(request.user).get(office.code, set()))],
            "pending_memberships": pending_memberships_for(office)[:50],
            # The 10 most urgent of what waits on the office; the full queue is review:queue.
            "urgent": queue_rows(urgent, office=office, today=office_today(office)),
            "awaiting_count": office_queue(office, states=AWAITING_DECISION_STATES).count(),
            # Failed messages, for those who see the office's message page (None: no link).
            "failed_messages": failed_message_count(office)
            if request.user.has_perm("notifications.view_office_messages", office)
            else None,
        },
    )


@login_required
def office_signing(request, code):
    office = _office_for_staff(request, code)
    if not request.user.has_perm("romantik.sign_for_office", office):
        raise PermissionDenied
    from letters.signing import signer_get
    from letters.views.sign import decision_label, letters_signed_recently, letters_to_sign

    # Offices whose letters this head signs (seed 003: the head of BPS RI signs for Kayong Utara).
    signs_for = Office.objects.filter(signer_office=office).order_by("code")
    to_sign = list(letters_to_sign(office))
    for letter in to_sign:
        letter.decision_label = decision_label(letter)
    return render(
        request,
        "romantik/office_signing.html",
        {
            "office": office,
            "signs_for": signs_for,
            "to_sign": to_sign,
            "signed": letters_signed_recently(office),
            "signer_ready": signer_get().is_available(signer_user=request.user, office=office),
        },
    )


@login_required
def membership_queue(request, code):
    office = _office_for_staff(request, code)
    return render(
        request,
        "romantik/membership_queue.html",
        {"office": office, "pending": pending_memberships_for(office), "form": MembershipDecisionForm()},
    )


@login_required
@require_POST
def membership_decision(request, code, pk):
    office = _office_for_staff(request, code)
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
    was_pending = membership.status == MembershipStatus.PENDING
    membership = membership_decide(
        membership=membership, actor=request.user, approve=form.cleaned_data["approve"], note=form.cleaned_data["note"]
    )
    if not was_pending:
        messages.info(request, _("This request was already decided; nothing changed."))
    elif membership.status == MembershipStatus.VERIFIED:
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


def office_service(request, code):
    """The office's public service standard, generated from its data."""
    office = get_object_or_404(Office.objects.select_related("parent", "region", "signer_office"), code=code)
    return render(request, "romantik/office_service.html", {"office": office})


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

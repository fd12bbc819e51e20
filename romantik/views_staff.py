"""An office's staff, run by its office admin (issue 18): the list, inviting a colleague, one person's roles,
deactivating a leaver, reactivating a colleague who came back; and the office's history. The services decide
(romantik/staff.py); these pages show."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from .audit import office_changes
from .models import Office
from .refusals import StateConflict, refusal_show
from .staff import (
    deactivate_refusal,
    history_may_include_below,
    history_offices,
    history_rows,
    offices_managed_by,
    open_work_of,
    reactivate_refusal,
    roles_at,
    staff_deactivate,
    staff_invite,
    staff_member,
    staff_reactivate,
    staff_roles_set,
    staff_rows,
)
from .staff_forms import (
    HISTORY_BELOW,
    HistoryFilterForm,
    StaffDeactivateForm,
    StaffInviteForm,
    StaffReactivateForm,
    StaffRolesForm,
)

HISTORY_PAGE_SIZE = 25


def _office_managed(request, code) -> Office:
    office = get_object_or_404(Office.objects.select_related("region"), code=code)
    if not request.user.has_perm("romantik.manage_office", office):
        raise PermissionDenied
    return office


def _person(office, pk):
    user = staff_member(office, pk)
    if user is None:
        raise Http404
    return user


@login_required
def staff_list(request, code):
    office = _office_managed(request, code)
    return render(request, "romantik/staff.html", {"office": office, "rows": staff_rows(office)})


@login_required
@require_http_methods(["GET", "POST"])
def staff_invite_page(request, code):
    office = _office_managed(request, code)
    form = StaffInviteForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            invitation = staff_invite(office=office, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            status = refusal_show(request, error, form=form, flash=False)
        else:
            if invitation.created:
                text = _("%(name)s was invited: an e-mail with a link to set a password is on its way to %(email)s.")
            else:
                text = _("%(name)s already has an account: the roles were given and %(email)s was told by e-mail.")
            messages.success(request, text % {"name": invitation.user.full_name, "email": invitation.user.email})
            return redirect("office_staff", code=office.code)
    elif form.errors:
        status = 400
    return render(request, "romantik/staff_invite.html", {"office": office, "form": form}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def staff_person(request, code, pk):
    office = _office_managed(request, code)
    person = _person(office, pk)
    held = roles_at(person, office)
    form = StaffRolesForm(request.POST if request.method == "POST" else None, initial={"roles": held})
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            added, removed = staff_roles_set(
                office=office, actor=request.user, user=person, roles=form.cleaned_data["roles"]
            )
        except ValidationError as error:
            status = refusal_show(request, error, form=form, flash=False)
        else:
            if not added and not removed:
                messages.info(request, _("Nothing changed."))
            else:
                messages.success(request, _("The roles of %(name)s were saved.") % {"name": person.full_name})
            if roles_at(person, office):
                return redirect("office_staff_person", code=office.code, pk=person.pk)
            return redirect("office_staff", code=office.code)
    elif form.errors:
        status = 400
    return render(
        request,
        "romantik/staff_person.html",
        {
            "office": office,
            "person": person,
            "form": form,
            "held": held,
            "may_deactivate": not deactivate_refusal(office=office, actor=request.user, user=person),
            "may_reactivate": not reactivate_refusal(office=office, actor=request.user, user=person),
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def staff_deactivate_page(request, code, pk):
    office = _office_managed(request, code)
    person = _person(office, pk)
    form = StaffDeactivateForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            done = staff_deactivate(office=office, actor=request.user, user=person)
        except (ValidationError, StateConflict) as error:
            status = refusal_show(request, error, conflict=str(error))
        else:
            if done.released:
                text = _("The account of %(name)s is deactivated. Released for reassignment: %(numbers)s.") % {
                    "name": person.full_name,
                    "numbers": ", ".join(done.released),
                }
            else:
                text = _("The account of %(name)s is deactivated.") % {"name": person.full_name}
            messages.success(request, text)
            return redirect("office_staff", code=office.code)
    elif form.errors:
        status = 400
    managed = offices_managed_by(request.user).filter(staff_roles__user=person).distinct()
    return render(
        request,
        "romantik/staff_deactivate.html",
        {
            "office": office,
            "person": person,
            "form": form,
            "refusal": deactivate_refusal(office=office, actor=request.user, user=person),
            "open_work": open_work_of(person, list(managed) or [office]),
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def staff_reactivate_page(request, code, pk):
    office = _office_managed(request, code)
    person = _person(office, pk)
    form = StaffReactivateForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            staff_reactivate(office=office, actor=request.user, user=person, roles=form.cleaned_data["roles"])
        except StateConflict as error:
            status = refusal_show(request, error, conflict=str(error))
        except ValidationError as error:
            status = refusal_show(request, error, form=form, flash=False)
        else:
            messages.success(
                request, _("The account of %(name)s is active again.") % {"name": person.full_name or person.email}
            )
            return redirect("office_staff_person", code=office.code, pk=person.pk)
    elif form.errors:
        status = 400
    return render(
        request,
        "romantik/staff_reactivate.html",
        {
            "office": office,
            "person": person,
            "form": form,
            "refusal": reactivate_refusal(office=office, actor=request.user, user=person),
        },
        status=status,
    )


@login_required
def office_history(request, code):
    office = get_object_or_404(Office.objects.select_related("region"), code=code)
    if not request.user.has_perm("romantik.supervise_office", office):
        raise PermissionDenied
    may_widen = history_may_include_below(office)
    form = HistoryFilterForm(request.GET or None)
    below = may_widen and form.is_valid() and form.cleaned_data["cakupan"] == HISTORY_BELOW
    offices = history_offices(office, below=below)
    page = Paginator(office_changes([o.pk for o in offices]), HISTORY_PAGE_SIZE).get_page(request.GET.get("hal"))
    return render(
        request,
        "romantik/office_history.html",
        {
            "office": office,
            "form": form,
            "may_widen": may_widen,
            "below": below,
            "rows": history_rows(page.object_list, offices),
            "page": page,
            "page_param": "hal",
            "querystring": urlencode({"cakupan": HISTORY_BELOW}) if below else "",
        },
    )


urlpatterns = [
    path("kantor/<str:code>/staf/", staff_list, name="office_staff"),
    path("kantor/<str:code>/staf/undang/", staff_invite_page, name="office_staff_invite"),
    path("kantor/<str:code>/staf/<int:pk>/", staff_person, name="office_staff_person"),
    path("kantor/<str:code>/staf/<int:pk>/nonaktifkan/", staff_deactivate_page, name="office_staff_deactivate"),
    path("kantor/<str:code>/staf/<int:pk>/aktifkan/", staff_reactivate_page, name="office_staff_reactivate"),
    path("kantor/<str:code>/riwayat/", office_history, name="office_history"),
]

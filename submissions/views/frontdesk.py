"""The front desk (PST) of an office: guest book and queue numbers, the waiting-room screen, the visitor's
account and recording their form; and the invitation link with which a visitor sets their password.

Front-desk officers of the office work here; its office admin and coordinator may look. Everyone else
gets 403 (the office) or 404 (a guest of another office). The services check the permission again.
"""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import SetPasswordForm
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from romantik.calendar import office_today
from romantik.models import Office
from romantik.refusals import form_refuse, refusal_show
from romantik.selectors import membership_of

from ..enums import GuestSource, GuestStatus, OfficeLinkPurpose
from ..forms_frontdesk import CallNextForm, GuestBookDayForm, GuestForm, RecordForm, VisitorAccountForm
from ..frontdesk import (
    account_by_email,
    address_conflict,
    awaiting_invitation,
    guest_register,
    guest_serve,
    invitation_accept,
    invitation_user,
    queue_call_next,
    visitor_account_ensure,
    walkin_record,
)
from ..models import GuestBookEntry
from ..office_links import office_link_path, office_links_in_use
from ..selectors import guest_board, walkins_recorded_by_office

PAGE_SIZE = 25
SCREEN_NEXT = 5  # waiting numbers shown on the screen
SCREEN_REFRESH_SECONDS = 10


def _office_for(request, code, perm: str = "submissions.view_front_desk") -> Office:
    office = get_object_or_404(Office.objects.select_related("region"), code=code)  # its time zone: its day
    if not request.user.has_perm(perm, office):
        raise PermissionDenied
    return office


def _entry_for(request, code, pk, perm: str = "submissions.run_front_desk") -> GuestBookEntry:
    office = _office_for(request, code, perm)
    return get_object_or_404(GuestBookEntry.objects.select_related("office", "agency", "user"), pk=pk, office=office)


def _queue_summary(office: Office, day) -> dict:
    """The day's guest book and queue (submissions.selectors.guest_board) and what their templates use."""
    return {**guest_board(office, day), "GuestStatus": GuestStatus, "GuestSource": GuestSource}


def _can_run(request, office) -> bool:
    return request.user.has_perm("submissions.run_front_desk", office)


def device_links(request, office) -> list[dict]:
    """The office's kiosk and screen links for the front-desk page: each purpose, the link in use (its full
    address only for the desk, who may revoke it and hand it to a device) or none."""
    in_use = office_links_in_use(office)
    can_run = _can_run(request, office)
    rows = []
    for purpose in OfficeLinkPurpose:
        link = in_use.get(purpose.value)
        rows.append(
            {
                "purpose": purpose.value,
                "label": purpose.label,
                "link": link,
                "url": request.build_absolute_uri(office_link_path(link)) if link and can_run else "",
            }
        )
    return rows


@login_required
def frontdesk_home(request, code):
    """The office's front desk at a glance: today's guest book and the walk-ins the desk recorded."""
    office = _office_for(request, code)
    today = office_today(office)
    context = _queue_summary(office, today)
    walkins = Paginator(walkins_recorded_by_office(office), PAGE_SIZE).get_page(request.GET.get("halaman"))
    context.update(
        {
            "office": office,
            "day": today,
            "is_today": True,
            "walkins": walkins,
            "can_run": _can_run(request, office),
            "call_form": CallNextForm(),
            "device_links": device_links(request, office),
        }
    )
    return render(request, "submissions/frontdesk_home.html", context)


@login_required
def guestbook(request, code):
    """The guest book of one day (today unless chosen), with each visitor's status and the actions."""
    office = _office_for(request, code)
    today = office_today(office)
    day_form = GuestBookDayForm(request.GET or None)
    day = today
    if day_form.is_bound and day_form.is_valid() and day_form.cleaned_data["tanggal"]:
        day = day_form.cleaned_data["tanggal"]
    context = _queue_summary(office, day)
    context.update(
        {
            "office": office,
            "day": day,
            "is_today": day == today,
            "day_form": day_form if day_form.is_bound else GuestBookDayForm(initial={"tanggal": today}),
            "can_run": _can_run(request, office),
        }
    )
    return render(request, "submissions/frontdesk_guestbook.html", context)


@login_required
def guest_new(request, code):
    office = _office_for(request, code, "submissions.run_front_desk")
    form = GuestForm(request.POST or None, office=office)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            entry = guest_register(
                office=office,
                actor=request.user,
                name=data["name"],
                email=data["email"],
                phone=data["phone"],
                purpose=data["purpose"],
                agency=data["agency"],
                agency_name=data["agency_name"],
                position=data["position"],
            )
        except ValidationError as error:
            form_refuse(form, error)
        else:
            messages.success(
                request,
                _("%(name)s is in the guest book with queue number %(number)s.")
                % {"name": entry.name, "number": entry.queue_number},
            )
            return redirect("submissions:guest_detail", code=office.code, pk=entry.pk)
    return render(
        request,
        "submissions/frontdesk_guest_form.html",
        {"office": office, "form": form},
        status=400 if form.errors else 200,
    )


def _back(request, code, default="submissions:guestbook"):
    target = request.POST.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return redirect(target)
    return redirect(default, code=code)


@login_required
@require_POST
def queue_call(request, code):
    """Call the lowest waiting number. The button carries the number it offered, so a repeated click
    (or a colleague who was quicker) calls nobody twice."""
    office = _office_for(request, code, "submissions.run_front_desk")
    form = CallNextForm(request.POST)
    expected = form.cleaned_data["expected"] if form.is_valid() else None
    entry, called = queue_call_next(office=office, actor=request.user, expected_number=expected)
    if called:
        messages.success(
            request, _("Number %(number)s called: %(name)s.") % {"number": entry.queue_number, "name": entry.name}
        )
    elif entry is not None:
        messages.info(
            request,
            _("Number %(number)s was already called; nothing changed. Call again for the next number.")
            % {"number": entry.queue_number},
        )
    else:
        messages.info(request, _("Nobody is waiting."))
    return _back(request, office.code)


@login_required
def queue_screen(request, code):
    """The waiting-room screen: the number called last, very large, and the next ones. It updates
    itself in place (static/js/queue-screen.js fetches the page every refresh_seconds)."""
    return queue_screen_render(request, _office_for(request, code))


def queue_screen_render(request, office: Office):
    """The waiting-room screen of `office`: for its staff (queue_screen) and through its screen link
    (submissions.views.kiosk.screen_link). Numbers only: no name is ever on the screen."""
    today = office_today(office)
    context = _queue_summary(office, today)
    context.update(
        {
            "office": office,
            "day": today,
            "upcoming": context["waiting"][:SCREEN_NEXT],
            "others_served": [e for e in context["being_served"] if e != context["last_called"]],
            "refresh_seconds": SCREEN_REFRESH_SECONDS,
        }
    )
    return render(request, "submissions/frontdesk_screen.html", context)


@login_required
def guest_detail(request, code, pk):
    entry = _entry_for(request, code, pk, "submissions.view_front_desk")
    office = entry.office
    recorded = walkins_recorded_by_office(office).filter(created_by=entry.user)[:20] if entry.user_id else []
    membership = membership_of(entry.user) if entry.user_id else None
    return render(
        request,
        "submissions/frontdesk_guest.html",
        {
            "office": office,
            "entry": entry,
            "membership": membership,
            "recorded": recorded,
            "can_run": _can_run(request, office),
            "record_form": RecordForm(),
            "GuestStatus": GuestStatus,
        },
    )


@login_required
@require_POST
def guest_served(request, code, pk):
    entry = _entry_for(request, code, pk)
    entry = guest_serve(entry=entry, actor=request.user)
    messages.success(request, _("Number %(number)s is served.") % {"number": entry.queue_number})
    return _back(request, code)


@login_required
def guest_account(request, code, pk):
    """Find the visitor's account by e-mail, or create it; link it to the agency, verified in person."""
    entry = _entry_for(request, code, pk)
    office = entry.office
    initial = {"email": request.GET.get("email") or entry.email}
    if entry.agency_id:
        initial["agency"] = entry.agency_id
    else:
        initial["new_agency_name"] = entry.agency_name
    form = VisitorAccountForm(request.POST or None, office=office, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                result = visitor_account_ensure(
                    entry=entry,
                    actor=request.user,
                    agency=data["agency"],
                    new_agency_name=data["new_agency_name"],
                    email=data["email"],
                )
            except ValidationError as error:
                form_refuse(form, error)
            else:
                # The name the office wrote in the guest book, not the one the account holder chose.
                names = {"name": entry.name, "email": result.user.email}
                if result.created:
                    messages.success(
                        request,
                        _("The account of %(name)s was created and an invitation to set a password sent to %(email)s.")
                        % names,
                    )
                elif result.invited:
                    messages.success(
                        request, _("%(name)s's account was found; the invitation was sent again to %(email)s.") % names
                    )
                else:
                    messages.success(request, _("%(name)s's account (%(email)s) was found.") % names)
                return redirect("submissions:guest_detail", code=office.code, pk=entry.pk)
        status = 400
    lookup_email = (form.data.get("email") if form.is_bound else form.initial.get("email")) or ""
    existing = account_by_email(lookup_email)
    return render(
        request,
        "submissions/frontdesk_account.html",
        {
            "office": office,
            "entry": entry,
            "form": form,
            "lookup_email": lookup_email,
            "existing": existing,
            "existing_awaits_invitation": existing is not None and awaiting_invitation(existing),
            "existing_membership": membership_of(existing) if existing else None,
            "conflict": "" if existing is not None else address_conflict(lookup_email),
        },
        status=status,
    )


@login_required
def guest_record(request, code, pk):
    """Start a form in the visitor's account; the officer then fills it with them, section by section."""
    entry = _entry_for(request, code, pk)
    if entry.user_id is None:
        messages.warning(request, _("Find or create the visitor's account first."))
        return redirect("submissions:guest_account", code=entry.office.code, pk=entry.pk)
    form = RecordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            submission = walkin_record(entry=entry, kind=form.cleaned_data["kind"], actor=request.user)
        except ValidationError as error:
            refusal_show(request, error)
            return redirect("submissions:guest_detail", code=entry.office.code, pk=entry.pk)
        messages.success(
            request,
            _("A %(kind)s form was started for %(name)s, who was told by e-mail. Fill it in together now.")
            % {"kind": submission.get_kind_display(), "name": entry.name},
        )
        return redirect("submissions:section", pk=submission.pk, key="header")
    return render(
        request,
        "submissions/frontdesk_record.html",
        {"office": entry.office, "entry": entry, "form": form},
        status=400 if form.errors else 200,
    )


# --- the visitor's invitation --------------------------------------------------------------------


@never_cache
@sensitive_post_parameters("new_password1", "new_password2")
def invitation(request, uidb36, token):
    """The link of the invitation e-mail: set a password, and the e-mail address counts as verified."""
    user = invitation_user(uidb36=uidb36, token=token)
    if user is None:
        return render(request, "submissions/frontdesk_invitation_invalid.html", status=400)
    form = SetPasswordForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = invitation_accept(uidb36=uidb36, token=token, password=form.cleaned_data["new_password1"])
        except PermissionDenied:
            return render(request, "submissions/frontdesk_invitation_invalid.html", status=400)
        login(request, user, backend="allauth.account.auth_backends.AuthenticationBackend")
        messages.success(request, _("Your password is set and you are logged in. Welcome to Romantik."))
        return redirect("start")
    other = request.user if request.user.is_authenticated and request.user.pk != user.pk else None
    return render(
        request,
        "submissions/frontdesk_invitation.html",
        {"invited": user, "form": form, "other_user": other},
        status=400 if form.errors else 200,
    )


urlpatterns = [
    path("kantor/<str:code>/pst/", frontdesk_home, name="frontdesk"),
    path("kantor/<str:code>/pst/buku-tamu/", guestbook, name="guestbook"),
    path("kantor/<str:code>/pst/buku-tamu/baru/", guest_new, name="guest_new"),
    path("kantor/<str:code>/pst/antrian/panggil/", queue_call, name="queue_call"),
    path("kantor/<str:code>/pst/layar/", queue_screen, name="queue_screen"),
    path("kantor/<str:code>/pst/tamu/<int:pk>/", guest_detail, name="guest_detail"),
    path("kantor/<str:code>/pst/tamu/<int:pk>/selesai/", guest_served, name="guest_served"),
    path("kantor/<str:code>/pst/tamu/<int:pk>/akun/", guest_account, name="guest_account"),
    path("kantor/<str:code>/pst/tamu/<int:pk>/rekam/", guest_record, name="guest_record"),
    path("akun/undangan/<str:uidb36>/<str:token>/", invitation, name="invitation_accept"),
]

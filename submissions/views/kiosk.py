"""The office's devices without a staff log-in (submissions.office_links): the guest-book kiosk, a tablet at the
PST desk where the visitor signs the guest book and takes a queue ticket, and the waiting-room screen; and the
front desk's buttons that issue and revoke their links.

The kiosk shows nobody's data but the visitor's own, and theirs only until the next visitor: the ticket is kept in
the session for one showing, the pages are never cached, the browser is asked not to remember what was typed, and
the pages go back to an empty form after a short time (static/js/kiosk.js; a meta refresh on the ticket).
A wrong link gets 404, a revoked one 403, each with a page that says so and shows nothing of the office's queue.
"""

import secrets

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from romantik.calendar import office_timezone
from romantik.models import Office
from romantik.refusals import form_refuse

from ..enums import GuestPurpose, OfficeLinkPurpose
from ..forms_frontdesk import HONEYPOT_FIELD, KioskGuestForm
from ..frontdesk import guest_register_at_kiosk
from ..kiosk_limits import kiosk_count, kiosk_used_up
from ..links import LINK_STATUS, LinkError
from ..models import GuestBookEntry
from ..office_links import office_link_issue, office_link_resolve, office_link_revoke
from ..selectors import queue_waiting_before
from .frontdesk import queue_screen_render

TICKET_SESSION_KEY = "kiosk_ticket"
# The ticket stays on the tablet this long, then the empty form comes back for the next visitor.
TICKET_SECONDS = 30
# The form goes back to empty after this long without a key pressed or a tap (someone walked away).
FORM_IDLE_SECONDS = 180


# --- the front desk issues and revokes the links ------------------------------------------------------------


def _purpose(purpose: str) -> OfficeLinkPurpose:
    try:
        return OfficeLinkPurpose(purpose)
    except ValueError:
        raise Http404 from None


def _desk_office(request, code) -> Office:
    office = get_object_or_404(Office, code=code)
    if not request.user.has_perm("submissions.run_front_desk", office):
        raise PermissionDenied
    return office


@login_required
@require_POST
def link_issue(request, code, purpose):
    """A new kiosk or screen link for the office; the one in use until now stops working."""
    purpose = _purpose(purpose)
    office = _desk_office(request, code)
    office_link_issue(office=office, purpose=purpose, actor=request.user)
    messages.success(
        request,
        _("A new link for the %(device)s was issued. Open it on that device; any earlier link no longer works.")
        % {"device": purpose.label.lower()},
    )
    return redirect("submissions:frontdesk", code=office.code)


@login_required
@require_POST
def link_revoke(request, code, purpose):
    purpose = _purpose(purpose)
    office = _desk_office(request, code)
    if office_link_revoke(office=office, purpose=purpose, actor=request.user) is None:
        messages.info(request, _("There was no link in use; nothing changed."))
    else:
        messages.success(
            request,
            _("The link for the %(device)s was revoked; it no longer works.") % {"device": purpose.label.lower()},
        )
    return redirect("submissions:frontdesk", code=office.code)


# --- the kiosk and the screen, opened with the office's link ----------------------------------------------------


def _link_or_problem(request, *, code, token, purpose):
    """(link, None), or (None, the page that says why the link cannot be used)."""
    try:
        return office_link_resolve(token=token, code=code, purpose=purpose), None
    except LinkError as error:
        response = render(
            request,
            "submissions/kiosk_link.html",
            {"reason": error.reason, "purpose": purpose},
            status=LINK_STATUS[error.reason],
        )
        return None, response


@never_cache
def kiosk(request, code, token):
    """The visitor fills the guest book (the officer's form) and gets a queue ticket."""
    link, problem = _link_or_problem(request, code=code, token=token, purpose=OfficeLinkPurpose.KIOSK)
    if problem:
        return problem
    office = link.office
    form = KioskGuestForm(request.POST or None, office=office)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            wait = kiosk_used_up(request, link)
            if wait is not None:
                form.add_error(
                    None,
                    _(
                        "Too many visitors were registered at this kiosk in a short time. Please ask the "
                        "front-desk officer to register you; what you typed is kept below."
                    ),
                )
                status = 429
            elif form.is_spam:
                kiosk_count(request, link)  # a bot is told it has a ticket; nothing is saved
                request.session[TICKET_SESSION_KEY] = {"link": link.pk, "decoy": secrets.randbelow(90) + 10}
                return redirect("submissions:kiosk_ticket", code=office.code, token=token)
            else:
                try:
                    entry = guest_register_at_kiosk(
                        link=link,
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
                    kiosk_count(request, link)
                    request.session[TICKET_SESSION_KEY] = {"link": link.pk, "entry": entry.pk}
                    return redirect("submissions:kiosk_ticket", code=office.code, token=token)
    return render(
        request,
        "submissions/kiosk.html",
        {
            "office": office,
            "form": form,
            "honeypot": form[HONEYPOT_FIELD],
            "home": request.path,
            "idle_seconds": FORM_IDLE_SECONDS,
        },
        status=status,
    )


@never_cache
def kiosk_ticket(request, code, token):
    """The ticket of the entry this browser just made, shown once; then the form again."""
    link, problem = _link_or_problem(request, code=code, token=token, purpose=OfficeLinkPurpose.KIOSK)
    if problem:
        return problem
    home = redirect("submissions:kiosk", code=code, token=token)
    ticket = request.session.pop(TICKET_SESSION_KEY, None)
    if not isinstance(ticket, dict) or ticket.get("link") != link.pk:
        return home
    office = link.office
    now = timezone.now().astimezone(office_timezone(office))
    context = {
        "office": office,
        "home": home.url,
        "refresh_seconds": TICKET_SECONDS,
        "issued": now,
        "number": ticket.get("decoy"),
        "purpose": GuestPurpose.RECOMMENDATION.label,
        "ahead": 0,
    }
    if "entry" in ticket:
        entry = GuestBookEntry.objects.filter(pk=ticket["entry"], office=office).first()
        if entry is None:
            return home
        context.update(
            {
                "number": entry.queue_number,
                "purpose": entry.get_purpose_display(),
                "issued": entry.created_at.astimezone(office_timezone(office)),
                "ahead": queue_waiting_before(entry),
            }
        )
    return render(request, "submissions/kiosk_ticket.html", context)


@never_cache
def screen_link(request, code, token):
    """The waiting-room screen on a display without a staff log-in."""
    link, problem = _link_or_problem(request, code=code, token=token, purpose=OfficeLinkPurpose.SCREEN)
    if problem:
        return problem
    return queue_screen_render(request, link.office)


urlpatterns = [
    path("kantor/<str:code>/pst/tautan/<str:purpose>/terbitkan/", link_issue, name="office_link_issue"),
    path("kantor/<str:code>/pst/tautan/<str:purpose>/cabut/", link_revoke, name="office_link_revoke"),
    path("kantor/<str:code>/pst/kios/<str:token>/", kiosk, name="kiosk"),
    path("kantor/<str:code>/pst/kios/<str:token>/tiket/", kiosk_ticket, name="kiosk_ticket"),
    path("kantor/<str:code>/pst/layar/<str:token>/", screen_link, name="screen_link"),
]

"""The front-desk kiosk: the officer opens the questionnaire for a served visitor (a signed, expiring link,
also as a QR code for the visitor's phone); the visitor answers without logging in, sees a thank-you screen,
and the device returns to a neutral "please wait" screen that shows nothing of anyone.

The officer's page: the office's front desk only (403 for other staff, 404 for an entry of another office).
The kiosk pages: anyone with the link; a bad, expired or used link gets a page saying so."""

import re

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.cache import never_cache

from romantik.models import Office
from submissions.links import LINK_STATUS
from submissions.models import GuestBookEntry
from submissions.rules import guest_is_served

from ..forms import RatingForm
from ..kiosk import KIOSK_LINK_MAX_AGE, KioskLinkError, entry_answered, kiosk_entry, kiosk_path, kiosk_token
from ..services import kiosk_response_submit

# The thank-you screen goes back to the neutral screen after this many seconds (a meta refresh: no script).
THANKS_SECONDS = 8


def _qr_svg(url: str) -> str:
    """The link as an inline SVG QR code (qrcode's pure-Python SVG writer), sized for the page."""
    import qrcode
    import qrcode.image.svg

    svg = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, border=2).to_string(encoding="unicode")
    svg = re.sub(
        r'width="[^"]*" height="[^"]*"', 'width="200" height="200" role="img" aria-hidden="true"', svg, count=1
    )
    return mark_safe(svg)  # noqa: S308 - drawn by qrcode from our own URL


@never_cache
@login_required
def kiosk_open(request, code, pk):
    office = get_object_or_404(Office, code=code)
    if not request.user.has_perm("satisfaction.open_kiosk", office):
        raise PermissionDenied
    entry = get_object_or_404(GuestBookEntry.objects.select_related("office"), pk=pk, office=office)
    context = {
        "office": office,
        "entry": entry,
        "answered": entry_answered(entry),
        "served": guest_is_served(entry),
    }
    if context["served"] and not context["answered"]:
        url = request.build_absolute_uri(kiosk_path(kiosk_token(entry=entry, actor=request.user)))
        context.update({"kiosk_url": url, "qr": _qr_svg(url), "valid_until": timezone.localtime() + KIOSK_LINK_MAX_AGE})
    return render(request, "satisfaction/kiosk_open.html", context)


def _link_problem(request, error: KioskLinkError):
    return render(request, "satisfaction/kiosk_link.html", {"reason": error.reason}, status=LINK_STATUS[error.reason])


@never_cache
def kiosk(request, token):
    try:
        entry = kiosk_entry(token)
    except KioskLinkError as error:
        return _link_problem(request, error)
    form = RatingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            kiosk_response_submit(token=token, answers=form.answers())
        except KioskLinkError as error:
            return _link_problem(request, error)
        return redirect("satisfaction:kiosk_thanks")
    return render(request, "satisfaction/kiosk.html", {"form": form, "office": entry.office})


@never_cache
def kiosk_thanks(request):
    return render(
        request,
        "satisfaction/kiosk_screen.html",
        {"thanks": True, "refresh_seconds": THANKS_SECONDS},
    )


@never_cache
def kiosk_idle(request):
    return render(request, "satisfaction/kiosk_screen.html", {"thanks": False})


urlpatterns = [
    path("kantor/<str:code>/pst/tamu/<int:pk>/skm/", kiosk_open, name="kiosk_open"),
    path("skm/kios/", kiosk_idle, name="kiosk_idle"),
    path("skm/kios/terima-kasih/", kiosk_thanks, name="kiosk_thanks"),
    path("skm/kios/<str:token>/", kiosk, name="kiosk"),
]

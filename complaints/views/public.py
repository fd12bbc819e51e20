"""The public side: filing a complaint (with or without an account), the tracking page, "my complaints"
and the attachment download.

Spam defence without third-party services: a honeypot field, and a limit per client address and per e-mail
address (complaints.ratelimit). Wrong tracking pairs get one message whatever was wrong, and are limited too.
"""

import secrets

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _

from romantik.models import Office
from romantik.selectors import membership_of
from submissions.selectors import submissions_of_agency_user

from .. import ratelimit
from ..enums import FIRST_RESPONSE_DAYS, RESOLUTION_DAYS, Kind
from ..forms import HONEYPOT_FIELD, ComplaintForm, TrackingForm
from ..models import Complaint
from ..selectors import complaint_by_tracking, complaint_events, complaints_of_user
from ..services import complaint_file
from .common import attachment_response, may_follow, session_follow

DECOY_SESSION_KEY = "complaints_decoy"


def _minutes(seconds: int) -> int:
    return max(1, (seconds + 59) // 60)


def _submissions_for(user):
    """The submissions a signed-in agency user may point at (None: no agency, no such field)."""
    if not user.is_authenticated or membership_of(user) is None:
        return None
    return submissions_of_agency_user(user)


def _initial(request) -> dict:
    initial = {}
    code = request.GET.get("kantor", "").strip()
    if code:
        office = Office.objects.filter(code=code).first()
        if office is not None:
            initial["office"] = office
    user = request.user
    if user.is_authenticated:
        initial.update({"contact_name": user.full_name, "contact_email": user.email, "contact_phone": user.phone})
    return initial


def _rate_limited(request, email: str) -> bool:
    limit, _window = ratelimit.complaint_rate_limit()
    return ratelimit.rate_exceeded(
        scope="file-address", value=ratelimit.client_address(request), limit=limit
    ) or ratelimit.rate_exceeded(scope="file-email", value=email, limit=limit)


def _rate_count(request, email: str) -> None:
    _limit, window = ratelimit.complaint_rate_limit()
    ratelimit.rate_count(scope="file-address", value=ratelimit.client_address(request), window=window)
    ratelimit.rate_count(scope="file-email", value=email, window=window)


def _decoy(request, office) -> str:
    """A number that looks real for a bot that filled the honeypot; nothing is saved."""
    number = f"ADU-{office.code}-{timezone.localdate().year}-{secrets.randbelow(90000) + 10000:05d}"
    request.session[DECOY_SESSION_KEY] = number
    return number


def file(request):
    """GET: the form (the office from ?kantor=CODE; name and e-mail of a signed-in person). POST: file it."""
    submissions = _submissions_for(request.user)
    status = 200
    if request.method == "POST":
        form = ComplaintForm(request.POST, request.FILES, submissions=submissions)
        if form.is_valid():
            data = form.cleaned_data
            if _rate_limited(request, data["contact_email"]):
                _limit, window = ratelimit.complaint_rate_limit()
                form.add_error(
                    None,
                    _(
                        "Too many complaints were sent from this connection or e-mail address in a short time. "
                        "Please send it again in %(minutes)s minutes; what you typed is kept below "
                        "(choose the attachment again)."
                    )
                    % {"minutes": _minutes(window)},
                )
                return _file_page(request, form, status=429)
            if form.is_spam:
                _rate_count(request, data["contact_email"])
                return redirect("complaints:filed", number=_decoy(request, data["office"]))
            try:
                complaint = complaint_file(
                    office=data["office"],
                    category=data["category"],
                    description=data["description"],
                    contact_name=data["contact_name"],
                    contact_email=data["contact_email"],
                    contact_phone=data["contact_phone"],
                    complainant=request.user if request.user.is_authenticated else None,
                    submission=data.get("submission"),
                    attachment=data["attachment"] or None,
                )
            except PermissionDenied:
                form.add_error("submission", _("Choose one of your agency's submissions."))
            except ValidationError as error:
                for field, errors in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                # Counted once filed: a refused attachment does not use up an honest person's tries.
                _rate_count(request, data["contact_email"])
                session_follow(request, complaint)
                return redirect("complaints:filed", number=complaint.number)
        status = 400
    else:
        form = ComplaintForm(initial=_initial(request), submissions=submissions)
    return _file_page(request, form, status=status)


def _file_page(request, form, *, status: int):
    return render(
        request,
        "complaints/file.html",
        {
            "form": form,
            "honeypot": form[HONEYPOT_FIELD],
            "first_response_days": FIRST_RESPONSE_DAYS,
            "simple_days": RESOLUTION_DAYS[Kind.SIMPLE],
            "other_days": RESOLUTION_DAYS[Kind.OTHER],
        },
        status=status,
    )


def filed(request, number):
    """The tracking number, big, for the session that filed the complaint."""
    if request.session.get(DECOY_SESSION_KEY) == number:
        return render(request, "complaints/filed.html", {"number": number, "decoy": True})
    complaint = Complaint.objects.select_related("office").filter(number=number).first()
    if complaint is None or not may_follow(request, complaint):
        raise Http404
    return render(request, "complaints/filed.html", {"number": complaint.number, "complaint": complaint})


def track(request):
    """Number and e-mail address → the complaint's page. A wrong pair gets one message, whichever part is wrong."""
    limit, window = ratelimit.tracking_rate_limit()
    address = ratelimit.client_address(request)
    status = 200
    if request.method == "POST":
        form = TrackingForm(request.POST)
        if form.is_valid():
            if ratelimit.rate_exceeded(scope="track", value=address, limit=limit):
                form.add_error(
                    None,
                    _("Too many unsuccessful attempts. Please try again in %(minutes)s minutes.")
                    % {"minutes": _minutes(window)},
                )
                status = 429
            else:
                complaint = complaint_by_tracking(form.cleaned_data["number"], form.cleaned_data["email"])
                if complaint is not None:
                    session_follow(request, complaint)
                    return redirect("complaints:track_detail", number=complaint.number)
                ratelimit.rate_count(scope="track", value=address, window=window)
                form.add_error(
                    None,
                    _(
                        "No complaint matches this tracking number and e-mail address. Check both "
                        "(the number is in the e-mail we sent when the complaint was filed)."
                    ),
                )
                status = 400
        else:
            status = 400
    else:
        form = TrackingForm(initial={"number": request.GET.get("nomor", "").strip()[:40]})
    mine = complaints_of_user(request.user)[:20] if request.user.is_authenticated else None
    return render(request, "complaints/track.html", {"form": form, "mine": mine}, status=status)


def track_detail(request, number):
    """What the complainant sees: status, targets and the public log (replies and status changes)."""
    complaint = get_object_or_404(Complaint.objects.select_related("office", "submission"), number=number)
    if not may_follow(request, complaint):
        raise Http404
    return render(
        request,
        "complaints/track_detail.html",
        {"complaint": complaint, "events": complaint_events(complaint, public_only=True)},
    )


@login_required
def mine(request):
    """'My complaints': those filed while signed in (the others are followed by number and e-mail)."""
    return render(request, "complaints/mine.html", {"complaints": complaints_of_user(request.user)})


def attachment(request, number):
    """The attachment, for the complainant (handlers download it from the office page); 404 for everyone else."""
    complaint = get_object_or_404(Complaint.objects.select_related("office"), number=number)
    if not may_follow(request, complaint):
        raise Http404
    return attachment_response(complaint)


urlpatterns = [
    path("pengaduan/", file, name="file"),
    path("pengaduan/terkirim/<str:number>/", filed, name="filed"),
    path("pengaduan/lacak/", track, name="track"),
    path("pengaduan/lacak/<str:number>/", track_detail, name="track_detail"),
    path("pengaduan/saya/", mine, name="mine"),
    path("pengaduan/<str:number>/lampiran/", attachment, name="attachment"),
]

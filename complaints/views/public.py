"""The public side: filing a complaint (with or without an account), the tracking page, "my complaints"
and the attachment download.

Spam defence without third-party services: a honeypot field, and a limit per client address and per e-mail
address (complaints.limits: django-ratelimit in the shared cache). A complaint is followed with its number and
tracking key (complaints.tracking), from the link the complainant received or typed on the tracking page; wrong
pairs get one message whatever was wrong, and are limited too.
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
from romantik.refusals import form_refuse
from romantik.selectors import membership_of
from submissions.selectors import submissions_of_agency_user

from .. import limits, tracking
from ..enums import FIRST_RESPONSE_DAYS, RESOLUTION_DAYS, Kind
from ..forms import HONEYPOT_FIELD, ComplaintForm, TrackingForm
from ..models import Complaint
from ..selectors import activity_of_code, complaint_by_tracking, complaint_events, complaints_of_user
from ..services import complaint_file
from .common import attachment_response, may_follow, session_follow

DECOY_SESSION_KEY = "complaints_decoy"
# The key of the complaint just filed, for the confirmation page, which shows it once.
FILED_SESSION_KEY = "complaints_filed_key"


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
    activity = activity_of_code(request, request.GET.get("kode", "")[:20]) if request.GET.get("kode") else None
    if activity is not None:  # from Cek Survei's "Laporkan masalah": its office, and the activity named
        initial["office"] = activity.office
        initial["description"] = _("About the activity “%(title)s” (Cek Survei code %(code)s): ") % {
            "title": activity.title,
            "code": activity.code,
        }
    user = request.user
    if user.is_authenticated:
        initial.update({"contact_name": user.full_name, "contact_email": user.email, "contact_phone": user.phone})
    return initial


def _decoy(request, office) -> str:
    """A number that looks real for a bot that filled the honeypot; nothing is saved."""
    number = f"ADU-{office.code}-{timezone.localdate().year}-{secrets.randbelow(90000) + 10000:05d}"
    request.session[DECOY_SESSION_KEY] = number
    request.session[FILED_SESSION_KEY] = {"number": number, "key": tracking.key_new()}
    return number


def file(request):
    """GET: the form (the office from ?kantor=CODE, or office and activity from ?kode=, an activity's public code;
    name and e-mail of a signed-in person). POST: file it."""
    submissions = _submissions_for(request.user)
    status = 200
    if request.method == "POST":
        form = ComplaintForm(request.POST, request.FILES, submissions=submissions)
        if form.is_valid():
            data = form.cleaned_data
            wait = limits.filing_used_up(request, data["contact_email"])
            if wait is not None:
                form.add_error(
                    None,
                    _(
                        "Too many complaints were sent from this connection or e-mail address in a short time. "
                        "Please send it again in %(minutes)s minutes; what you typed is kept below "
                        "(choose the attachment again)."
                    )
                    % {"minutes": _minutes(wait)},
                )
                return _file_page(request, form, status=429)
            if form.is_spam:
                limits.filing_count(request, data["contact_email"])
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
                form_refuse(form, error)
            else:
                # Counted once filed: a refused attachment does not use up an honest person's tries.
                limits.filing_count(request, data["contact_email"])
                session_follow(request, complaint)
                request.session[FILED_SESSION_KEY] = {"number": complaint.number, "key": complaint.tracking_key}
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


def _filed_link(request, number) -> str:
    """The tracking link of the complaint this session just filed, once: the key is not kept after showing it
    (the receipt e-mail has it too)."""
    filed = request.session.get(FILED_SESSION_KEY) or {}
    if filed.get("number") != number:
        return ""
    del request.session[FILED_SESSION_KEY]
    return request.build_absolute_uri(tracking.tracking_link(number, filed.get("key", "")))


def filed(request, number):
    """The tracking number, big, and the tracking link, for the session that filed the complaint."""
    if request.session.get(DECOY_SESSION_KEY) == number:
        return render(
            request, "complaints/filed.html", {"number": number, "decoy": True, "link": _filed_link(request, number)}
        )
    complaint = Complaint.objects.select_related("office").filter(number=number).first()
    if complaint is None or not may_follow(request, complaint):
        raise Http404
    return render(
        request,
        "complaints/filed.html",
        {"number": complaint.number, "complaint": complaint, "link": _filed_link(request, complaint.number)},
    )


def _complaint_by_key(request, number: str, key: str) -> tuple[Complaint | None, int | None]:
    """(complaint, None) when number and key match; (None, 400) when not, counted against this client's
    limit; (None, 429) once the limit is used up, even for a right pair."""
    if limits.tracking_used_up(request) is not None:
        return None, 429
    complaint = complaint_by_tracking(number, key)
    if complaint is not None:
        return complaint, None
    limits.tracking_failed(request)
    return None, 400


def _refusal(request, status: int) -> str:
    if status == 429:
        return _("Too many unsuccessful attempts. Please try again in %(minutes)s minutes.") % {
            "minutes": _minutes(limits.tracking_used_up(request) or 0)
        }
    return _(
        "No complaint matches this tracking number and tracking code. Check both: they are in the e-mail we "
        "sent when the complaint was filed, or in a newer one with a new tracking link."
    )


def _track_page(request, form, *, status: int):
    mine = complaints_of_user(request.user)[:20] if request.user.is_authenticated else None
    return render(request, "complaints/track.html", {"form": form, "mine": mine}, status=status)


def track(request):
    """Number and tracking code → the complaint's page. A wrong pair gets one message, whichever part is wrong."""
    if request.method != "POST":
        form = TrackingForm(initial={"number": request.GET.get("nomor", "").strip()[:40]})
        return _track_page(request, form, status=200)
    form = TrackingForm(request.POST)
    if not form.is_valid():
        return _track_page(request, form, status=400)
    complaint, status = _complaint_by_key(request, form.cleaned_data["number"], form.cleaned_data["key"])
    if complaint is not None:
        session_follow(request, complaint)
        return redirect("complaints:track_detail", number=complaint.number)
    form.add_error(None, _refusal(request, status))
    return _track_page(request, form, status=status)


def track_detail(request, number):
    """What the complainant sees: status, targets and the public log (replies and status changes).

    With ?kode=<key> (the tracking link), a right key lets this session follow the complaint and redirects to
    the page without the key, so it stays out of the address bar and the history; a wrong one gets the
    tracking form with its message."""
    key = request.GET.get(tracking.KEY_PARAM)
    if key is not None:
        complaint = Complaint.objects.filter(number=number).first()
        if complaint is not None and may_follow(request, complaint):
            return redirect("complaints:track_detail", number=complaint.number)
        complaint, status = _complaint_by_key(request, number, key)
        if complaint is not None:
            session_follow(request, complaint)
            return redirect("complaints:track_detail", number=complaint.number)
        form = TrackingForm({"number": number[:40], "key": ""})
        form.is_valid()
        form.errors.pop("key", None)
        form.add_error(None, _refusal(request, status))
        return _track_page(request, form, status=status)
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
    """'My complaints': those filed while signed in (the others are followed with their tracking link)."""
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

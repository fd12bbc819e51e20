from django.conf import settings
from django.contrib import messages
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from .links import reversed_once
from .officetime import office_code_of_url, zone_of_code
from .security import AUTHENTICATE, SETUP, two_factor_missing
from .selectors import membership_with_region, office_roles_of

MB = 1024 * 1024


class RequestBodyLimitMiddleware:
    """First in MIDDLEWARE: a request body larger than REQUEST_BODY_MAX_BYTES is refused from its Content-Length
    (413), and one sent without a length (Transfer-Encoding: chunked, 411), before anything reads it. Django reads
    a body only up to its Content-Length, so nothing larger is ever read, spooled to disk or parsed. nginx refuses
    the same bodies in front (deploy/nginx/); this holds where nothing is in front (runserver, bare gunicorn).

    The answer is a short page in the visitor's language (Indonesian by default), JSON under /api/."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        meta = request.META
        if meta.get("HTTP_TRANSFER_ENCODING", "").strip().lower() not in ("", "identity"):
            return self._refuse(request, 411)
        length = (meta.get("CONTENT_LENGTH") or "").strip()
        if length.isdigit() and int(length) > settings.REQUEST_BODY_MAX_BYTES:
            return self._refuse(request, 413)
        return self.get_response(request)

    @staticmethod
    def _refuse(request, status: int) -> HttpResponse:
        # LocaleMiddleware has not run yet: the language comes from the cookie or Accept-Language here.
        with translation.override(translation.get_language_from_request(request)):
            if status == 413:
                title = _("The upload is too large")
                message = _(
                    "Files of up to %(limit)s MB can be sent. Make the file smaller (for example, scan it at a "
                    "lower resolution or split it into several files) and send it again."
                ) % {"limit": settings.ATTACHMENT_MAX_MB}
                code = "too_large"
            else:
                title = _("The request has no length")
                message = _(
                    "The request was sent in pieces without saying its length, which this service does not "
                    "accept. Send it again from the form, or with a Content-Length header."
                )
                code = "length_required"
            if request.path.startswith("/api/"):
                response = JsonResponse({"error": {"code": code, "message": message, "fields": {}}}, status=status)
            else:
                html = render_to_string(
                    "romantik/request_refused.html",
                    {"title": title, "message": message, "LANGUAGE_CODE": translation.get_language()},
                )
                response = HttpResponse(html, status=status)
        response["Cache-Control"] = "no-store"
        return response


class RequireTwoFactorMiddleware:
    """On every request: a person whose roles require two-factor authentication works only in a session that
    passed a second factor (romantik.security.two_factor_missing). Without an authenticator app they are sent
    to set one up; with one that this session never used (the role came, or the app was added, after this
    session logged in) they are asked for its code. Until then only those pages and logging out work."""

    def __init__(self, get_response):
        self.get_response = get_response

    @staticmethod
    def _always_open() -> tuple:
        return (*reversed_once("account_logout", "set_language"), "/static/", "/health/")

    @staticmethod
    def _setup_paths() -> tuple:
        # allauth asks for the password again before set-up (account_reauthenticate).
        return reversed_once("mfa_index", "account_reauthenticate")

    def __call__(self, request):
        path = request.path
        user = getattr(request, "user", None)
        if user is None or path.startswith(self._always_open()) or not user.is_authenticated:
            return self.get_response(request)
        missing = two_factor_missing(request)
        if missing == SETUP and not path.startswith(self._setup_paths()):
            messages.warning(
                request,
                _(
                    "Your role (head of office, office administrator or site administrator) requires two-factor "
                    "authentication. Set up an authenticator app to continue."
                ),
            )
            return redirect("mfa_activate_totp")
        if missing == AUTHENTICATE and path != reversed_once("mfa_reauthenticate")[0]:
            messages.warning(
                request,
                _(
                    "Your role requires two-factor authentication, and this session has not used it yet. "
                    "Enter the code from your authenticator app to continue."
                ),
            )
            back = request.get_full_path() if request.method == "GET" else reverse("start")
            return redirect(f"{reverse('mfa_reauthenticate')}?{urlencode({'next': back})}")
        return self.get_response(request)


class OfficeTimeZoneMiddleware:
    """Times in the office's own zone (romantik.officetime): each page works in the time zone of the office it
    concerns (WIB, WITA or WIT), chosen once its URL is resolved:

    - staff see their office's time (of several offices: the one the page concerns, if theirs);
    - on the pages of an object of one office (a submission, a complaint, a letter; an office's own pages),
      everybody else sees that office's time;
    - a member of an agency elsewhere sees the time of its province (the office that serves it);
    - anything else, and the API (whose times carry their offset), Jakarta's (settings.TIME_ZONE).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.path.startswith("/api/"):
            return None
        code = self.office_code(request)
        if code:
            timezone.activate(zone_of_code(code))
        return None

    @staticmethod
    def office_code(request) -> str | None:
        user = getattr(request, "user", None)
        staff_codes = sorted(office_roles_of(user)) if user is not None else []
        if len(staff_codes) == 1:
            return staff_codes[0]  # no need to find the page's office
        page_code = office_code_of_url(getattr(request, "resolver_match", None))
        if staff_codes:
            return page_code if page_code in staff_codes else staff_codes[0]
        if page_code:
            return page_code
        # An agency's member elsewhere: the zone of its province, whose office serves it (BPS RI's for an agency
        # without a region). Loaded with the membership the navigation reads anyway: no query more.
        membership = membership_with_region(user) if user is not None else None
        region = membership.agency.region if membership is not None else None
        return region.code if region is not None else None

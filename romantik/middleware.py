from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from .security import MFA_SETUP_REQUIRED, mfa_setup_pending


class RequireTwoFactorMiddleware:
    """Sends heads and office admins without two-factor authentication to its set-up page first.
    The flag is computed at log-in (romantik.security), so this costs no query per request once set up."""

    def __init__(self, get_response):
        self.get_response = get_response

    def _allowed(self, path: str) -> bool:
        open_paths = (
            reverse("mfa_index"),
            reverse("account_reauthenticate"),  # allauth asks for the password again before set-up
            reverse("account_logout"),
            reverse("set_language"),
            "/static/",
            "/health/",
        )
        return path.startswith(open_paths)

    def __call__(self, request):
        session = getattr(request, "session", None)
        if session is not None and session.get(MFA_SETUP_REQUIRED) and not self._allowed(request.path):
            if request.user.is_authenticated and not mfa_setup_pending(request.user):
                session[MFA_SETUP_REQUIRED] = False  # set up meanwhile (checked only while flagged)
            elif request.user.is_authenticated:
                messages.warning(
                    request,
                    _(
                        "Your role (head of office or office administrator) requires two-factor authentication. "
                        "Set up an authenticator app to continue."
                    ),
                )
                return redirect("mfa_activate_totp")
        return self.get_response(request)

"""Log-in protection: who is locked out after failed log-ins (django-axes), and who must use
two-factor authentication (allauth's TOTP) before working: heads sign letters, office admins resend
mail and manage certificates, so a stolen password alone must not be enough for them."""

from allauth.mfa.models import Authenticator
from allauth.mfa.signals import authenticator_removed
from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

# Set in the session at log-in; read by RequireTwoFactorMiddleware without a query per request.
MFA_SETUP_REQUIRED = "romantik_mfa_setup_required"


def axes_username(request, credentials) -> str:
    """The e-mail address a log-in attempt was for (allauth's form calls the field "login")."""
    credentials = credentials or {}
    value = credentials.get("login") or credentials.get("email") or credentials.get("username")
    if not value and request is not None:
        value = request.POST.get("login", "")
    return (value or "").strip().lower()


def mfa_required(user) -> bool:
    return user.office_roles.filter(role__in=settings.MFA_REQUIRED_ROLES).exists()


def mfa_enabled(user) -> bool:
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def totp_activate(*, user, secret: str) -> None:
    """Give a person a TOTP authenticator with a known secret (demo data and tests only)."""
    from allauth.mfa.totp.internal.auth import TOTP

    if not mfa_enabled(user):
        TOTP.activate(user, secret)


def totp_code_now(secret: str) -> str:
    """The code an authenticator app shows now for this secret."""
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value, yield_hotp_counters_from_time

    return format_hotp_value(hotp_value(secret, next(yield_hotp_counters_from_time())))


def totp_secret_of(user) -> str | None:
    """The TOTP secret of a person's authenticator (demo and tests: to compute the current code)."""
    from allauth.mfa.adapter import get_adapter

    authenticator = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    return get_adapter().decrypt(authenticator.data["secret"]) if authenticator else None


def mfa_setup_pending(user) -> bool:
    return mfa_required(user) and not mfa_enabled(user)


@receiver(user_logged_in, dispatch_uid="romantik-mfa-check")
def _check_at_log_in(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        request.session[MFA_SETUP_REQUIRED] = mfa_setup_pending(user)


@receiver(authenticator_removed, dispatch_uid="romantik-mfa-removed")
def _recheck(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        request.session[MFA_SETUP_REQUIRED] = mfa_setup_pending(user)

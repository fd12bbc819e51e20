"""Log-in protection: who is locked out after failed log-ins (django-axes), and who must use
two-factor authentication (allauth's TOTP) before working: heads sign letters, office admins resend
mail and manage certificates, so a stolen password alone must not be enough for them.

Two-factor is a property of the session, checked on every request (RequireTwoFactorMiddleware): the roles a
person holds now require it, and this session must have passed a second factor (allauth's authentication
records). A role granted mid-session, or an authenticator added in another session, counts at once."""

from allauth.core import context as allauth_context
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.db.models.signals import post_save
from django.dispatch import receiver

from .compiled import CompiledRead

# What a session lacks before its person may work (two_factor_missing).
SETUP = "setup"  # the person has no authenticator app yet
AUTHENTICATE = "authenticate"  # they have one, but this session never used it


def axes_username(request, credentials) -> str:
    """The e-mail address a log-in attempt was for (allauth's form calls the field "login")."""
    credentials = credentials or {}
    value = credentials.get("login") or credentials.get("email") or credentials.get("username")
    if not value and request is not None:
        value = request.POST.get("login", "")
    return (value or "").strip().lower()


def mfa_required(user) -> bool:
    """The roles the person holds now require two-factor: a site admin (is_staff, is_superuser: the Django
    admin), or a role in MFA_REQUIRED_ROLES in any office (their roles are read once per request)."""
    from .selectors import office_roles_of

    if user.is_staff or user.is_superuser:
        return True
    required = set(settings.MFA_REQUIRED_ROLES)
    return any(held & required for held in office_roles_of(user).values())


# The person's authenticator app, if any: a query compiled once per process (romantik.compiled).
_TOTP = CompiledRead(
    lambda user_id: Authenticator.objects.filter(user_id=user_id, type=Authenticator.Type.TOTP).values_list("pk")[:1]
)


def mfa_enabled(user) -> bool:
    """The person has an authenticator app (read afresh on every call: a query compiled once per process)."""
    return bool(_TOTP.rows(user.pk))


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


def session_passed_two_factor(request) -> bool:
    """This session's person gave a second factor in it (at log-in, re-authenticating, or activating the app)."""
    from allauth.account.authentication import get_authentication_records

    return any(record.get("method") == "mfa" for record in get_authentication_records(request, request.user))


def two_factor_missing(request) -> str | None:
    """SETUP or AUTHENTICATE when the signed-in person's roles require two-factor and this session lacks it."""
    user = request.user
    if not user.is_authenticated or not mfa_required(user):
        return None
    if not mfa_enabled(user):
        return SETUP
    if not session_passed_two_factor(request):
        return AUTHENTICATE
    return None


@receiver(post_save, sender=Authenticator, dispatch_uid="romantik-mfa-activated")
def _activated_in_this_session(sender, instance, created, **kwargs):
    """Activating an authenticator app takes a valid code from it: the session that did so has passed a second
    factor. (allauth records one only at log-in and re-authentication.)"""
    from allauth.account.internal.flows.login import record_authentication

    request = allauth_context.request
    if not created or instance.type != Authenticator.Type.TOTP or request is None:
        return
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or user.pk != instance.user_id:
        return
    record_authentication(request, user, "mfa", id=instance.pk, type=instance.type, activated=True)

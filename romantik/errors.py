"""The page of a form whose CSRF token went stale (CSRF_FAILURE_VIEW), in the site's frame and language.

A tab left open while its person logged out and in again elsewhere holds a token of the old session; sending
its form fails Django's CSRF check. This page explains that, and keeps what was typed: the posted fields come
back as hidden inputs of a form with a fresh token, and "Send again" posts them to the same address, where the
page's own view takes them as if nothing had happened (its own checks and messages apply; a form it refuses is
shown bound, so nothing is lost). This works for every form without the form's page taking part.

Never offered again:
- passwords, passphrases, one-time codes and tokens (by the field's name, `SECRET_FIELD_WORDS`): typed again;
- files: a browser does not let a page choose a file for its person; the page says to choose them again;
- anything when the request did not come from this site's own pages (its Origin, or else its Referer, is
  another site's, or neither is sent): a form another site posted must not become a form of ours, one click
  away from being sent with a valid token. Such a request gets the explanation and a way on only.
"""

import re
from urllib.parse import urlsplit

from django.conf import settings
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache

# A field is never offered again when a word of its name (split at "_", "-", "." and digits) is one of these
# or contains "pass" (password1, oldpassword, passphrase…; rather one field too many than a password kept): the
# portal's password, passphrase, one-time code (allauth's "code"), key and token fields, and others named so.
SECRET_FIELD_WORDS = frozenset({"secret", "token", "otp", "totp", "code", "pin", "key", "signature", "credential"})
CSRF_FIELD = "csrfmiddlewaretoken"


def _is_secret(name: str) -> bool:
    words = [word for word in re.split(r"[^a-z]+", name.lower()) if word]
    return any(word in SECRET_FIELD_WORDS or "pass" in word for word in words)


def _own_origin(request) -> bool:
    """The failed POST came from one of this site's pages: its Origin header (or, without one, its Referer)
    names this host or a trusted origin."""
    origin = request.META.get("HTTP_ORIGIN")
    if origin is None:
        referer = request.META.get("HTTP_REFERER")
        if not referer:
            return False
        parts = urlsplit(referer)
        origin = f"{parts.scheme}://{parts.netloc}"
    if origin == "null":
        return False
    try:
        own = f"{request.scheme}://{request.get_host()}"
    except Exception:  # DisallowedHost
        return False
    return origin == own or origin in settings.CSRF_TRUSTED_ORIGINS


def kept_fields(request) -> tuple[list[tuple[str, str]], list[str]]:
    """The posted (name, value) pairs offered again, in their order, and the names of what was left out."""
    kept, dropped = [], []
    for name, values in request.POST.lists():
        if name == CSRF_FIELD:
            continue
        if _is_secret(name):
            dropped.append(name)
            continue
        kept.extend((name, value) for value in values)
    return kept, dropped


def _back_url(request) -> str:
    referer = request.META.get("HTTP_REFERER", "")
    if referer and url_has_allowed_host_and_scheme(referer, {request.get_host()}, request.is_secure()):
        return referer
    return ""


@never_cache
def csrf_failure(request, reason=""):
    """Django calls this when a POST fails the CSRF check (403), instead of its bare English page."""
    same_site = _own_origin(request)
    kept, dropped = kept_fields(request) if same_site else ([], [])
    files = bool(request.FILES) if same_site else False
    return render(
        request,
        "romantik/csrf_failure.html",
        {
            "resend": same_site,
            "kept": kept,
            "dropped_secret": bool(dropped),
            "dropped_files": files,
            "action": request.get_full_path(),
            "back_url": _back_url(request),
            "no_cookie": reason == "CSRF cookie not set.",
        },
        status=403,
    )

"""A backend for a WhatsApp Business HTTP API (the Cloud API's message shape), configured by settings."""

import json
import re
import urllib.error
import urllib.request

from django.conf import settings

# E.164 limits: at most 15 digits; Indonesian mobile numbers are 62 8xx…, 10–13 digits after the 62.
_INDONESIAN_MOBILE = re.compile(r"^628\d{7,12}$")
_INTERNATIONAL = re.compile(r"^[1-9]\d{7,14}$")


class WhatsAppError(Exception):
    """The WhatsApp API did not accept a message (HTTP error, timeout, unexpected answer)."""


def whatsapp_enabled() -> bool:
    return bool(settings.WHATSAPP_API_URL)


def phone_normalise(phone: str) -> str:
    """E.164 digits without "+" for a phone number, "" when it is not a usable mobile number.

    "0812-3456-7890" → "6281234567890"; "+62 812 3456 7890" → "6281234567890".
    """
    raw = (phone or "").strip()
    if not raw or re.search(r"[^\d\s\-+().]", raw):
        return ""
    international = raw.startswith("+") or raw.startswith("00")
    digits = re.sub(r"\D", "", raw)
    if raw.startswith("00"):
        digits = digits[2:]
    if not international:
        if digits.startswith("0"):
            digits = "62" + digits[1:]
        elif digits.startswith("8"):
            digits = "62" + digits
    if digits.startswith("62"):
        return digits if _INDONESIAN_MOBILE.match(digits) else ""
    return digits if international and _INTERNATIONAL.match(digits) else ""


def whatsapp_send(*, to: str, text: str) -> str:
    """Send a text message; returns the provider's message id. Raises WhatsAppError on any failure."""
    if not whatsapp_enabled():
        raise WhatsAppError("WhatsApp is not configured (WHATSAPP_API_URL is empty)")
    number = phone_normalise(to)
    if not number:
        raise WhatsAppError(f"Not a valid WhatsApp number: {to!r}")
    payload = {"messaging_product": "whatsapp", "to": number, "type": "text", "text": {"body": text}}
    request = urllib.request.Request(
        settings.WHATSAPP_API_URL,
        data=json.dumps(payload).encode(),
        method="POST",
        headers={
            "Authorization": f"Bearer {settings.WHATSAPP_API_TOKEN}",
            "Content-Type": "application/json",
            "Accept": "application/json",
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=settings.WHATSAPP_TIMEOUT) as response:  # noqa: S310 - URL from settings
            answer = json.loads(response.read() or b"{}")
    except urllib.error.HTTPError as exc:
        detail = exc.read()[:500].decode(errors="replace")
        raise WhatsAppError(f"WhatsApp API answered HTTP {exc.code}: {detail}") from exc
    except TimeoutError as exc:
        raise WhatsAppError(f"WhatsApp API did not answer within {settings.WHATSAPP_TIMEOUT} s") from exc
    except urllib.error.URLError as exc:
        if isinstance(exc.reason, TimeoutError):
            raise WhatsAppError(f"WhatsApp API did not answer within {settings.WHATSAPP_TIMEOUT} s") from exc
        raise WhatsAppError(f"WhatsApp API unreachable: {exc.reason}") from exc
    except ValueError as exc:
        raise WhatsAppError("WhatsApp API answered with invalid JSON") from exc
    try:
        return str(answer["messages"][0]["id"])
    except (KeyError, IndexError, TypeError) as exc:
        raise WhatsAppError(f"WhatsApp API answer has no message id: {answer!r}"[:500]) from exc

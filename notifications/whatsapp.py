"""WhatsApp backends, chosen by WHATSAPP_BACKEND:

- "file" (the embedded default, and whenever WHATSAPP_API_URL is empty): each message is written as a JSON file
  to WHATSAPP_FILE_PATH (var/whatsapp/<timestamp>-<id>.json), as mail is written to var/mail, so a demo shows it;
- "cloud": the WhatsApp Business Cloud API (WHATSAPP_API_URL, WHATSAPP_API_TOKEN). Outside the 24-hour
  customer-service window only approved templates may be sent, and the portal receives no inbound messages (it has
  no webhook), so every message is sent as the template configured for it (`whatsapp_templates`);
- "off": no WhatsApp at all.
"""

import json
import re
import urllib.error
import urllib.request
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.utils import timezone

# E.164 limits: at most 15 digits; Indonesian mobile numbers are 62 8xx…, 10–13 digits after the 62.
_INDONESIAN_MOBILE = re.compile(r"^628\d{7,12}$")
_INTERNATIONAL = re.compile(r"^[1-9]\d{7,14}$")

BACKEND_FILE = "file"
BACKEND_CLOUD = "cloud"
BACKEND_OFF = "off"
BACKENDS = (BACKEND_FILE, BACKEND_CLOUD, BACKEND_OFF)

# The Cloud API refuses a template parameter with a newline, a tab or more than four spaces in a row.
PARAMETER_MAX_CHARS = 1000


class WhatsAppError(Exception):
    """The WhatsApp API did not accept a message. `permanent`: sending it again will not help (the request or the
    configuration is wrong: HTTP 4xx, no template); otherwise (HTTP 5xx, 429, a timeout) it is retried."""

    permanent = False


class WhatsAppRejected(WhatsAppError):
    permanent = True


def whatsapp_backend() -> str:
    """ "file", "cloud" or "off": WHATSAPP_BACKEND, else "cloud" when WHATSAPP_API_URL is set, else "file"."""
    chosen = (getattr(settings, "WHATSAPP_BACKEND", "") or "").strip().lower()
    if chosen in BACKENDS:
        return chosen
    return BACKEND_CLOUD if settings.WHATSAPP_API_URL else BACKEND_FILE


def whatsapp_enabled() -> bool:
    """Whether the portal can send WhatsApp at all: the file backend, or the Cloud API with its URL."""
    backend = whatsapp_backend()
    return backend == BACKEND_FILE or (backend == BACKEND_CLOUD and bool(settings.WHATSAPP_API_URL))


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


def phone_display(number: str) -> str:
    """ "6281234567890" → "+62 812-3456-7890" (E.164 digits as people read them)."""
    if number.startswith("62") and len(number) >= 10:
        rest = number[2:]
        return f"+62 {rest[:3]}-{rest[3:7]}-{rest[7:]}"
    return f"+{number}" if number else ""


# --- templates ------------------------------------------------------------------------------------------------


@lru_cache(maxsize=4)
def _templates_from_file(path: str) -> dict:
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    return {key: value for key, value in data.items() if not key.startswith("_")}


def whatsapp_templates() -> dict:
    """The approved template of each message template: {message template: {"name", "language", "parameters",
    optional "button"}}. WHATSAPP_TEMPLATES (a dict) when set, else the JSON file WHATSAPP_TEMPLATES_FILE
    (notifications/whatsapp_templates.json documents the format)."""
    configured = getattr(settings, "WHATSAPP_TEMPLATES", None)
    if configured is not None:
        return configured
    return _templates_from_file(str(settings.WHATSAPP_TEMPLATES_FILE))


def _parameter(value) -> str:
    text = " ".join(str(value if value is not None else "").split()) or "-"
    return text[:PARAMETER_MAX_CHARS]


@dataclass
class Template:
    name: str
    language: str
    parameters: list[str]
    button: str | None = None

    def payload(self) -> dict:
        components = []
        if self.parameters:
            components.append(
                {"type": "body", "parameters": [{"type": "text", "text": value} for value in self.parameters]}
            )
        if self.button is not None:
            components.append(
                {
                    "type": "button",
                    "sub_type": "url",
                    "index": "0",
                    "parameters": [{"type": "text", "text": self.button}],
                }
            )
        return {"name": self.name, "language": {"code": self.language}, "components": components}


def template_for(*, template: str, language: str, values: dict) -> Template | None:
    """The approved template for a message, its parameters taken in order from `values` (the message's context
    with "subject" and "link" added); None when no template is configured for it."""
    entry = whatsapp_templates().get(template)
    if not entry:
        return None
    code = entry.get("language", "id")
    if isinstance(code, dict):
        code = code.get(language) or code.get("default") or next(iter(code.values()))
    button = entry.get("button")
    return Template(
        name=entry["name"],
        language=code,
        parameters=[_parameter(values.get(key)) for key in entry.get("parameters", [])],
        button=_parameter(values.get(button)) if button else None,
    )


# --- sending --------------------------------------------------------------------------------------------------


@dataclass
class Outgoing:
    """One WhatsApp message as the backends take it: the number, the text a person reads (the file backend keeps
    it), the approved template (what the Cloud API sends) and the outbox row's id and template name."""

    to: str
    text: str
    template: Template | None
    message_id: int
    message_template: str


def whatsapp_deliver(outgoing: Outgoing) -> str:
    """Send by the configured backend; returns the provider's message id (the file's name for the file backend).
    Raises WhatsAppError (WhatsAppRejected when retrying will not help)."""
    backend = whatsapp_backend()
    if not whatsapp_enabled():
        raise WhatsAppRejected(f"WhatsApp is not configured (backend {backend!r}, WHATSAPP_API_URL empty or off)")
    number = phone_normalise(outgoing.to)
    if not number:
        raise WhatsAppRejected(f"Not a valid WhatsApp number: {outgoing.to!r}")
    if backend == BACKEND_FILE:
        return _file_write(outgoing, number)
    if outgoing.template is None:
        raise WhatsAppRejected(
            f"No approved WhatsApp template is configured for {outgoing.message_template!r} (WHATSAPP_TEMPLATES_FILE)"
        )
    return cloud_post(
        {
            "messaging_product": "whatsapp",
            "recipient_type": "individual",
            "to": number,
            "type": "template",
            "template": outgoing.template.payload(),
        }
    )


def _file_write(outgoing: Outgoing, number: str) -> str:
    folder = Path(settings.WHATSAPP_FILE_PATH)
    folder.mkdir(parents=True, exist_ok=True)
    now = timezone.now()
    # Microseconds, so that `ls` lists them in the order they were written.
    name = f"{now:%Y%m%d-%H%M%S-%f}-{outgoing.message_id}.json"
    record = {
        "to": number,
        "message_id": outgoing.message_id,
        "message_template": outgoing.message_template,
        "written_at": now.isoformat(),
        "text": outgoing.text,
        # What the Cloud API would be sent (null: no approved template configured for this message).
        "template": outgoing.template.payload() if outgoing.template else None,
    }
    (folder / name).write_text(json.dumps(record, ensure_ascii=False, indent=2), encoding="utf-8")
    return name


def _api_error(code: int, body: bytes) -> str:
    try:
        error = json.loads(body or b"{}").get("error", {})
        detail = error.get("error_data", {}).get("details") or error.get("message") or ""
        if error.get("code") is not None:
            detail = f"({error['code']}) {detail}"
    except (ValueError, AttributeError):
        detail = body[:500].decode(errors="replace")
    return f"WhatsApp API answered HTTP {code}: {detail}".strip()[:1000]


def cloud_post(payload: dict) -> str:
    """POST one message to the Cloud API; its message id. HTTP 4xx (but 408 and 429) is permanent."""
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
    timeout = settings.WHATSAPP_TIMEOUT
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 - URL from settings
            answer = json.loads(response.read() or b"{}")
    except urllib.error.HTTPError as exc:
        text = _api_error(exc.code, exc.read()[:2000])
        if 400 <= exc.code < 500 and exc.code not in (408, 429):
            raise WhatsAppRejected(text) from exc
        raise WhatsAppError(text) from exc
    except TimeoutError as exc:
        raise WhatsAppError(f"WhatsApp API did not answer within {timeout} s") from exc
    except urllib.error.URLError as exc:
        if isinstance(exc.reason, TimeoutError):
            raise WhatsAppError(f"WhatsApp API did not answer within {timeout} s") from exc
        raise WhatsAppError(f"WhatsApp API unreachable: {exc.reason}") from exc
    except ValueError as exc:
        raise WhatsAppError("WhatsApp API answered with invalid JSON") from exc
    try:
        return str(answer["messages"][0]["id"])
    except (KeyError, IndexError, TypeError) as exc:
        raise WhatsAppError(f"WhatsApp API answer has no message id: {answer!r}"[:500]) from exc

"""Every API error is JSON: {"error": {"code", "message", "fields"}}, never an HTML page.

`message` is one sentence for a person (Indonesian by default, English with Accept-Language: en),
`code` a stable word for programs, `fields` the messages per input field (empty when none).
"""

import logging
import math

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import set_rollback

from romantik.refusals import StateConflict

logger = logging.getLogger(__name__)

# Messages of DRF's own errors, in our words (its texts are English or only partly translated).
MESSAGES = {
    "invalid": gettext_lazy("Some input needs attention: see the message for each field."),
    "parse_error": gettext_lazy(
        "The request body could not be read: send valid JSON (multipart form data for uploads)."
    ),
    "not_authenticated": gettext_lazy("Send a personal API token in the header: Authorization: Bearer <token>."),
    "authentication_failed": gettext_lazy(
        "The API token is not valid, was revoked, or its account is no longer linked to an agency."
    ),
    "permission_denied": gettext_lazy("You may not do this."),
    "not_found": gettext_lazy("Not found."),
    "not_acceptable": gettext_lazy("This API answers in JSON only."),
    "too_large": gettext_lazy("The request is too large."),
    "server_error": gettext_lazy("Something went wrong on our side. Please try again later."),
    "conflict": gettext_lazy("The submission changed meanwhile; load it again."),
}
# Codes whose DRF text is always replaced; for the others a message our code gave is kept.
ALWAYS_OURS = frozenset({"parse_error", "not_found", "not_acceptable", "method_not_allowed", "unsupported_media_type"})


class ApiError(exceptions.APIException):
    """An error our views raise with their own message, code and per-field messages."""

    def __init__(self, message, *, status_code: int = 400, code: str = "invalid", fields: dict | None = None):
        super().__init__(detail=str(message), code=code)
        self.status_code = status_code
        self.code = code
        self.fields = fields or {}


def refused(refusal) -> ApiError:
    """A service's refusal (romantik.refusals.Refusal) as the API answers it: 409 when the submission's state
    does not allow the action, 403 when this user may not."""
    return ApiError(
        refusal.message, status_code=refusal.status, code="conflict" if refusal.conflict else "not_verified"
    )


def _flatten(detail, prefix: str = "") -> dict[str, list[str]]:
    """{"data": {"title": ["..."]}} → {"data.title": ["..."]}; list items are numbered."""
    fields: dict[str, list[str]] = {}
    if isinstance(detail, dict):
        for key, value in detail.items():
            fields.update(_flatten(value, f"{prefix}.{key}" if prefix else str(key)))
    elif isinstance(detail, list) and any(isinstance(item, dict | list) for item in detail):
        for index, item in enumerate(detail):
            fields.update(_flatten(item, f"{prefix}.{index}" if prefix else str(index)))
    else:
        items = detail if isinstance(detail, list) else [detail]
        fields.setdefault(prefix or "non_field_errors", []).extend(str(item) for item in items)
    return fields


def _printable(text) -> str:
    """Error messages may quote the input (DRF: '"x" is not a valid choice.'); a lone surrogate there
    would make the JSON unencodable, so it is replaced."""
    return str(text).encode("utf-8", "replace").decode("utf-8")


def error_body(code: str, message: str, fields: dict | None = None) -> dict:
    fields = {_printable(name): [_printable(m) for m in messages] for name, messages in (fields or {}).items()}
    return {"error": {"code": code, "message": _printable(message), "fields": fields}}


def _convert(exc):
    """Django's exceptions as API exceptions."""
    if isinstance(exc, Http404):
        return exceptions.NotFound()
    if isinstance(exc, StateConflict):  # a step the object's state no longer allows (romantik.refusals)
        return ApiError(MESSAGES["conflict"], status_code=status.HTTP_409_CONFLICT, code="conflict")
    if isinstance(exc, DjangoPermissionDenied):
        return exceptions.PermissionDenied(*exc.args)
    if isinstance(exc, RequestDataTooBig | TooManyFieldsSent):
        return ApiError(MESSAGES["too_large"], status_code=status.HTTP_413_REQUEST_ENTITY_TOO_LARGE, code="too_large")
    if isinstance(exc, DjangoValidationError):
        if hasattr(exc, "error_dict"):
            return ApiError(MESSAGES["invalid"], fields={k: [str(m) for m in v] for k, v in exc.message_dict.items()})
        return ApiError(exc.messages[0] if exc.messages else MESSAGES["invalid"])
    return exc


def _message(exc: exceptions.APIException, code: str, request) -> str:
    if code == "throttled":
        seconds = math.ceil(exc.wait) if exc.wait is not None else 1
        return _("Too many requests: try again in %(seconds)d seconds.") % {"seconds": seconds}
    if code == "method_not_allowed":
        return _("Method %(method)s is not allowed here.") % {"method": getattr(request, "method", "")}
    if code == "unsupported_media_type":
        return _("Content type %(type)s is not accepted here.") % {
            "type": getattr(request, "content_type", "") or _("(none)")
        }
    detail = str(exc.detail)
    if code not in ALWAYS_OURS and detail != str(exc.default_detail):
        return detail  # a message our own code gave
    return str(MESSAGES.get(code, detail))


def exception_handler(exc, context):
    request = context.get("request")
    exc = _convert(exc)
    if not isinstance(exc, exceptions.APIException):
        # A bug, not bad input: logged with its traceback; the client still gets JSON.
        logger.exception("Unhandled error in API view %s", context.get("view").__class__.__name__, exc_info=exc)
        set_rollback()
        return Response(error_body("server_error", MESSAGES["server_error"]), status=500)

    headers = {}
    if getattr(exc, "auth_header", None):
        headers["WWW-Authenticate"] = exc.auth_header
    if getattr(exc, "wait", None) is not None:
        headers["Retry-After"] = str(math.ceil(exc.wait))
    set_rollback()

    if isinstance(exc, ApiError):
        body = error_body(exc.code, str(exc.detail), exc.fields)
    elif isinstance(exc, exceptions.ValidationError):
        fields = _flatten(exc.detail)
        general = fields.get("non_field_errors")
        body = error_body("invalid", general[0] if general and len(fields) == 1 else MESSAGES["invalid"], fields)
    else:
        code = getattr(exc.detail, "code", None) or exc.default_code
        body = error_body(code, _message(exc, code, request))
    return Response(body, status=exc.status_code, headers=headers)

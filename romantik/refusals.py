"""How a view shows a service's refusal: one helper for the pages of every app.

Services decide and refuse; views only show. A service refuses by raising
- `ValidationError`: the input or the object's data will not do (HTTP 400), its messages by field or for the whole;
- `PermissionDenied`: this user may not (403);
- a `StateConflict` (the submission door's `TransitionNotAllowed`): the object's state does not allow the step now
  (409), for instance a page loaded before a colleague moved the submission on;
or, asked beforehand ("may this user do X now?", as `submissions.services.submit_refusal`), it answers a
`Refusal(message, conflict)`. The web pages show every one of them with `refusal_show`, the API answers them
through `api.exceptions` with the same messages and statuses.
"""

from typing import NamedTuple

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError


class StateConflict(Exception):
    """The object's state does not allow this step now (HTTP 409). Its text is for the log; the view names the
    state to the person (`refusal_show(..., conflict=...)`)."""


class Refusal(NamedTuple):
    """Why a user may not do an action now: the message for the web page and the API, and whether the object's
    state does not allow it (a conflict, 409) rather than the user (403)."""

    message: str
    conflict: bool

    @property
    def status(self) -> int:
        return 409 if self.conflict else 403


def refusal_status(error) -> int:
    """The HTTP status of a refusal: 400 invalid, 403 denied, 409 the state is in the way."""
    if isinstance(error, Refusal):
        return error.status
    if isinstance(error, StateConflict):
        return 409
    if isinstance(error, PermissionDenied):
        return 403
    if isinstance(error, ValidationError):
        return 400
    raise TypeError(f"not a refusal: {error!r}")


def refusal_text(error, *, denied: str = "", conflict: str = "") -> str:
    """One sentence for the person: a Refusal's message, a ValidationError's messages, a PermissionDenied's own
    text; `denied` / `conflict` for a PermissionDenied without text and for a StateConflict (whose text is not
    for people)."""
    if isinstance(error, Refusal):
        return error.message
    if isinstance(error, StateConflict):
        return conflict
    if isinstance(error, PermissionDenied):
        return str(error) or denied
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    raise TypeError(f"not a refusal: {error!r}")


def form_refuse(form, error: ValidationError, *, field: str | None = None) -> None:
    """A ValidationError's messages next to the form's fields: a message for a field the form has goes next to it,
    the others above the form (all next to `field` when given). The form stays bound: nothing typed is lost."""
    if field is not None:
        form.add_error(field, error)
    elif hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


def refusal_show(request, error, *, form=None, field: str | None = None, flash: bool = True, denied="", conflict=""):
    """Show a service's refusal and answer the status of the page that shows it again.

    `error` is a ValidationError, PermissionDenied, StateConflict or Refusal. A ValidationError goes into `form`
    (when given; see `form_refuse`); with `flash` the sentence of `refusal_text` is also an error message at the
    top of the next page (a redirect keeps it). Returns 400, 403 or 409 (`refusal_status`); a view that redirects
    instead ignores it."""
    if form is not None and isinstance(error, ValidationError):
        form_refuse(form, error, field=field)
    if flash:
        messages.error(request, refusal_text(error, denied=denied, conflict=conflict))
    return refusal_status(error)

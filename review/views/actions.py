"""How every action of the review page runs: check the permission, validate the form, call one service, and show
its answer or its refusal (`romantik.refusals`) as a message, never a 500.

A forged POST by someone of the office without the permission changes nothing and returns to the page with an
error message (302); a form the service refuses is shown again with its errors (400); a step the submission's
state no longer allows says the state (302). A repeated click is a friendly no-op with an information message.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from romantik.refusals import StateConflict, refusal_show

from ..forms import ActionForm
from .detail import page


def back(submission, anchor: str = ""):
    url = reverse("review:detail", kwargs={"pk": submission.pk})
    return redirect(f"{url}#{anchor}" if anchor else url)


def not_allowed_text() -> str:
    return _("You may not do this for this submission; nothing changed.")


def not_allowed(request, submission, anchor=""):
    messages.error(request, not_allowed_text())
    return back(submission, anchor)


def refused(request, submission, error, *, form=None, bound=None, anchor=""):
    """A service's refusal on the review page: an invalid form is shown again with its errors (400, `bound` as
    `page` takes it); for a refused user or a state that no longer allows the step, back to the page with the
    message (the state named as it is now)."""
    if isinstance(error, StateConflict):
        submission.refresh_from_db(fields=["state"])
    conflict = _("This step is not possible while the submission is “%(state)s”; nothing changed.") % {
        "state": submission.get_state_display()
    }
    status = refusal_show(request, error, form=form, denied=not_allowed_text(), conflict=conflict)
    if status == 400:
        return page(request, submission, bound, status=status)
    return back(submission, anchor)


def perform(request, submission, *, perm, run, form=None, key="", slot=None, anchor="", already=""):
    """Check, validate and call one service; turn its refusals into messages.

    `already`: the message for a repeated click (nothing is done); `run(cleaned_data)` calls the service and
    returns the success message, or (level, message); `key` names the form in `page` to show it again
    (with `slot`, the section or consultation it belongs to).
    """
    if already:
        messages.info(request, already)
        return back(submission, anchor)
    if not request.user.has_perm(perm, submission):
        return not_allowed(request, submission, anchor)
    form = form or ActionForm(request.POST)
    bound = {key: form if slot is None else (slot, form)}
    if not form.is_valid():
        errors = [e for errors in form.errors.values() for e in errors]
        messages.error(request, " ".join(errors))
        return page(request, submission, bound, status=400)
    try:
        result = run(form.cleaned_data)
    except (ValidationError, PermissionDenied, StateConflict) as error:
        return refused(request, submission, error, form=form, bound=bound, anchor=anchor)
    level, text = result if isinstance(result, tuple) else (messages.SUCCESS, result)
    messages.add_message(request, level, text)
    return back(submission, anchor)

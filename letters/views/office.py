"""The head's start page: letters to sign for this office (and the offices it signs for), and those signed.

The head may tick several letters and sign them with one passphrase (POST): each is signed as one letter is
(letters.issuing.letters_sign_batch_request: a job per letter, the signature made by the Celery task), and the page
then shows how each ticked letter stands (`?surat=1,2,3`), reloading itself as the single letter's page does while
any is being signed."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables

from romantik.models import Office
from romantik.refusals import refusal_show
from romantik.views import office_for_staff

from ..issuing import LETTER_SIGN_BATCH_MAX, letters_sign_batch_request, signing_progress
from ..models import Letter
from ..selectors import letters_signed_recently, letters_to_sign
from ..signers import signer_get
from .sign import CONFIRMING_REFRESH_SECONDS, SIGNING_REFRESH_SECONDS, decision_label


class LetterIdsField(forms.Field):
    """The ticked letters (checkboxes named `letters` in the list's rows): their ids, each once, in order. Which of
    them this head may sign is the service's to say, letter by letter."""

    widget = forms.MultipleHiddenInput
    default_error_messages = {
        "required": gettext_lazy("Tick the letters you want to sign."),
        "invalid": gettext_lazy("The ticked letters could not be read; reload the page and tick them again."),
    }

    def to_python(self, value):
        try:
            return list(dict.fromkeys(int(item) for item in value or ()))
        except (TypeError, ValueError):
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None


class BatchSignForm(forms.Form):
    letters = LetterIdsField()
    passphrase = forms.CharField(
        label=gettext_lazy("Passphrase of your signing certificate"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "off"}, render_value=False),
    )


def _progress_ids(request) -> list[int]:
    """The letters of the batch the page shows (`?surat=1,2,3`), as many as a batch has at most."""
    ids = []
    for item in request.GET.get("surat", "").split(","):
        if item.strip().isdigit():
            ids.append(int(item))
    return list(dict.fromkeys(ids))[:LETTER_SIGN_BATCH_MAX]


def _batch_rows(request, office, ids):
    """How each letter of the batch stands, only those this head may open on this page."""
    letters = Letter.objects.filter(pk__in=ids, signer_office=office).select_related("submission__agency", "office")
    by_id = {letter.pk: letter for letter in letters if request.user.has_perm("letters.open_letter_to_sign", letter)}
    return signing_progress(by_id[pk] for pk in ids if pk in by_id)


def _bsre_problem(user) -> str:
    """Why the head cannot sign through BSrE (letters.bsre), when letters are signed through BSrE; else ""."""
    from ..bsre import BsreSigner, bsre_status_problem

    return bsre_status_problem(user) if isinstance(signer_get(), BsreSigner) else ""


def _signing_page(request, office, *, form=None, status=200):
    # Offices whose letters this head signs (seed 003: the head of BPS RI signs for Kayong Utara).
    signs_for = Office.objects.filter(signer_office=office).order_by("code")
    to_sign = signing_progress(letters_to_sign(office))
    for row in to_sign:
        row.letter.decision_label = decision_label(row.letter)
    batch = _batch_rows(request, office, _progress_ids(request)) if request.method == "GET" else []
    ticked = set(form.data.getlist("letters")) if form is not None and form.is_bound else set()
    batch_signing = any(row.progress == "signing" for row in batch)
    batch_confirming = any(row.progress == "confirming" for row in batch)
    return render(
        request,
        "romantik/office_signing.html",
        {
            "office": office,
            "signs_for": signs_for,
            "to_sign": to_sign,
            "signed": letters_signed_recently(office),
            "signer_ready": signer_get().is_available(signer_user=request.user, office=office),
            "bsre_problem": _bsre_problem(request.user),
            "form": form or BatchSignForm(),
            "ticked": ticked,
            "batch_max": LETTER_SIGN_BATCH_MAX,
            "batch": batch,
            "batch_signing": batch_signing,
            "batch_confirming": batch_confirming,
            # While a letter is signed, or its BSrE call's outcome is being confirmed, the page reloads itself.
            "refresh_seconds": SIGNING_REFRESH_SECONDS if batch_signing else CONFIRMING_REFRESH_SECONDS,
        },
        status=status,
    )


@login_required
@never_cache
@sensitive_post_parameters("passphrase")
@sensitive_variables("passphrase")
def office_signing(request, code):
    """GET: the letters waiting for this head's signature (and, with `?surat=`, how a batch stands). POST: sign the
    ticked letters with one passphrase; the page then shows each one's progress."""
    office = office_for_staff(request, code)
    if not request.user.has_perm("romantik.sign_for_office", office):
        raise PermissionDenied
    if request.method != "POST":
        return _signing_page(request, office)
    form = BatchSignForm(request.POST)
    if not form.is_valid():
        return _signing_page(request, office, form=form, status=400)
    try:
        items = letters_sign_batch_request(
            letter_ids=form.cleaned_data["letters"],
            office=office,
            signer=request.user,
            passphrase=form.cleaned_data["passphrase"],
        )
    except ValidationError as error:
        # The passphrase next to its field (never rendered back); a batch too large above the list.
        field = None if error.code in ("too_many", "none") else "passphrase"
        status = refusal_show(request, error, form=form, field=field, flash=False)
        return _signing_page(request, office, form=form, status=status)
    for item in items:
        if item.refusal is not None:
            refusal_show(request, item.refusal)
    accepted = [item.letter_id for item in items if item.refusal is None]
    if not accepted:
        return redirect("office_signing", code=office.code)
    signing = sum(item.job is not None for item in items)
    if signing:
        messages.success(
            request,
            ngettext("%(count)s letter is being signed.", "%(count)s letters are being signed.", signing)
            % {"count": signing},
        )
    for item in items:
        if item.refusal is None and item.job is None:  # signed before this batch (a repeated click)
            messages.info(request, _("This letter was already signed: %(number)s.") % {"number": item.letter.number})
    url = reverse("office_signing", kwargs={"code": office.code})
    return redirect(f"{url}?surat={','.join(str(pk) for pk in accepted)}#kumpulan")

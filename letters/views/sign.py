"""The head's signing: the letter in the page, sign with a passphrase or send back with a note;
and the office admin's page for the heads' signing certificates.

Signing is a Celery task (letters.issuing): the POST checks the passphrase, queues the job and redirects to the same
page, which says "sedang ditandatangani…" and reloads itself (a meta refresh: no script) until the letter is
signed, then shows the signed letter."""

import io

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables
from django.views.decorators.http import require_POST

from romantik.enums import Role
from romantik.models import Office
from romantik.refusals import form_refuse, refusal_show

from ..enums import UNSETTLED_BSRE_STATES, LetterState
from ..issuing import letter_file_name, letter_send_back, letter_sign_request, signing_progress
from ..models import Letter, SigningCertificate
from ..pki import certificate_expiry_warning, certificate_upload
from ..rules import draft_ready, letter_signed, letter_step_done, signing_page_state
from ..selectors import letter_decision_label
from ..signers import signer_get
from ..verification import LetterTampered, letter_file_checked
from . import letter_refused


class SignForm(forms.Form):
    passphrase = forms.CharField(
        label=gettext_lazy("Passphrase of your signing certificate"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "off"}, render_value=False),
    )


class BsreSignForm(SignForm):
    """The signing form when letters are signed through BSrE (letters.bsre): the passphrase of the head's BSrE
    account, or a code of the BSrE app."""

    method = forms.ChoiceField(
        label=gettext_lazy("Sign with"),
        choices=[
            ("passphrase", gettext_lazy("My BSrE passphrase")),
            ("totp", gettext_lazy("A TOTP code from the BSrE app")),
        ],
        initial="passphrase",
        widget=forms.RadioSelect,
    )
    field_order = ["method", "passphrase"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["passphrase"].label = gettext_lazy("BSrE passphrase or TOTP code")


class BsreIdentityForm(forms.Form):
    bsre_identity = forms.CharField(
        label=gettext_lazy("Your NIK or the e-mail address registered at BSrE"),
        max_length=254,
        help_text=gettext_lazy("It is checked with BSrE at once."),
    )

    def clean_bsre_identity(self):
        from ..bsre import bsre_identity_clean

        return bsre_identity_clean(self.cleaned_data["bsre_identity"])


class SendBackForm(forms.Form):
    note = forms.CharField(
        label=gettext_lazy("What should change"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
    )


def decision_label(letter) -> str:
    return letter_decision_label(letter)


def _letter_for_head(request, pk) -> Letter:
    letter = get_object_or_404(
        Letter.objects.select_related("submission", "submission__agency", "office", "signer_office"), pk=pk
    )
    if not request.user.has_perm("letters.open_letter_to_sign", letter):
        letter_refused(request, letter)
    return letter


# While the letter is being signed the page reloads itself this often (seconds); while a BSrE call's outcome is
# being confirmed (asked again by the beat task every minute, letters.bsre), less often.
SIGNING_REFRESH_SECONDS = 2
CONFIRMING_REFRESH_SECONDS = 10


def _is_bsre(backend) -> bool:
    from ..bsre import BsreSigner

    return isinstance(backend, BsreSigner)


def _sign_page(request, letter, *, sign_form=None, back_form=None, identity_form=None, status=200):
    backend = signer_get()
    signed = letter_signed(letter)
    # The same summary as the list and a batch: a BSrE call whose outcome is unknown is "confirming" (no new attempt
    # until it is settled), never "failed".
    row = signing_progress([letter])[0]
    state = signing_page_state(row, letter, signed=signed)
    signing, confirming = state == "signing", state == "confirming"
    bsre = _is_bsre(backend)
    bsre_problem = ""
    if bsre:
        from ..bsre import bsre_status_problem

        bsre_problem = bsre_status_problem(request.user)
    may_sign = request.user.has_perm("letters.sign_letter", letter)
    return render(
        request,
        "letters/sign.html",
        {
            "letter": letter,
            "submission": letter.submission,
            "sign_form": sign_form or (BsreSignForm() if bsre else SignForm()),
            "back_form": back_form or SendBackForm(),
            "can_sign": may_sign and not signing and not confirming,
            "may_settle": may_sign and confirming,
            "signing": signing,
            "confirming": confirming,
            "refresh_seconds": SIGNING_REFRESH_SECONDS if signing else CONFIRMING_REFRESH_SECONDS,
            "signing_failed": state == "failed",
            "signing_error": row.error,
            "bsre_settled": row.settled,
            "signed": signed,
            "has_draft": signed or draft_ready(letter),
            "signer_ready": backend.is_available(signer_user=request.user, office=letter.signer_office),
            "bsre": bsre,
            "bsre_problem": bsre_problem,
            "identity_form": identity_form or BsreIdentityForm(initial={"bsre_identity": request.user.bsre_identity}),
            "LetterState": LetterState,
            "decision_label": decision_label(letter),
        },
        status=status,
    )


@login_required
@never_cache
@sensitive_post_parameters("passphrase")
@sensitive_variables("passphrase")
def letter_sign_page(request, pk):
    """GET: the draft in the page with the two forms; while the letter is being signed, the progress (the page
    reloads itself); once signed, the signed letter. POST: sign with the passphrase — the passphrase is checked
    here, the signature is made by a Celery task (letters.issuing); nothing is rendered in this request."""
    letter = _letter_for_head(request, pk)
    if request.method != "POST":
        return _sign_page(request, letter)
    if letter_step_done(letter, "sign"):
        messages.info(request, _("This letter was already signed: %(number)s.") % {"number": letter.number})
        return redirect("office_signing", code=letter.signer_office.code)
    if "bsre_settle" in request.POST:
        return _bsre_settle_post(request, letter)
    bsre = _is_bsre(signer_get())
    if bsre and "bsre_identity" in request.POST:
        return _bsre_identity_post(request, letter)
    form = BsreSignForm(request.POST) if bsre else SignForm(request.POST)
    if not form.is_valid():
        return _sign_page(request, letter, sign_form=form, status=400)
    passphrase = form.cleaned_data["passphrase"]
    if bsre:
        from ..bsre import BsreSecret

        passphrase = BsreSecret(passphrase, form.cleaned_data["method"])
    try:
        letter_sign_request(letter=letter, signer=request.user, passphrase=passphrase)
    except ValidationError as error:
        form_refuse(form, error, field="passphrase")  # the passphrase is not rendered back (render_value=False)
        return _sign_page(request, letter, sign_form=form, status=400)
    return redirect("letters:sign", pk=letter.pk)  # "sedang ditandatangani…", then the signed letter


def _bsre_identity_post(request, letter):
    """The head sets their own BSrE identity (NIK or registered e-mail) on the signing page; BSrE's status call
    checks it at once and the page says whether the head can sign."""
    from ..bsre import bsre_identity_set

    form = BsreIdentityForm(request.POST)
    if not form.is_valid():
        return _sign_page(request, letter, identity_form=form, status=400)
    problem = bsre_identity_set(user=request.user, identity=form.cleaned_data["bsre_identity"])
    if problem:
        messages.warning(request, problem)
    else:
        messages.success(request, _("BSrE confirmed your identity: you can sign letters through BSrE."))
    return redirect("letters:sign", pk=letter.pk)


def _bsre_settle_post(request, letter):
    """The head asks BSrE now about the call whose outcome is unknown (the beat task asks every minute anyway): the
    page then shows the signed letter, the form to sign again (same number), or that it is still being confirmed."""
    from ..bsre import bsre_attempt_settle, bsre_unsettled

    if not request.user.has_perm("letters.sign_letter", letter):
        raise PermissionDenied
    attempt = bsre_unsettled(letter)
    if attempt is not None:
        attempt = bsre_attempt_settle(attempt, quick=True)
        if attempt.state in UNSETTLED_BSRE_STATES:
            messages.warning(
                request,
                _(
                    "BSrE could not confirm it yet. The portal keeps asking BSrE every minute; you may leave this "
                    "page and come back later."
                ),
            )
        elif letter_signed(Letter.objects.get(pk=letter.pk)):
            messages.success(request, _("BSrE confirmed the signature: the letter is signed and issued."))
        else:
            messages.info(request, _("BSrE has answered: the letter is not signed yet. Sign it again below."))
    return redirect("letters:sign", pk=letter.pk)


@login_required
@require_POST
def letter_send_back_view(request, pk):
    letter = _letter_for_head(request, pk)
    if letter_step_done(letter, "send_back"):
        messages.info(request, _("This letter was already sent back."))
        return redirect("office_signing", code=letter.signer_office.code)
    form = SendBackForm(request.POST)
    if not form.is_valid():
        return _sign_page(request, letter, back_form=form, status=400)
    try:
        letter_send_back(letter=letter, head=request.user, note=form.cleaned_data["note"])
    except ValidationError as error:
        if error.code == "being_signed":  # the page shows the progress, without the form
            refusal_show(request, error)
            return redirect("letters:sign", pk=letter.pk)
        form_refuse(form, error, field="note")
        return _sign_page(request, letter, back_form=form, status=400)
    messages.success(request, _("The letter was sent back to the reviewers with your note."))
    return redirect("office_signing", code=letter.signer_office.code)


@login_required
@xframe_options_sameorigin
def letter_sign_draft_pdf(request, pk):
    """The draft PDF inline, for the frame on the signing page; once the letter is signed, the signed letter."""
    letter = _letter_for_head(request, pk)
    if letter_signed(letter):
        try:
            data = letter_file_checked(letter)
        except LetterTampered:
            return render(request, "letters/sign_download_refused.html", {"letter": letter}, status=409)
        response = FileResponse(io.BytesIO(data), content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="{letter_file_name(letter)}"'
        response["X-Content-Type-Options"] = "nosniff"
        patch_cache_control(response, private=True, no_store=True)
        return response
    if not letter.draft_pdf:
        raise Http404
    try:
        with letter.draft_pdf.storage.open(letter.draft_pdf.name, "rb") as fh:
            data = fh.read()
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(io.BytesIO(data), content_type="application/pdf", filename="draf.pdf")
    response["Content-Disposition"] = 'inline; filename="draf.pdf"'
    response["X-Content-Type-Options"] = "nosniff"
    patch_cache_control(response, private=True, no_store=True)
    return response


# --- Certificates (office admin) ----------------------------------------------------------------------


class CertificateForm(forms.Form):
    user = forms.ModelChoiceField(label=gettext_lazy("Head"), queryset=get_user_model().objects.none())
    file = forms.FileField(
        label=gettext_lazy("PKCS#12 file (.p12 / .pfx)"),
        widget=forms.FileInput(attrs={"accept": ".p12,.pfx,application/x-pkcs12"}),
    )
    passphrase = forms.CharField(
        label=gettext_lazy("Passphrase"),
        strip=False,
        help_text=gettext_lazy("Used once to check that the file opens; it is never stored."),
        widget=forms.PasswordInput(attrs={"autocomplete": "off"}, render_value=False),
    )

    def __init__(self, *args, office, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = (
            get_user_model()
            .objects.filter(office_roles__office=office, office_roles__role=Role.HEAD)
            .distinct()
            .order_by("full_name")
        )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > 1024 * 1024:
            raise ValidationError(_("A PKCS#12 file is small; this one is larger than 1 MB."))
        return upload


@login_required
@never_cache
@sensitive_post_parameters("passphrase")
@sensitive_variables("passphrase")
def certificate_list(request, code):
    office = get_object_or_404(Office, code=code)
    if not request.user.has_perm("letters.manage_certificates", office):
        raise PermissionDenied
    status = 200
    if request.method == "POST":
        form = CertificateForm(request.POST, request.FILES, office=office)
        if form.is_valid():
            try:
                certificate = certificate_upload(
                    office=office,
                    user=form.cleaned_data["user"],
                    pkcs12_data=form.cleaned_data["file"].read(),
                    passphrase=form.cleaned_data["passphrase"],
                    actor=request.user,
                )
            except ValidationError as error:
                form_refuse(form, error, field="file")
            else:
                messages.success(
                    request,
                    _("The certificate of %(name)s is stored: %(subject)s.")
                    % {"name": certificate.user, "subject": certificate.subject},
                )
                if warning := certificate_expiry_warning(certificate):
                    messages.warning(request, warning)
                return redirect("letters:certificates", code=office.code)
        status = 400
    else:
        form = CertificateForm(office=office)
    certificates = SigningCertificate.objects.filter(office=office).select_related("user", "uploaded_by")
    return render(
        request,
        "letters/certificates.html",
        {"office": office, "form": form, "certificates": certificates},
        status=status,
    )


urlpatterns = [
    path("surat/<int:pk>/tanda-tangan/", letter_sign_page, name="sign"),
    path("surat/<int:pk>/tanda-tangan/draf.pdf", letter_sign_draft_pdf, name="sign_draft_pdf"),
    path("surat/<int:pk>/kembalikan/", letter_send_back_view, name="send_back"),
    path("kantor/<str:code>/sertifikat/", certificate_list, name="certificates"),
]

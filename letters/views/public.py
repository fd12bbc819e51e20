"""The public verification page (the QR code's target) and the permission-checked download of a signed letter."""

import io

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.shortcuts import get_object_or_404, render
from django.urls import path
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..issuing import letter_file_name
from ..models import Letter
from ..selectors import letter_decision_label, signed_letters
from ..signers import signer_position
from ..verification import LetterTampered, letter_file_checked, verify_pdf
from . import letter_refused


class VerifyUploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("PDF of the letter"), widget=forms.FileInput(attrs={"accept": ".pdf,application/pdf"})
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.ATTACHMENT_MAX_MB * 1024 * 1024:
            raise ValidationError(_("The file is larger than %(limit)s MB.") % {"limit": settings.ATTACHMENT_MAX_MB})
        return upload


def letter_verify(request, token):
    """Public: the letter on record (number, date, agency, activity, decision, signer) and a check of an upload."""
    letter = get_object_or_404(
        signed_letters().select_related("submission", "submission__agency", "office", "signer_office", "signed_by"),
        verify_token=token,
    )
    result = None
    status = 200
    if request.method == "POST":
        form = VerifyUploadForm(request.POST, request.FILES)
        if form.is_valid():
            result = verify_pdf(form.cleaned_data["file"].read())
            if result.valid and result.letter.pk != letter.pk:
                result.valid = False
                result.reason = _("the file is a valid letter, but a different one (%(number)s)") % {
                    "number": result.letter.number
                }
            if not result.valid:
                status = 422
        else:
            status = 400
    else:
        form = VerifyUploadForm()
    return render(
        request,
        "letters/verify.html",
        {
            "letter": letter,
            "decision": letter_decision_label(letter),
            "signer_position": signer_position(letter, letter.signed_by) if letter.signed_by else "",
            "form": form,
            "result": result,
        },
        status=status,
    )


@login_required
def letter_download(request, pk):
    """The signed letter, for the agency and the staff; the stored file's SHA-256 is checked at each download."""
    letter = get_object_or_404(
        Letter.objects.select_related("submission", "submission__office", "office", "signer_office"), pk=pk
    )
    if not request.user.has_perm("letters.download_letter", letter):
        letter_refused(request, letter)
    try:
        data = letter_file_checked(letter)
    except LetterTampered:
        return render(request, "letters/sign_download_refused.html", {"letter": letter}, status=409)
    response = FileResponse(
        io.BytesIO(data), as_attachment=True, filename=letter_file_name(letter), content_type="application/pdf"
    )
    response["X-Content-Type-Options"] = "nosniff"
    patch_cache_control(response, private=True)
    return response


urlpatterns = [
    path("verifikasi/<uuid:token>/", letter_verify, name="verify"),
    path("surat/<int:pk>/unduh/", letter_download, name="download"),
]

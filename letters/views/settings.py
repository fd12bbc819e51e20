"""The office admin's letter settings (issue 18): the kop and its logo, the place, the number, who signs, the
tembusan of new letters; and a preview of a sample letter with the settings as typed, before saving.

The page's form has two buttons. "Simpan" posts to the page and saves (letters.office_settings); "Pratinjau" posts
the same form, the logo just chosen included, to the preview address, whose answer (the sample letter as PDF, or
what to correct) opens in a frame of the page (the button's formtarget): nothing is saved, and the form keeps
everything typed, the chosen file too. It needs no JavaScript, and the frame is of this site (CSP frame-src
'self'), so the preview answers with X-Frame-Options SAMEORIGIN.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_POST

from romantik.models import Office
from romantik.refusals import refusal_show

from ..forms import OfficeLetterSettingsForm
from ..office_settings import office_letter_settings_save, sample_letter_pdf
from ..services import letter_tembusan_default

PREVIEW_FRAME = "letter-preview"


def _managed_office(request, code) -> Office:
    office = get_object_or_404(Office.objects.select_related("region", "parent", "signer_office"), code=code)
    if not request.user.has_perm("romantik.manage_office", office):
        raise PermissionDenied
    return office


def _form(request, office) -> OfficeLetterSettingsForm:
    data = (request.POST, request.FILES) if request.method == "POST" else ()
    return OfficeLetterSettingsForm(*data, office=office, tembusan=letter_tembusan_default(office))


@login_required
@never_cache
def office_letter_settings(request, code):
    office = _managed_office(request, code)
    has_logo = bool(office.letter_logo)
    form = _form(request, office)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                office_letter_settings_save(
                    office=form.instance, actor=request.user, tembusan=form.cleaned_data["tembusan"]
                )
            except ValidationError as error:
                status = refusal_show(request, error, form=form)
            else:
                messages.success(request, _("The letter settings are saved; new letters use them."))
                return redirect("letters:office_settings", code=office.code)
        else:
            status = 400
    return render(
        request,
        "letters/office_settings.html",
        {"office": office, "form": form, "has_logo": has_logo, "preview_frame": PREVIEW_FRAME},
        status=status,
    )


@login_required
@require_POST
@never_cache
@xframe_options_sameorigin
def office_letter_settings_preview(request, code):
    """The sample letter with the settings as posted (nothing saved), shown in the page's frame; or, when the form
    does not validate, what to correct, in the same frame."""
    office = _managed_office(request, code)
    form = _form(request, office)
    if not form.is_valid():
        return render(request, "letters/office_settings_preview_errors.html", {"form": form}, status=400)
    pdf = sample_letter_pdf(form.instance, tembusan=form.cleaned_data["tembusan"], logo=form.logo_bytes)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = 'inline; filename="contoh-surat.pdf"'
    return response


urlpatterns = [
    path("kantor/<str:code>/pengaturan-surat/", office_letter_settings, name="office_settings"),
    path(
        "kantor/<str:code>/pengaturan-surat/pratinjau/", office_letter_settings_preview, name="office_settings_preview"
    ),
]

"""The letter draft of one decided submission: the reviewers edit its free-text parts next to a preview of the
PDF (rendered by a Celery task) and send it to the head for signature.

Who sees the page and the PDF: the staff of the submission's office and the heads of the signing office
(`letters.view_letter_draft`); everyone else gets 404. Editing and sending: the assigned reviewers and the
coordinator while the letter is a draft or was returned (`letters.edit_letter`).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_POST

from romantik.refusals import refusal_show

from .. import services
from ..forms import LetterForm, SendForm
from ..models import Letter
from ..rules import draft_page_status, letter_step_done


def _letter_or_404(request, pk) -> Letter:
    letter = get_object_or_404(
        Letter.objects.select_related("submission__agency", "office", "signer_office"), submission_id=pk
    )
    if not request.user.has_perm("letters.view_letter_draft", letter):
        raise Http404
    return letter


def _back(letter):
    return redirect(reverse("letters:draft", kwargs={"pk": letter.submission_id}))


def _page(request, letter, form=None, status=200):
    can_edit = request.user.has_perm("letters.edit_letter", letter)
    context = {
        "letter": letter,
        "submission": letter.submission,
        "can_edit": can_edit,
        "form": form or LetterForm(instance=letter),
        **draft_page_status(letter),
    }
    return render(request, "letters/draft.html", context, status=status)


@login_required
def letter_draft(request, pk):
    letter = _letter_or_404(request, pk)
    if request.method != "POST":
        return _page(request, letter)
    form = LetterForm(request.POST, instance=Letter.objects.get(pk=letter.pk))
    if not request.user.has_perm("letters.edit_letter", letter):
        messages.error(request, _("You may not change this letter; nothing changed."))
        return _back(letter)
    if not form.is_valid():
        return _page(request, letter, form, status=400)
    try:
        updated = services.letter_update(letter=letter, actor=request.user, **form.cleaned_data)
    except PermissionDenied as error:
        refusal_show(request, error, denied=_("You may not change this letter; nothing changed."))
        return _back(letter)
    except ValidationError as error:
        return _page(request, letter, form, status=refusal_show(request, error, form=form, flash=False))
    if updated.draft_version == letter.draft_version:
        messages.info(request, _("Nothing changed in the letter."))
    else:
        messages.success(request, _("Saved; the preview is being prepared again."))
    return _back(letter)


@login_required
@require_POST
def letter_send(request, pk):
    letter = _letter_or_404(request, pk)
    if not SendForm(request.POST).is_valid():
        raise Http404
    if letter_step_done(letter, "send_to_head"):
        messages.info(request, _("The letter was already sent to the head; nothing changed."))
        return _back(letter)
    try:
        services.letter_send_to_head(letter=letter, actor=request.user)
    except (PermissionDenied, ValidationError) as error:
        refusal_show(request, error, denied=_("You may not send this letter; nothing changed."))
    else:
        messages.success(request, _("Sent to the head for signature."))
    return _back(letter)


@login_required
@xframe_options_sameorigin  # shown inside the draft page
def letter_draft_pdf(request, pk):
    letter = _letter_or_404(request, pk)
    if not letter.draft_pdf:
        raise Http404
    response = FileResponse(
        letter.draft_pdf.open("rb"),
        content_type="application/pdf",
        as_attachment=False,
        filename=f"draf-surat-{letter.submission.number or letter.submission_id}.pdf",
    )
    response["Cache-Control"] = "private, no-store"
    return response


urlpatterns = [
    path("surat/<int:pk>/", letter_draft, name="draft"),
    path("surat/<int:pk>/draf.pdf", letter_draft_pdf, name="draft_pdf"),
    path("surat/<int:pk>/kirim/", letter_send, name="draft_send"),
]

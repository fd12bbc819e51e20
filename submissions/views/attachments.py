"""The attachments page of a submission: what is uploaded and still required, upload, download and delete."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from romantik.refusals import form_refuse, refusal_show

from ..attachments import (
    SINGLE_KINDS,
    attachment_add,
    attachment_delete,
    attachment_kinds_required,
    cover_letter_check,
    cover_letter_recorded,
    cover_letter_set,
)
from ..enums import AttachmentKind
from ..models import Attachment
from .common import submission_context, submission_for


class AttachmentForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Document"), choices=AttachmentKind.choices, widget=forms.RadioSelect)
    # The browser's accept list only helps choosing; the service checks the content.
    file = forms.FileField(
        label=gettext_lazy("PDF file"), widget=forms.FileInput(attrs={"accept": ".pdf,application/pdf"})
    )
    description = forms.CharField(
        label=gettext_lazy("Description"),
        max_length=Attachment._meta.get_field("description").max_length,
        required=False,
        help_text=gettext_lazy("Optional: what the document is, for example: letter of the head of the agency."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "PDF only, at most %(limit)s MB. A new cover letter or questionnaire replaces the one uploaded before."
        ) % {"limit": settings.ATTACHMENT_MAX_MB}


class CoverLetterForm(forms.Form):
    """The number and date of the agency's cover letter, which the recommendation letter cites. Checked by the
    service (attachments.cover_letter_check), whose messages go next to these fields."""

    cover_letter_number = forms.CharField(
        label=gettext_lazy("Cover letter number"),
        required=False,
        help_text=gettext_lazy("As written on the letter, for example: 000.5.2/123/Dinkes/2027."),
    )
    cover_letter_date = forms.DateField(
        label=gettext_lazy("Cover letter date"),
        required=False,
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
        error_messages={"invalid": gettext_lazy("Enter a valid date, for example 15-01-2027.")},
    )

    def __init__(self, *args, submission, **kwargs):
        super().__init__(*args, **kwargs)
        self.submission = submission

    def clean(self):
        """Every message at once: the service's checks too, next to their fields (a date that could not be read
        keeps its own message)."""
        data = super().clean()
        try:
            cover_letter_check(
                submission=self.submission,
                number=data.get("cover_letter_number", ""),
                date=data.get("cover_letter_date"),
            )
        except ValidationError as error:
            for name, errors in error.error_dict.items():
                if name not in self.errors:
                    self.add_error(name, errors)
        return data


# The cover letter's form posts this (its button's name) to the attachments page; the upload form does not.
COVER_LETTER_ACTION = "surat_pengantar"


def _cover_letter_form(submission, data=None) -> CoverLetterForm:
    if data is not None:
        return CoverLetterForm(data, submission=submission)
    return CoverLetterForm(
        submission=submission,
        initial={
            "cover_letter_number": submission.cover_letter_number,
            "cover_letter_date": submission.cover_letter_date,
        },
    )


def _groups(submission, attachments):
    required = attachment_kinds_required(submission.kind)
    return [
        {
            "kind": kind,
            "label": label,
            "required": kind in required,
            "single": kind in SINGLE_KINDS,
            "cover_letter": kind == AttachmentKind.COVER_LETTER,
            "files": [a for a in attachments if a.kind == kind],
        }
        for kind, label in AttachmentKind.choices
    ]


@login_required
def attachment_list(request, pk):
    """GET: the documents per kind, the cover letter's number and date, and the upload form. POST: upload one
    file, or (with the cover letter form's button) save the cover letter's number and date."""
    submission = submission_for(request, pk)
    can_edit = request.user.has_perm("submissions.change_submission", submission)
    status = 200
    cover_form = _cover_letter_form(submission)
    if request.method == "POST" and COVER_LETTER_ACTION in request.POST:
        if not can_edit:
            raise PermissionDenied
        form = AttachmentForm()
        cover_form = _cover_letter_form(submission, request.POST)
        if cover_form.is_valid():
            try:
                cover_letter_set(
                    submission=submission,
                    number=cover_form.cleaned_data["cover_letter_number"],
                    date=cover_form.cleaned_data["cover_letter_date"],
                    actor=request.user,
                )
            except ValidationError as error:
                status = refusal_show(request, error, form=cover_form, flash=False)
            else:
                messages.success(request, _("The cover letter's number and date were saved."))
                return redirect("submissions:attachments", pk=submission.pk)
        else:
            status = 400
            # The form is below the documents: the browser scrolls to the first field in error, next to its message.
            wrong = next((name for name in cover_form.errors if name in cover_form.fields), "cover_letter_number")
            cover_form.fields[wrong].widget.attrs["autofocus"] = True
    elif request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        form = AttachmentForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                attachment = attachment_add(
                    submission=submission,
                    kind=form.cleaned_data["kind"],
                    file=form.cleaned_data["file"],
                    description=form.cleaned_data["description"],
                    actor=request.user,
                )
            except ValidationError as error:
                form_refuse(form, error, field="file")
            else:
                messages.success(
                    request,
                    _("%(name)s was uploaded as %(kind)s.")
                    % {"name": attachment.original_name, "kind": attachment.get_kind_display()},
                )
                return redirect("submissions:attachments", pk=submission.pk)
        status = 400
    else:
        requested = request.GET.get("jenis")
        form = AttachmentForm(initial={"kind": requested if requested in AttachmentKind.values else None})
    attachments = list(submission.attachments.select_related("uploaded_by").order_by("uploaded_at", "pk"))
    context = submission_context(request, submission, "attachments")
    context.update(
        {
            "form": form,
            "groups": _groups(submission, attachments),
            "cover_form": cover_form,
            "cover_letter_recorded": cover_letter_recorded(submission),
            "cover_letter_action": COVER_LETTER_ACTION,
            "max_mb": settings.ATTACHMENT_MAX_MB,
        }
    )
    return render(request, "submissions/attachments.html", context, status=status)


@login_required
def attachment_download(request, pk, att):
    """The file, for whoever may view the submission; everyone else gets 404."""
    submission = submission_for(request, pk)
    attachment = get_object_or_404(Attachment, pk=att, submission=submission)
    try:
        handle = attachment.file.storage.open(attachment.file.name, "rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        handle, as_attachment=True, filename=attachment.original_name, content_type="application/pdf"
    )
    response["X-Content-Type-Options"] = "nosniff"
    patch_cache_control(response, private=True)
    return response


@login_required
@require_POST
def attachment_remove(request, pk, att):
    submission = submission_for(request, pk)
    attachment = Attachment.objects.filter(pk=att, submission=submission).first()
    if attachment is None:
        # A second click on the same button: the file is already gone.
        messages.info(request, _("This file was already removed."))
        return redirect("submissions:attachments", pk=submission.pk)
    attachment_delete(attachment=attachment, actor=request.user)
    messages.success(request, _("%(name)s was removed.") % {"name": attachment.original_name})
    return redirect("submissions:attachments", pk=submission.pk)


urlpatterns = [
    path("pengajuan/<int:pk>/lampiran/", attachment_list, name="attachments"),
    path("pengajuan/<int:pk>/lampiran/<int:att>/unduh/", attachment_download, name="attachment_download"),
    path("pengajuan/<int:pk>/lampiran/<int:att>/hapus/", attachment_remove, name="attachment_delete"),
]

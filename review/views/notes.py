"""Reviewers' notes on the sections of the form (add, delete), and the agency's response to a note returned
with the form for revision."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from romantik.refusals import refusal_show
from submissions.forms import section_form
from submissions.rules import note_returned
from submissions.sections import SECTIONS_BY_KEY
from submissions.views.common import section_url

from .. import services
from ..forms import NoteForm, ResponseForm
from ..models import SectionNote
from ..rules import note_closed_text, note_delete_refusal, note_response_refusal
from ..selectors import note_repeated
from .actions import back, perform
from .detail import submission_or_404


@login_required
@require_POST
def review_note_add(request, pk):
    submission = submission_or_404(request, pk)
    key = request.POST.get("section", "")
    section = SECTIONS_BY_KEY.get(key)
    questions = []
    if section is not None and not section.table:
        form = section_form(section, submission)(instance=submission)
        questions = [(q.field, str(form.fields[q.field].label)) for q in form.questions]
    form = NoteForm(request.POST, questions=questions, auto_id=f"note-{key}-%s")

    def run(data):
        services.note_add(
            submission=submission, section=data["section"], text=data["text"], actor=request.user, field=data["field"]
        )
        return _("Note added to %(section)s. The agency sees it when the form is returned for revision.") % {
            "section": section.title
        }

    repeated = note_repeated(
        submission=submission,
        section=key,
        field=request.POST.get("field", ""),
        text=request.POST.get("text", "").strip(),
        author=request.user,
    )
    return perform(
        request,
        submission,
        perm="review.review_submission",
        run=run,
        form=form,
        key="note",
        slot=key,
        anchor=f"section-{key}",
        already=_("This note is already there; nothing changed.") if repeated else "",
    )


@login_required
@require_POST
def review_note_delete(request, pk, note_pk):
    submission = submission_or_404(request, pk)
    note = submission.notes.filter(pk=note_pk).first()
    if note is None:
        messages.info(request, _("This note was already deleted."))
        return back(submission)
    anchor = f"section-{note.section}"
    refusal = note_delete_refusal(request.user, note, submission)
    if refusal:
        refusal_show(request, refusal)
        return back(submission, anchor)

    def run(data):
        services.note_delete(note=note, actor=request.user)
        return _("The note was deleted.")

    return perform(request, submission, perm="review.review_submission", run=run, anchor=anchor)


@login_required
@require_POST
def note_respond(request, pk):
    note = get_object_or_404(SectionNote.objects.select_related("submission__office", "submission__agency"), pk=pk)
    submission = note.submission
    if not request.user.has_perm("submissions.view_submission", submission) or not note_returned(note, submission):
        raise Http404
    section = SECTIONS_BY_KEY.get(note.section)
    if request.POST.get("next") == "overview" or section is None or not section.applies_to(submission):
        back_url = reverse("submissions:overview", kwargs={"pk": submission.pk})
    else:
        back_url = section_url(submission, note.section)
    back_url = f"{back_url}#note-{note.pk}"
    refusal = note_response_refusal(request.user, note, submission)
    if refusal:
        refusal_show(request, refusal)
        return redirect(back_url)
    form = ResponseForm(request.POST)
    form.is_valid()
    response = form.cleaned_data.get("response", "").strip()
    if response and response == note.response:
        messages.info(request, _("This response was already saved; nothing changed."))
        return redirect(back_url)
    try:
        services.note_respond(note=note, actor=request.user, response=response)
    except PermissionDenied as error:
        refusal_show(request, error, denied=note_closed_text())
        return redirect(back_url)
    if response:
        messages.success(request, _("Your response was saved; the note is marked as addressed."))
    else:
        messages.info(request, _("Your response was removed; the note is no longer marked as addressed."))
    return redirect(back_url)


urlpatterns = [
    path("periksa/<int:pk>/catatan/", review_note_add, name="note_add"),
    path("periksa/<int:pk>/catatan/<int:note_pk>/hapus/", review_note_delete, name="note_delete"),
    path("periksa/catatan/<int:pk>/tanggapan/", note_respond, name="note_respond"),
]

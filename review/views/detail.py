"""The review page of one submission, for the staff of its office and for colleagues asked for advice, and
its actions. Every action is a POST that calls one service; refusals become messages, never a 500.

Who sees the page: staff of the submission's office (`review.comment_submission`) and whoever a consultation is
addressed to (`review.view_for_consultation`); everyone else gets 404, so guessing numbers tells nothing. A
forged POST by someone of the office without the permission changes nothing and returns to the page with an
error message (302). A repeated click is a friendly no-op with an information message.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from catalogue.selectors import similar_to_submission
from notifications.selectors import submission_message_log
from romantik.calendar import office_today
from romantik.models import Region
from romantik.selectors import office_roles_of
from submissions.enums import Channel
from submissions.forms import section_form
from submissions.models import Submission, Variable
from submissions.sections import SECTIONS_BY_KEY, sections_for

from .. import services
from ..clock import clock_status
from ..enums import DECISION_STATES, State
from ..forms import (
    ActionForm,
    AnswerForm,
    AssignForm,
    CommentForm,
    ConsultationForm,
    DecideForm,
    NoteForm,
    ResponseForm,
    ReturnIncompleteForm,
    RevisionForm,
)
from ..models import Assignment, Consultation, SectionNote
from ..rules import is_coordinator
from ..snapshots import VARIABLE_FIELDS, _display
from ..timeline import timeline_for

# --- reading the form -------------------------------------------------------------------------------


@dataclass
class AnswerRow:
    field: str
    label: str
    value: str
    notes: list = field(default_factory=list)


@dataclass
class SectionView:
    section: object
    answers: list[AnswerRow] = field(default_factory=list)
    notes: list = field(default_factory=list)  # on the whole section (or a question no longer shown)
    note_form: NoteForm | None = None
    note_count: int = 0


def _shown(submission, question) -> bool:
    """A conditional question (4.2 when 4.1 is 'berulang', …) is shown only when its condition holds."""
    if not question.when:
        return True
    other, values = question.when
    value = getattr(submission, other)
    return value is not None and str(value) in values


def answer_display(submission, name: str) -> str:
    """An answer as the agency gave it: choice codes with their labels, Ya/Tidak, dates and regions by name."""
    value = getattr(submission, name)
    if name == "coverage_regions":
        return ", ".join(str(region) for region in value.all()) or "—"
    if isinstance(value, Region):
        return str(value)
    if isinstance(value, date):
        return formats.date_format(value, "j F Y")
    if isinstance(value, Decimal):
        return formats.localize(value.normalize())
    return _display(Submission._meta.get_field(name), value)


def _section_views(submission, notes, *, can_review, bound_note=None) -> list[SectionView]:
    by_section: dict[str, list] = {}
    for note in notes:
        by_section.setdefault(note.section, []).append(note)
    views = []
    for section in sections_for(submission):
        view = SectionView(section)
        section_notes = by_section.get(section.key, [])
        view.note_count = len(section_notes)
        if not section.table:
            # Only the labels are needed: read from the form class, no form built per section (national bench).
            form_class = section_form(section, submission)
            for question in form_class.questions:
                if _shown(submission, question):
                    label = str(form_class.label_of(question))
                    view.answers.append(AnswerRow(question.field, label, answer_display(submission, question.field)))
        rows = {row.field: row for row in view.answers}
        for note in section_notes:
            if note.field in rows:
                note.question_label = rows[note.field].label
                rows[note.field].notes.append(note)
            else:
                view.notes.append(note)
        if can_review:
            questions = [(row.field, row.label) for row in view.answers]
            if bound_note is not None and bound_note[0] == section.key:
                view.note_form = bound_note[1]
            else:
                view.note_form = NoteForm(
                    initial={"section": section.key}, questions=questions, auto_id=f"note-{section.key}-%s"
                )
        views.append(view)
    return views


def _variable_rows(submission) -> list[tuple[str, list[tuple[str, str]]]]:
    rows = []
    for variable in submission.variables.all():
        details = []
        for name in VARIABLE_FIELDS[1:]:
            value = variable.get_data_type_display() if name == "data_type" else getattr(variable, name)
            if isinstance(value, bool):
                value = _("Yes") if value else _("No")
            if value not in ("", None):
                details.append((str(Variable._meta.get_field(name).verbose_name), str(value)))
        rows.append((variable.name, details))
    return rows


def _clock_text(status, office) -> str:
    """Days left (or overdue) in the office's own unit: working days or calendar days."""
    if status.due_date is None:
        return _("Not started: the clock starts when the submission is recorded complete.")
    if status.withdrawn:
        return _("Stopped: the agency withdrew the submission.")
    if status.stopped:
        return _("Stopped at the decision.")
    days = status.days_left
    if office.works_in_working_days:
        if days >= 0:
            text = ngettext("%(days)s working day left", "%(days)s working days left", days)
        else:
            text = ngettext("%(days)s working day overdue", "%(days)s working days overdue", -days)
    elif days >= 0:
        text = ngettext("%(days)s day left", "%(days)s days left", days)
    else:
        text = ngettext("%(days)s day overdue", "%(days)s days overdue", -days)
    text = text % {"days": abs(days)}
    if status.paused:
        return _("Paused while the agency revises (%(left)s).") % {"left": text}
    return text


# --- the page ---------------------------------------------------------------------------------------


def _load(pk) -> Submission:
    return get_object_or_404(
        Submission.objects.select_related(
            "agency", "office__region", "created_by", "recorded_by", "organizer_province", "organizer_regency"
        ).prefetch_related(
            "coverage_regions",
            # With who assigned them: the timeline reuses these rows.
            Prefetch("assignments", queryset=Assignment.objects.select_related("reviewer", "assigned_by")),
        ),
        pk=pk,
    )


def _submission_or_404(request, pk) -> Submission:
    submission = _load(pk)
    user = request.user
    # A draft the agency never submitted is its own business (a walk-in recorded at the desk excepted).
    never_submitted = submission.submitted_at is None and submission.channel != Channel.OFFLINE
    if never_submitted or not (
        user.has_perm("review.comment_submission", submission)
        or user.has_perm("review.view_for_consultation", submission)
    ):
        raise Http404
    return submission


def _permissions(user, submission) -> dict[str, bool]:
    staff = user.has_perm("review.comment_submission", submission)
    submitted = submission.state == State.SUBMITTED
    return {
        "staff": staff,
        "accept": submitted and user.has_perm("review.accept_submission", submission),
        "return_incomplete": submitted and user.has_perm("review.return_incomplete", submission),
        "assign": user.has_perm("review.assign_reviewers", submission),
        "take": user.has_perm("review.take_submission", submission),
        "review": user.has_perm("review.review_submission", submission),
        "coordinator": is_coordinator(user, submission),
    }


def _render(request, submission, bound: dict | None = None, status: int = 200):
    """The page; `bound` holds a form that failed, to show it again with its errors."""
    bound = bound or {}
    user = request.user
    can = _permissions(user, submission)
    notes = list(submission.notes.select_related("author"))
    for note in notes:
        note.returned = _returned(note, submission)
        note.deletable = (
            can["review"] and note.round == submission.round and (note.author_id == user.pk or can["coordinator"])
        )
    all_consultations = list(
        submission.consultations.select_related("requested_by", "to_user", "to_office", "answered_by")
    )
    consultations = all_consultations
    if not can["staff"]:
        consultations = [c for c in consultations if services.consultation_may_answer(user, c)]
    for consultation in consultations:
        consultation.may_answer = consultation.answered_at is None and services.consultation_may_answer(
            user, consultation
        )
        if consultation.may_answer:
            answer = bound.get("answer")
            consultation.form = (
                answer[1]
                if answer and answer[0] == consultation.pk
                else AnswerForm(auto_id=f"answer-{consultation.pk}-%s")
            )
    clock = clock_status(submission, today=office_today(submission.office))
    context = {
        "submission": submission,
        "can": can,
        "reviewers": [a.reviewer for a in submission.assignments.all()],
        "clock": clock,
        "clock_text": _clock_text(clock, submission.office),
        "awaiting_head": submission.state in DECISION_STATES,
        "sections": _section_views(submission, notes, can_review=can["review"], bound_note=bound.get("note")),
        "notes_this_round": sum(1 for n in notes if n.round == submission.round),
        "variables": _variable_rows(submission),
        "indicators": list(submission.indicators.all()),
        "attachments": list(submission.attachments.all()),
        "similar_activities": similar_to_submission(submission),  # duplicate detection (catalogue)
        "can_download": user.has_perm("submissions.view_submission", submission),
        "consultations": consultations,
        "accept_form": ActionForm(),
        "return_incomplete_form": bound.get("return_incomplete") or ReturnIncompleteForm(auto_id="incomplete-%s"),
        "revision_form": bound.get("revision") or RevisionForm(auto_id="revision-%s"),
        "decide_form": bound.get("decide") or DecideForm(auto_id="decide-%s"),
    }
    if can["assign"]:
        context["assign_form"] = bound.get("assign") or AssignForm(
            office=submission.office, initial={"reviewers": [r.pk for r in context["reviewers"]]}, auto_id="assign-%s"
        )
    if can["staff"]:
        context.update(
            {
                "comments": list(submission.comments.select_related("author")),
                "comment_form": bound.get("comment") or CommentForm(auto_id="comment-%s"),
                "consultation_form": bound.get("consultation")
                or ConsultationForm(office=submission.office, auto_id="consult-%s"),
                "timeline": timeline_for(
                    submission,
                    staff=True,
                    assignments=list(submission.assignments.all()),  # prefetched by _load
                    consultations=all_consultations,
                ),
                "message_log": submission_message_log(submission),
            }
        )
    return render(request, "review/detail.html", context, status=status)


@login_required
def review_detail(request, pk):
    return _render(request, _submission_or_404(request, pk))


# --- the actions ------------------------------------------------------------------------------------


def _back(submission, anchor: str = ""):
    url = reverse("review:detail", kwargs={"pk": submission.pk})
    return redirect(f"{url}#{anchor}" if anchor else url)


def _not_allowed(request, submission, anchor=""):
    messages.error(request, _("You may not do this for this submission; nothing changed."))
    return _back(submission, anchor)


def _perform(request, submission, *, perm, run, form=None, key="", slot=None, anchor="", already=""):
    """Check, validate and call one service; turn its refusals into messages.

    `already`: the message for a repeated click (nothing is done); `run(cleaned_data)` calls the service and
    returns the success message, or (level, message); `key` names the form in `_render` to show it again
    (with `slot`, the section or consultation it belongs to).
    """
    if already:
        messages.info(request, already)
        return _back(submission, anchor)
    if not request.user.has_perm(perm, submission):
        return _not_allowed(request, submission, anchor)
    form = form or ActionForm(request.POST)
    if not form.is_valid():
        errors = [e for errors in form.errors.values() for e in errors]
        messages.error(request, " ".join(errors))
        return _render(request, submission, {key: form if slot is None else (slot, form)}, status=400)
    try:
        result = run(form.cleaned_data)
    except ValidationError as error:
        form.add_error(None, error)
        messages.error(request, " ".join(error.messages))
        return _render(request, submission, {key: form if slot is None else (slot, form)}, status=400)
    except PermissionDenied:
        return _not_allowed(request, submission, anchor)
    except services.TransitionNotAllowed:
        submission.refresh_from_db(fields=["state"])
        messages.error(
            request,
            _("This step is not possible while the submission is “%(state)s”; nothing changed.")
            % {"state": submission.get_state_display()},
        )
        return _back(submission, anchor)
    level, text = result if isinstance(result, tuple) else (messages.SUCCESS, result)
    messages.add_message(request, level, text)
    return _back(submission, anchor)


@login_required
@require_POST
def review_accept(request, pk):
    submission = _submission_or_404(request, pk)

    def run(data):
        accepted = services.review_accept(submission=submission, actor=request.user)
        if accepted.round > 1:
            return _("Recorded complete: round %(round)s is under review; the service clock runs again.") % {
                "round": accepted.round
            }
        return _("Recorded complete (terekam lengkap): the service clock runs from today, due %(due)s.") % {
            "due": formats.date_format(accepted.due_date, "j F Y")
        }

    already = _("This submission was already recorded complete; nothing changed.")
    return _perform(
        request,
        submission,
        perm="review.accept_submission",
        run=run,
        anchor="actions",
        already=already if submission.state == State.IN_REVIEW else "",
    )


@login_required
@require_POST
def review_return_incomplete(request, pk):
    submission = _submission_or_404(request, pk)
    form = ReturnIncompleteForm(request.POST, auto_id="incomplete-%s")

    def run(data):
        services.review_return_incomplete(submission=submission, actor=request.user, note=data["note"])
        return _("Returned to the agency as incomplete; they were told what is missing.")

    already = _("This submission was already returned to the agency; nothing changed.")
    return _perform(
        request,
        submission,
        perm="review.return_incomplete",
        run=run,
        form=form,
        key="return_incomplete",
        anchor="actions",
        already=already if submission.state == State.DRAFT else "",
    )


@login_required
@require_POST
def review_assign(request, pk):
    submission = _submission_or_404(request, pk)
    form = AssignForm(request.POST, office=submission.office, auto_id="assign-%s")

    def run(data):
        added = services.review_assign(submission=submission, reviewers=data["reviewers"], actor=request.user)
        if not added:
            return messages.INFO, _("These reviewers were already assigned; nothing changed.")
        names = ", ".join(str(a.reviewer) for a in added)
        return _("Assigned: %(names)s. They were told by e-mail.") % {"names": names}

    return _perform(
        request, submission, perm="review.assign_reviewers", run=run, form=form, key="assign", anchor="actions"
    )


@login_required
@require_POST
def review_take(request, pk):
    submission = _submission_or_404(request, pk)

    def run(data):
        services.review_take(submission=submission, actor=request.user)
        return _("You took this submission; it is in your work now.")

    taken = any(a.reviewer_id == request.user.pk for a in submission.assignments.all())
    already = _("You already work on this submission; nothing changed.") if taken else ""
    return _perform(request, submission, perm="review.take_submission", run=run, anchor="actions", already=already)


@login_required
@require_POST
def review_note_add(request, pk):
    submission = _submission_or_404(request, pk)
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

    text = request.POST.get("text", "").strip()
    repeated = (
        bool(text)
        and SectionNote.objects.filter(
            submission=submission,
            round=submission.round,
            section=key,
            field=request.POST.get("field", ""),
            text=text,
            author=request.user,
        ).exists()
    )
    return _perform(
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
    submission = _submission_or_404(request, pk)
    note = submission.notes.filter(pk=note_pk).first()
    if note is None:
        messages.info(request, _("This note was already deleted."))
        return _back(submission)
    anchor = f"section-{note.section}"
    if note.round != submission.round:
        messages.error(request, _("Notes of an earlier round are kept; nothing changed."))
        return _back(submission, anchor)
    if note.author_id != request.user.pk and not is_coordinator(request.user, submission):
        return _not_allowed(request, submission, anchor)

    def run(data):
        services.note_delete(note=note, actor=request.user)
        return _("The note was deleted.")

    return _perform(request, submission, perm="review.review_submission", run=run, anchor=anchor)


@login_required
@require_POST
def review_comment_add(request, pk):
    submission = _submission_or_404(request, pk)
    form = CommentForm(request.POST, auto_id="comment-%s")

    def run(data):
        services.comment_add(submission=submission, text=data["text"], actor=request.user)
        return _("Internal comment added. Only BPS staff see it.")

    last = submission.comments.order_by("-pk").first()
    repeated = (
        last is not None and last.author_id == request.user.pk and last.text == request.POST.get("text", "").strip()
    )
    return _perform(
        request,
        submission,
        perm="review.comment_submission",
        run=run,
        form=form,
        key="comment",
        anchor="comments",
        already=_("This comment is already there; nothing changed.") if repeated else "",
    )


@login_required
@require_POST
def review_consultation_request(request, pk):
    submission = _submission_or_404(request, pk)
    form = ConsultationForm(request.POST, office=submission.office, auto_id="consult-%s")

    def run(data):
        consultation = services.consultation_request(
            submission=submission,
            actor=request.user,
            question=data["question"],
            to_user=data["to_email"],
            to_office=data["to_office"],
        )
        addressee = consultation.to_user or consultation.to_office
        return _("Your question was sent to %(addressee)s; you are told by e-mail when it is answered.") % {
            "addressee": addressee
        }

    question = request.POST.get("question", "").strip()
    repeated = (
        form.is_valid()
        and bool(question)
        and submission.consultations.filter(
            question=question,
            answered_at__isnull=True,
            to_user=form.cleaned_data["to_email"],
            to_office=form.cleaned_data["to_office"],
        ).exists()
    )
    return _perform(
        request,
        submission,
        perm="review.comment_submission",
        run=run,
        form=form,
        key="consultation",
        anchor="consultations",
        already=_("This question was already sent; nothing changed.") if repeated else "",
    )


@login_required
@require_POST
def review_consultation_answer(request, pk):
    consultation = get_object_or_404(Consultation.objects.select_related("to_office"), pk=pk)
    submission = _submission_or_404(request, consultation.submission_id)
    anchor = f"consultation-{consultation.pk}"
    if not services.consultation_may_answer(request.user, consultation):
        return _not_allowed(request, submission, anchor)
    form = AnswerForm(request.POST, auto_id=f"answer-{consultation.pk}-%s")
    if consultation.answered_at is not None:
        messages.info(request, _("This question was already answered; nothing changed."))
        return _back(submission, anchor)
    if not form.is_valid():
        return _back(submission, anchor)
    try:
        services.consultation_answer(consultation=consultation, actor=request.user, answer=form.cleaned_data["answer"])
    except ValidationError as error:
        form.add_error(None, error)
        messages.error(request, " ".join(error.messages))
        return _render(request, submission, {"answer": (consultation.pk, form)}, status=400)
    except PermissionDenied:
        return _not_allowed(request, submission, anchor)
    messages.success(request, _("Your answer was sent to the colleague who asked."))
    return _back(submission, anchor)


@login_required
@require_POST
def review_return_for_revision(request, pk):
    submission = _submission_or_404(request, pk)
    form = RevisionForm(request.POST, auto_id="revision-%s")

    def run(data):
        returned = services.review_return_for_revision(submission=submission, actor=request.user, note=data["note"])
        count = returned.notes.filter(round=returned.round).count()
        return ngettext(
            "Returned to the agency for revision with %(count)s note; the service clock is paused.",
            "Returned to the agency for revision with %(count)s notes; the service clock is paused.",
            count,
        ) % {"count": count}

    already = _("This submission was already returned for revision; nothing changed.")
    return _perform(
        request,
        submission,
        perm="review.review_submission",
        run=run,
        form=form,
        key="revision",
        anchor="actions",
        already=already if submission.state == State.NEEDS_REVISION else "",
    )


@login_required
@require_POST
def review_decide(request, pk):
    submission = _submission_or_404(request, pk)
    form = DecideForm(request.POST, auto_id="decide-%s")

    def run(data):
        decided = services.review_decide(
            submission=submission, actor=request.user, decision=data["decision"], text=data["text"]
        )
        return _("Proposed as “%(decision)s”; it now awaits the head's approval.") % {
            "decision": decided.get_state_display()
        }

    decided = submission.state in DECISION_STATES or submission.state == State.ISSUED
    already = _("A decision was already proposed; nothing changed.") if decided else ""
    return _perform(
        request,
        submission,
        perm="review.review_submission",
        run=run,
        form=form,
        key="decide",
        anchor="actions",
        already=already,
    )


# --- consultations addressed to me ------------------------------------------------------------------


@login_required
def consultations_for_me(request):
    """Open questions addressed to the user, or to an office where the user works, oldest first."""
    codes = list(office_roles_of(request.user).keys())
    consultations = (
        Consultation.objects.filter(answered_at__isnull=True)
        .filter(Q(to_user=request.user) | Q(to_office__code__in=codes))
        .select_related("submission", "submission__agency", "submission__office", "requested_by", "to_office")
        .order_by("asked_at", "pk")
    )
    return render(request, "review/consultations.html", {"consultations": consultations})


# --- the agency answers a note ----------------------------------------------------------------------


def _returned(note, submission) -> bool:
    """The agency sees a note once the form was returned with it."""
    return note.round < submission.round or (
        note.round == submission.round and submission.state == State.NEEDS_REVISION
    )


@login_required
@require_POST
def note_respond(request, pk):
    from submissions.views.common import section_url

    note = get_object_or_404(SectionNote.objects.select_related("submission__office", "submission__agency"), pk=pk)
    submission = note.submission
    if not request.user.has_perm("submissions.view_submission", submission) or not _returned(note, submission):
        raise Http404
    section = SECTIONS_BY_KEY.get(note.section)
    if request.POST.get("next") == "overview" or section is None or not section.applies_to(submission):
        back = reverse("submissions:overview", kwargs={"pk": submission.pk})
    else:
        back = section_url(submission, note.section)
    back = f"{back}#note-{note.pk}"
    if (
        submission.state != State.NEEDS_REVISION
        or note.round != submission.round
        or not request.user.has_perm("submissions.change_submission", submission)
    ):
        messages.error(request, _("This note can no longer be answered: the form is not waiting for your revision."))
        return redirect(back)
    form = ResponseForm(request.POST)
    form.is_valid()
    response = form.cleaned_data.get("response", "").strip()
    if response and response == note.response:
        messages.info(request, _("This response was already saved; nothing changed."))
        return redirect(back)
    try:
        services.note_respond(note=note, actor=request.user, response=response)
    except PermissionDenied:
        messages.error(request, _("This note can no longer be answered: the form is not waiting for your revision."))
        return redirect(back)
    if response:
        messages.success(request, _("Your response was saved; the note is marked as addressed."))
    else:
        messages.info(request, _("Your response was removed; the note is no longer marked as addressed."))
    return redirect(back)


urlpatterns = [
    path("periksa/<int:pk>/", review_detail, name="detail"),
    path("periksa/<int:pk>/terekam-lengkap/", review_accept, name="accept"),
    path("periksa/<int:pk>/belum-lengkap/", review_return_incomplete, name="return_incomplete"),
    path("periksa/<int:pk>/tugaskan/", review_assign, name="assign"),
    path("periksa/<int:pk>/ambil/", review_take, name="take"),
    path("periksa/<int:pk>/catatan/", review_note_add, name="note_add"),
    path("periksa/<int:pk>/catatan/<int:note_pk>/hapus/", review_note_delete, name="note_delete"),
    path("periksa/<int:pk>/komentar/", review_comment_add, name="comment_add"),
    path("periksa/<int:pk>/konsultasi/", review_consultation_request, name="consultation_request"),
    path("periksa/<int:pk>/perbaikan/", review_return_for_revision, name="return_for_revision"),
    path("periksa/<int:pk>/keputusan/", review_decide, name="decide"),
    path("periksa/konsultasi/", consultations_for_me, name="consultations"),
    path("periksa/konsultasi/<int:pk>/jawab/", review_consultation_answer, name="consultation_answer"),
    path("periksa/catatan/<int:pk>/tanggapan/", note_respond, name="note_respond"),
]

"""The review page of one submission (GET), for the staff of its office and for colleagues asked for advice.

Who sees the page: staff of the submission's office (`review.comment_submission`) and whoever a consultation is
addressed to (`review.view_for_consultation`); everyone else gets 404, so guessing numbers tells nothing. The
page's actions are POSTs in the modules beside this one (decisions, assignments, notes, comments,
consultations), run by `actions.perform`; a form they refuse is shown again here with its errors (`page`).
"""

from functools import partial

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.urls import path
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from romantik.calendar import office_today
from romantik.links import pk_url_patterns
from romantik.selectors import membership_with_region
from submissions.answers import SectionAnswers, section_answers_kept
from submissions.clock import clock_status
from submissions.models import Submission
from submissions.prereview_input import prereview_results_kept
from submissions.renewal import renewal_changes
from submissions.rules import note_returned

from .. import services
from ..detail_reads import review_comments, review_consultations, review_notes, review_submission
from ..forms import (
    AnswerForm,
    AssignForm,
    CommentForm,
    ConsultationForm,
    DecideForm,
    NoteForm,
    ReturnIncompleteForm,
    RevisionForm,
)
from ..rules import awaits_head, note_deletable, review_page_permissions
from ..selectors import office_calendar_lazy
from ..templatetags.review_kept import FormLater

# --- reading the form -------------------------------------------------------------------------------


def section_views(submission, notes, *, can_review, bound_note=None) -> list[SectionAnswers]:
    """The form as answered (submissions.answers, its answers kept per version of the submission), with a form for
    a new note per section for reviewers."""
    views = section_answers_kept(submission, notes)
    if can_review:
        for view in views:
            if bound_note is not None and bound_note[0] == view.section.key:
                view.note_form = bound_note[1]
            else:
                # An empty form is made only when its section's HTML is (review_kept.section_card keeps it).
                view.note_form = FormLater(partial(_note_form, view))
    return views


def _note_form(view) -> NoteForm:
    key = view.section.key
    questions = [(row.field, row.label) for row in view.answers]
    return NoteForm(initial={"section": key}, questions=questions, auto_id=f"note-{key}-%s")


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

# The page's links and forms' addresses that take the submission's pk: each route reversed once per process (and
# URL configuration and script prefix) as a pattern (romantik.links), then filled with the pk on each view.
PAGE_URLS = {
    "overview": "submissions:overview",
    "diff": "review:diff",
    "letter_draft": "letters:draft",
    "note_add": "review:note_add",
    "accept": "review:accept",
    "return_incomplete": "review:return_incomplete",
    "take": "review:take",
    "assign": "review:assign",
    "return_for_revision": "review:return_for_revision",
    "decide": "review:decide",
    "consultation_request": "review:consultation_request",
    "comment_add": "review:comment_add",
}


def page_urls(pk) -> dict[str, str]:
    """`{% url name pk %}` of each of PAGE_URLS."""
    return {name: pattern.format(pk=pk) for name, pattern in pk_url_patterns(PAGE_URLS).items()}


def _load(pk) -> Submission:
    # The submission with what the page shows of its related rows and its assignments with their people
    # (review.detail_reads: the same two queries as select_related and prefetch_related, compiled once per process).
    submission = review_submission(pk)
    if submission is None:
        raise Http404
    return submission


def submission_or_404(request, pk) -> Submission:
    """Both permissions apply `submissions.rules.reached_office`: a draft the agency never submitted is its own
    business (a walk-in recorded at the desk excepted), on this page as on every other page of a submission."""
    submission = _load(pk)
    user = request.user
    if not (
        user.has_perm("review.comment_submission", submission)
        or user.has_perm("review.view_for_consultation", submission)
    ):
        raise Http404
    return submission


def _may_download(user, submission) -> bool:
    """`submissions.view_submission` (the attachments' links). Its rule asks first for the person's agency
    membership: read here as the page's frame reads it (`membership_with_region`, SQL compiled once, kept on the
    person for the rule and the navigation), not by the ORM's `user.membership` (issue 20: ~0.5 ms a view)."""
    membership_with_region(user)
    return user.has_perm("submissions.view_submission", submission)


def page(request, submission, bound: dict | None = None, status: int = 200):
    """The page; `bound` holds a form that failed, to show it again with its errors."""
    bound = bound or {}
    user = request.user
    # The variables, indicators and attachments are not read here: the sections' HTML is kept per version of the
    # submission (review.templatetags.review_kept), which reads the rows only when it makes the HTML again; so is
    # the respondent burden's (`respondent_burden_kept`: the variables are counted only when it is made again).
    can = review_page_permissions(user, submission)
    notes = review_notes(submission)
    for note in notes:
        note.returned = note_returned(note, submission)
        note.deletable = can["review"] and note_deletable(user, note, submission, coordinator=can["coordinator"])
    all_consultations = review_consultations(submission)
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
    # The automatic pre-review (kept per version of the submission and content of the rules); a violation already
    # made a note this round shows so instead of its button.
    prereview = prereview_results_kept(submission)
    made = {(n.section, n.field, n.text) for n in notes if n.round == submission.round}
    for result in prereview:
        result.noted = (result.section, result.field, result.note_text) in made
    clock = clock_status(
        submission, today=office_today(submission.office), calendar=office_calendar_lazy(submission.office)
    )
    context = {
        "submission": submission,
        "urls": page_urls(submission.pk),
        "can": can,
        "reviewers": [a.reviewer for a in submission.assignments.all()],
        "clock": clock,
        "clock_text": _clock_text(clock, submission.office),
        "awaiting_head": awaits_head(submission),
        "sections": section_views(submission, notes, can_review=can["review"], bound_note=bound.get("note")),
        "notes_this_round": sum(1 for n in notes if n.round == submission.round),
        "prereview": prereview,
        "prereview_violations": sum(1 for r in prereview if r.is_violation),
        "attachments": SimpleLazyObject(lambda: list(submission.attachments.all())),
        "can_download": _may_download(user, submission),
        "consultations": consultations,
    }
    # The actions' forms, each only where the page shows it (its role's permission), or shown again with its errors.
    if can["return_incomplete"] or "return_incomplete" in bound:
        context["return_incomplete_form"] = bound.get("return_incomplete") or ReturnIncompleteForm(
            auto_id="incomplete-%s"
        )
    if can["review"] or "revision" in bound or "decide" in bound:
        context["revision_form"] = bound.get("revision") or RevisionForm(auto_id="revision-%s")
        context["decide_form"] = bound.get("decide") or DecideForm(auto_id="decide-%s")
    if can["assign"]:
        context["assign_form"] = bound.get("assign") or AssignForm(
            office=submission.office, initial={"reviewers": [r.pk for r in context["reviewers"]]}, auto_id="assign-%s"
        )
    if can["staff"]:
        context.update(
            {
                "comments": review_comments(submission),
                "comment_form": bound.get("comment") or CommentForm(auto_id="comment-%s"),
                "consultation_form": bound.get("consultation")
                or ConsultationForm(office=submission.office, auto_id="consult-%s"),
                # The timeline: {% staff_timeline %} (review_kept), kept per version of the submission.
                "all_consultations": all_consultations,
                # The message log: {% message_log %} (review_kept), kept per content of its rows.
            }
        )
    # A renewal of a recurring activity (submissions/renewal.py): the panel of its changes at the top, and in the
    # form below, the sections unchanged since the previous recommendation collapsed, the changed ones marked.
    renewal = renewal_changes(submission) if submission.renews_id else None
    context.update(
        {
            "renewal": renewal,
            "renewal_changed": {change.section for change in renewal.changes} if renewal else set(),
            "renewal_unchanged": set(renewal.unchanged_sections) if renewal else set(),
        }
    )
    return render(request, "review/detail.html", context, status=status)


@login_required
def review_detail(request, pk):
    return page(request, submission_or_404(request, pk))


urlpatterns = [
    path("periksa/<int:pk>/", review_detail, name="detail"),
]

"""What every page of one submission needs: the object with its permission checked, and the section menu."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _

from romantik.selectors import membership_of

from ..completeness import submission_completeness
from ..models import Submission
from ..rules import last_returned_round, note_awaits_response
from ..sections import SECTIONS, SECTIONS_BY_KEY

# Question number of each field ("–" for the header), for labelling reviewers' notes.
_NUMBERS = {q.field: q.number for section in SECTIONS for q in section.questions}


def submission_for(request, pk, perm: str = "submissions.view_submission") -> Submission:
    """The submission, if the user may `perm` it. Someone else's submission answers 404, not 403,
    so guessing numbers tells nothing."""
    submission = get_object_or_404(
        Submission.objects.select_related("agency", "agency__region", "office", "created_by", "recorded_by"), pk=pk
    )
    if not request.user.has_perm("submissions.view_submission", submission):
        raise Http404
    if perm != "submissions.view_submission" and not request.user.has_perm(perm, submission):
        raise PermissionDenied
    return submission


def section_url(submission: Submission, key: str) -> str:
    """Question sections share one view; the tables (variables, indicators, attachments) have their own."""
    if SECTIONS_BY_KEY[key].table:
        return reverse(f"submissions:{key}", kwargs={"pk": submission.pk})
    return reverse("submissions:section", kwargs={"pk": submission.pk, "key": key})


def question_label(field: str) -> str:
    """'3.1 Background': a question as the form numbers it."""
    if field not in _NUMBERS:
        return ""
    name = Submission._meta.get_field(field).verbose_name
    return str(name) if _NUMBERS[field] == "–" else f"{_NUMBERS[field]} {name}"


def returned_notes(submission: Submission) -> list:
    """The reviewers' notes the agency sees: those of every round returned for revision (never the notes of a
    round still under review), oldest round first, each labelled with its section and question."""
    last = last_returned_round(submission)
    if last < 1:
        return []
    notes = list(submission.notes.filter(round__lte=last).order_by("round", "pk"))
    for note in notes:
        section = SECTIONS_BY_KEY.get(note.section)
        note.section_title = section.title if section else note.section
        note.section_url = section_url(submission, note.section) if section and section.applies_to(submission) else ""
        note.question_label = question_label(note.field) if note.field else ""
        note.can_respond = note_awaits_response(note, submission)
    return notes


def submission_context(request, submission: Submission, active: str) -> dict:
    """Context for templates extending submissions/_layout.html."""
    statuses = submission_completeness(submission)
    # While the form waits for the agency's revision: the notes to act on, marked in the section menu.
    notes = returned_notes(submission)
    revision_notes = [note for note in notes if note.can_respond]
    for status in statuses:
        status.url = section_url(submission, status.section.key)
        status.note_count = sum(1 for note in revision_notes if note.section == status.section.key)
    if membership_of(request.user) is not None:
        back = (reverse("submissions:list"), _("My submissions"))
    else:
        back = (reverse("office_workspace", kwargs={"code": submission.office.code}), submission.office.name)
    return {
        "back_url": back[0],
        "back_label": back[1],
        "submission": submission,
        "statuses": statuses,
        "active": active,
        "active_section": SECTIONS_BY_KEY.get(active),
        "can_edit": request.user.has_perm("submissions.change_submission", submission),
        "staff_view": request.user.has_perm("review.comment_submission", submission),
        "returned_notes": notes,
        "revision_notes": revision_notes,
        # The notes on the page's own section, shown with their reply box where that section is edited
        # (templates/submissions/_notes_here.html: the tables and the attachments; a question section places
        # its notes next to the questions itself).
        "here_notes": [note for note in revision_notes if note.section == active],
    }


__all__ = [
    "login_required",
    "question_label",
    "returned_notes",
    "section_url",
    "submission_for",
    "submission_context",
]

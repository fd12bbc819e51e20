"""What changed between two rounds of a submission, side by side, with the notes of the earlier round."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import path

from submissions.models import RoundSnapshot, Submission
from submissions.sections import SECTIONS, SECTIONS_BY_KEY
from submissions.snapshots import question_label, snapshot_diff

from ..models import SectionNote

ROUND_PARAM = "putaran"  # ?putaran=N: round N against round N-1


def _requested_round(request, rounds: list[int]) -> int:
    """The round asked for in the query, else the latest; a round that was never submitted is a 404."""
    raw = request.GET.get(ROUND_PARAM, "").strip()
    if not raw:
        return rounds[-1]
    try:
        number = int(raw)
    except ValueError:
        raise Http404 from None
    if number not in rounds:
        raise Http404
    return number


def _question_labels() -> dict[str, str]:
    return {q.field: question_label(q) for section in SECTIONS for q in section.questions}


def _grouped(changes) -> list[dict]:
    """Changes under their section titles, in form order."""
    groups: dict[str, dict] = {}
    for change in changes:
        section = SECTIONS_BY_KEY.get(change.section)
        group = groups.setdefault(change.section, {"key": change.section, "title": section.title, "changes": []})
        group["changes"].append(change)
    return list(groups.values())


def _notes(submission, round_number: int, changes) -> list[dict]:
    """The notes written on the earlier round: answered by the agency? did their section (question) change?"""
    changed_sections = {c.section for c in changes}
    changed_fields = {c.field for c in changes}
    labels = _question_labels()
    rows = []
    for note in SectionNote.objects.filter(submission=submission, round=round_number).select_related("author"):
        section = SECTIONS_BY_KEY.get(note.section)
        rows.append(
            {
                "note": note,
                "section_title": section.title if section else note.section,
                "question": labels.get(note.field, ""),
                "addressed": note.addressed_at is not None,
                "section_changed": note.section in changed_sections,
                "question_changed": note.field in changed_fields if note.field else None,
            }
        )
    return rows


@login_required
def review_diff(request, pk):
    """Round N against round N-1 (?putaran=N; the latest round by default). Office staff only, of what reached the
    office (`review.comment_submission` applies `submissions.rules.reached_office`, as the review page); 404
    otherwise."""
    submission = get_object_or_404(Submission.objects.select_related("office", "agency"), pk=pk)
    if not request.user.has_perm("review.comment_submission", submission):
        raise Http404
    snapshots = {s.round: s for s in RoundSnapshot.objects.filter(submission=submission)}
    rounds = sorted(snapshots)
    context = {
        "submission": submission,
        "rounds": rounds,
        "round": None,
        "previous_round": None,
        "round_param": ROUND_PARAM,
    }
    if rounds:
        number = _requested_round(request, rounds)
        context["round"] = number
        previous = snapshots.get(number - 1)
        if previous is not None:
            changes = snapshot_diff(previous.data, snapshots[number].data)
            context.update(
                previous_round=number - 1,
                changes=changes,
                groups=_grouped(changes),
                notes=_notes(submission, number - 1, changes),
            )
    return render(request, "review/diff.html", context)


urlpatterns = [path("periksa/<int:pk>/perubahan/", review_diff, name="diff")]

"""The review page's reads (review.views.detail), each compiled to SQL once per process (issue 20).

The page reads the submission with five related rows, its assignments with their people, its notes with their
authors, its consultations with their people and office, and its comments with their authors: five querysets
whose shape never changes, only the submission's id. For these (the submission's load is a 6-table join of 169
columns) Django's compiling cost more CPU than PostgreSQL spent on the query, so each is a
`romantik.compiled.CompiledRead`: compiled once, run with the request's id, its rows made into the same instances
by Django's own converters and populators, from the same single query.
"""

from django.db.models import Prefetch, QuerySet

from romantik.compiled import CompiledRead
from submissions.models import Submission

from .models import Assignment, Comment, Consultation, SectionNote

# What the page shows of the submission's related rows (the creator is compared by id only: not joined). The
# coverage regions and the organiser's regency are read only when the answers and the pre-review are worked out
# again (kept per version); the province names the respondent burden's minimum wage.
SUBMISSION = CompiledRead(
    lambda pk: Submission.objects.select_related(
        "agency", "office__region", "recorded_by", "organizer_province"
    ).filter(pk=pk)
)
# With who assigned them: the timeline reuses these rows.
ASSIGNMENTS = CompiledRead(
    lambda pk: Assignment.objects.select_related("reviewer", "assigned_by").filter(submission_id=pk)
)
NOTES = CompiledRead(lambda pk: SectionNote.objects.select_related("author").filter(submission_id=pk))
CONSULTATIONS = CompiledRead(
    lambda pk: Consultation.objects.select_related("requested_by", "to_user", "to_office", "answered_by").filter(
        submission_id=pk
    )
)
COMMENTS = CompiledRead(lambda pk: Comment.objects.select_related("author").filter(submission_id=pk))


def _belonging(rows: list, submission, model) -> list:
    """`rows` of `model` with their submission set to `submission`, as `submission.<related>.all()` gives them."""
    field = model._meta.get_field("submission")
    for row in rows:
        field.set_cached_value(row, submission)
    return rows


def _as_prefetched(submission, name: str, rows: list) -> None:
    """`submission.<name>.all()` answers `rows` without a query, as after `prefetch_related(name)`."""
    queryset = getattr(submission, name).all()
    queryset._result_cache = rows
    queryset._prefetch_done = True
    if not hasattr(submission, "_prefetched_objects_cache"):
        submission._prefetched_objects_cache = {}
    submission._prefetched_objects_cache[name] = queryset


def review_submission(pk) -> Submission | None:
    """The submission of the review page with its agency, office and region, recorder and organiser's province, and
    its assignments with their reviewer and who assigned them (`submission.assignments.all()`: no query), as
    `Submission.objects.select_related(...).prefetch_related(Prefetch("assignments", ...))` reads them; None when
    there is none."""
    found = SUBMISSION.instances(pk)
    if not found:
        return None
    submission = found[0]
    _as_prefetched(submission, "assignments", _belonging(ASSIGNMENTS.instances(pk), submission, Assignment))
    return submission


def review_notes(submission) -> list[SectionNote]:
    """`list(submission.notes.select_related("author"))`."""
    return _belonging(NOTES.instances(submission.pk), submission, SectionNote)


def review_consultations(submission) -> list[Consultation]:
    """`list(submission.consultations.select_related("requested_by", "to_user", "to_office", "answered_by"))`."""
    return _belonging(CONSULTATIONS.instances(submission.pk), submission, Consultation)


def review_comments(submission) -> list[Comment]:
    """`list(submission.comments.select_related("author"))`."""
    return _belonging(COMMENTS.instances(submission.pk), submission, Comment)


def review_querysets(pk) -> dict[str, QuerySet]:
    """The querysets the reads above stand for (the tests compare the two)."""
    submission = Submission.objects.select_related(
        "agency", "office__region", "recorded_by", "organizer_province"
    ).prefetch_related(Prefetch("assignments", queryset=Assignment.objects.select_related("reviewer", "assigned_by")))
    return {
        "submission": submission.filter(pk=pk),
        "notes": SectionNote.objects.select_related("author").filter(submission_id=pk),
        "consultations": Consultation.objects.select_related(
            "requested_by", "to_user", "to_office", "answered_by"
        ).filter(submission_id=pk),
        "comments": Comment.objects.select_related("author").filter(submission_id=pk),
    }

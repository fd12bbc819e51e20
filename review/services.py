"""The review workflow: accept, return, assign, notes, comments, consultations, decide. Each state change goes
through the submission's one door (submissions.workflow.submission_transition)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext

from romantik.calendar import office_today
from romantik.enums import Role
from romantik.selectors import office_roles_of, staff_with_roles
from submissions.clock import clock_due_date
from submissions.sections import SECTIONS_BY_KEY
from submissions.selectors import submission_locked
from submissions.states import State
from submissions.workflow import submission_notify, submission_transition

from .signals import submission_decided

# Who answers a consultation addressed to an office.
CONSULTED_ROLES = frozenset({Role.REVIEWER, Role.COORDINATOR})


# --- the review workflow -------------------------------------------------------------------------
# Each state change below goes through `submission_transition`; the other writes (assignment, notes,
# comments, consultations) check the same django-rules permissions.


def review_accept(*, submission, actor):
    """Terekam lengkap: the office confirms the submission complete. The first time, the clock starts. Only a
    submission waiting in diajukan: a revision goes back into review when the agency resubmits it
    (submissions.services.submission_submit), never by this step."""

    def before(locked):
        if locked.recorded_complete_on is None:
            today = office_today(locked.office)
            locked.recorded_complete_on = today
            locked.due_date = clock_due_date(office=locked.office, started_on=today)

    def after(locked, log):
        if log.round == 1:
            with translation.override(locked.created_by.language):
                due = date_format(locked.due_date, "j F Y")
            submission_notify(locked, "submission_accepted", [locked.created_by], f"{log.pk}", due_date=due)

    locked, _log = submission_transition(
        submission=submission,
        to=State.IN_REVIEW,
        actor=actor,
        before=before,
        after=after,
        only_from=frozenset({State.SUBMITTED}),
    )
    return locked


def review_return_incomplete(*, submission, actor, note: str):
    """Not complete: back to the agency as a draft, with what is missing. The clock never started."""
    if not note.strip():
        raise ValidationError(gettext("Say what is missing, so the agency can complete it."))

    def after(locked, log):
        submission_notify(locked, "submission_returned_incomplete", [locked.created_by], f"{log.pk}", note=note)

    locked, _log = submission_transition(submission=submission, to=State.DRAFT, actor=actor, note=note, after=after)
    return locked


@transaction.atomic
def review_assign(*, submission, reviewers, actor) -> list:
    """A coordinator puts reviewers (of the same office) on a submission; each is told once."""
    from .models import Assignment

    locked = _locked(submission)
    if not actor.has_perm("review.assign_reviewers", locked):
        raise PermissionDenied
    added = []
    for reviewer in reviewers:
        if Role.REVIEWER not in office_roles_of(reviewer).get(locked.office.code, set()):
            raise ValidationError(gettext("%(name)s is not a reviewer of this office.") % {"name": reviewer})
        assignment, created = Assignment.objects.get_or_create(
            submission=locked, reviewer=reviewer, defaults={"assigned_by": actor}
        )
        if created:
            added.append(assignment)
            submission_notify(locked, "submission_assigned", [reviewer], f"assigned:{assignment.pk}")
    return added


@transaction.atomic
def review_take(*, submission, actor):
    """A reviewer takes unassigned work (if the office allows it)."""
    from .models import Assignment

    locked = _locked(submission)
    if locked.assignments.filter(reviewer=actor).exists():
        return None  # a repeated click
    if not actor.has_perm("review.take_submission", locked):
        raise PermissionDenied
    return Assignment.objects.create(submission=locked, reviewer=actor, assigned_by=actor)


def _locked(submission):
    return submission_locked(submission.pk)


@transaction.atomic
def note_add(*, submission, section: str, text: str, actor, field: str = ""):
    """A reviewer's note on a section of the current round (the agency sees it when the form is returned)."""
    from .models import SectionNote

    locked = _locked(submission)
    if not actor.has_perm("review.review_submission", locked):
        raise PermissionDenied
    if section not in SECTIONS_BY_KEY:
        raise ValidationError(gettext("Unknown section."))
    if not text.strip():
        raise ValidationError(gettext("Write the note."))
    return SectionNote.objects.create(
        submission=locked, round=locked.round, section=section, field=field, text=text.strip(), author=actor
    )


@transaction.atomic
def note_delete(*, note, actor) -> None:
    locked = _locked(note.submission)
    if not actor.has_perm("review.review_submission", locked) or note.round != locked.round:
        raise PermissionDenied
    note.delete()


@transaction.atomic
def note_respond(*, note, actor, response: str):
    """The agency answers a note while revising, which marks it addressed."""
    locked = _locked(note.submission)
    if not actor.has_perm("submissions.change_submission", locked) or locked.state != State.NEEDS_REVISION:
        raise PermissionDenied
    note.response = response.strip()
    note.addressed_at = timezone.now() if note.response else None
    note.save(update_fields=["response", "addressed_at"])
    return note


def comment_add(*, submission, text: str, actor):
    from .models import Comment

    if not actor.has_perm("review.comment_submission", submission):
        raise PermissionDenied
    if not text.strip():
        raise ValidationError(gettext("Write the comment."))
    return Comment.objects.create(submission=submission, author=actor, text=text.strip())


@transaction.atomic
def consultation_request(*, submission, actor, question: str, to_user=None, to_office=None):
    """Ask a subject-matter colleague (a person) or another office; they are told by e-mail."""
    from .models import Consultation

    if not actor.has_perm("review.comment_submission", submission):
        raise PermissionDenied
    if not question.strip():
        raise ValidationError(gettext("Write the question."))
    if to_user is None and to_office is None:
        raise ValidationError(gettext("Choose a colleague or an office to ask."))
    consultation = Consultation.objects.create(
        submission=submission, requested_by=actor, to_user=to_user, to_office=to_office, question=question.strip()
    )
    recipients = [to_user] if to_user is not None else list(staff_with_roles(to_office, CONSULTED_ROLES))
    submission_notify(submission, "consultation_requested", recipients, f"consult:{consultation.pk}", question=question)
    return consultation


def consultation_may_answer(user, consultation) -> bool:
    if consultation.to_user_id is not None:
        return consultation.to_user_id == user.pk
    return bool(office_roles_of(user).get(consultation.to_office.code))


@transaction.atomic
def consultation_answer(*, consultation, actor, answer: str):
    from .models import Consultation

    locked = Consultation.objects.select_for_update(of=("self",)).select_related("to_office").get(pk=consultation.pk)
    if not consultation_may_answer(actor, locked):
        raise PermissionDenied
    if not answer.strip():
        raise ValidationError(gettext("Write the answer."))
    if locked.answered_at is not None:
        return locked  # answered already (a repeated click)
    locked.answer, locked.answered_by, locked.answered_at = answer.strip(), actor, timezone.now()
    locked.save(update_fields=["answer", "answered_by", "answered_at"])
    if locked.requested_by is not None:
        submission_notify(
            locked.submission, "consultation_answered", [locked.requested_by], f"answer:{locked.pk}", answer=answer
        )
    return locked


def review_return_for_revision(*, submission, actor, note: str = ""):
    """Perlu diperbaiki: back to the agency with this round's section notes; the clock pauses."""

    def before(locked):
        notes = list(locked.notes.filter(round=locked.round).order_by("pk"))
        if not notes:
            raise ValidationError(gettext("Write at least one note on a section before returning the form."))
        locked.clock_paused_on = office_today(locked.office)

    def after(locked, log):
        notes = [
            {"section": str(SECTIONS_BY_KEY[n.section].title), "text": n.text}
            for n in locked.notes.filter(round=locked.round).order_by("pk")
        ]
        submission_notify(locked, "submission_needs_revision", [locked.created_by], f"{log.pk}", notes=notes, note=note)

    locked, _log = submission_transition(
        submission=submission, to=State.NEEDS_REVISION, actor=actor, note=note, before=before, after=after
    )
    return locked


def review_decide(*, submission, actor, decision: str, text: str):
    """Layak (with advice) or tidak layak (with reasons): the clock stops; the head is asked to approve."""
    if decision not in (State.FEASIBLE, State.NOT_FEASIBLE):
        raise ValidationError(gettext("Choose layak or tidak layak."))
    if not text.strip():
        if decision == State.FEASIBLE:
            raise ValidationError(gettext("Write the advice (saran dan masukan) for the agency."))
        raise ValidationError(gettext("Write the reasons why the activity is not feasible."))

    def before(locked):
        locked.decision_text = text.strip()
        locked.decided_at = timezone.now()

    def after(locked, log):
        heads = staff_with_roles(locked.office.signing_office, {Role.HEAD})
        submission_notify(locked, "decision_awaiting_approval", heads, f"{log.pk}", decision=locked.get_state_display())
        submission_decided.send(sender=review_decide, submission=locked, actor=actor)  # letters: the draft letter

    locked, _log = submission_transition(
        submission=submission, to=decision, actor=actor, note=text.strip(), before=before, after=after
    )
    return locked

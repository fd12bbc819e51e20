"""Writes of submissions: start, save a section, submit, withdraw (through the workflow's one door,
submissions.workflow)."""

import logging

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.datastructures import MultiValueDict
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from notifications.services import message_queue
from romantik.calendar import office_today
from romantik.enums import MembershipStatus, OfficeLevel, Role
from romantik.models import Office
from romantik.officetime import office_zoned_text
from romantik.refusals import Refusal
from romantik.selectors import membership_of, office_for_agency, staff_with_roles, user_has_office_role
from romantik.services import counter_next
from submissions.states import WITHDRAWABLE_STATES, State

from . import enums
from .clock import clock_resumed_due_date
from .completeness import missing_count, submission_completeness
from .forms import section_form
from .models import RoundSnapshot, SectionDraft, Submission
from .sections import Section
from .snapshots import snapshot_of
from .workflow import actor_context, submission_notify, submission_transition

logger = logging.getLogger(__name__)

# Office roles told about a new submission: they check completeness and assign reviewers.
INTAKE_ROLES = frozenset({Role.FRONT_DESK, Role.COORDINATOR})


def submission_route(*, submission: Submission) -> Office:
    """The responsible office: BPS RI for national coverage, else the agency's own office."""
    if submission.coverage == enums.Coverage.NATIONAL:
        return Office.objects.get(level=OfficeLevel.CENTRAL)
    return office_for_agency(submission.agency)


def submission_start(*, kind: str, owner, actor, title: str = "") -> Submission:
    """A new draft in `owner`'s agency. `actor` is the owner online, or a front-desk officer
    recording a walk-in into the owner's account (channel offline)."""
    membership = membership_of(owner)
    if membership is None or membership.status == MembershipStatus.REJECTED:
        raise PermissionDenied(_("This account is not linked to a government agency."))
    agency = membership.agency
    office = office_for_agency(agency)
    offline = actor.pk != owner.pk
    if offline and not user_has_office_role(actor, office, {Role.FRONT_DESK}):
        raise PermissionDenied
    submission = Submission(
        kind=kind,
        agency=agency,
        office=office,
        created_by=owner,
        recorded_by=actor if offline else None,
        channel=enums.Channel.OFFLINE if offline else enums.Channel.ONLINE,
        title=title.strip(),
        year=timezone.localdate().year + (1 if timezone.localdate().month >= 10 else 0),
        # Section I starts from what we know about the agency.
        organizer_name=agency.name,
    )
    if agency.region is not None:
        region = agency.region
        submission.organizer_province = region if region.parent_id is None else region.parent
        submission.organizer_regency = region if region.parent_id is not None else None
    if kind == enums.Kind.FS3:
        submission.collection_way = enums.CollectionWay.SURVEY
    elif kind == enums.Kind.FPKPA:
        submission.collection_way = enums.CollectionWay.ADMIN_COMPILATION
    submission.save()
    return submission


def section_save(*, submission: Submission, section: Section, data: MultiValueDict, actor):
    """Save what was typed into one section. Returns the bound form.

    Valid: the answers are stored and any earlier unsaved input is dropped.
    Invalid: the answers are kept as typed (SectionDraft) so nothing is lost,
    and the form carries the messages to show next to the fields.
    """
    if not actor.has_perm("submissions.change_submission", submission):
        raise PermissionDenied
    form = section_form(section, submission)(data=data, instance=submission)
    with transaction.atomic():
        if form.is_valid():
            form.save()
            SectionDraft.objects.filter(submission=submission, section=section.key).delete()
        else:
            SectionDraft.objects.update_or_create(
                submission=submission, section=section.key, defaults={"data": _storable(data)}
            )
            Submission.objects.filter(pk=submission.pk).update(updated_at=timezone.now())
    return form


def _storable(data: MultiValueDict) -> dict:
    """The typed input as JSON PostgreSQL accepts: NUL characters (never meaningful in a form, and refused
    by the field check anyway) are dropped, so a pasted control character cannot turn a save into an error."""
    return {key: [value.replace("\x00", "") for value in values] for key, values in data.lists()}


def section_unsaved(*, submission: Submission, section: Section) -> MultiValueDict | None:
    """Input of a section that did not pass its checks yet, to show it again."""
    draft = SectionDraft.objects.filter(submission=submission, section=section.key).first()
    if draft is None:
        return None
    data = MultiValueDict()
    for key, values in draft.data.items():
        data.setlist(key, values)
    return data


def _number_assign(submission: Submission, office: Office) -> None:
    if submission.number:
        return
    year = timezone.localdate().year
    seq = counter_next(key=f"submission:{office.code}:{year}")
    submission.number = f"{office.code}-{year}-{seq:05d}"


def submission_submit(*, submission: Submission, actor) -> Submission:
    """Draft → diajukan: complete forms only; number, routing and notifications. A revision (perlu perbaikan)
    goes straight back into review (diperiksa) as the next round: the clock resumes where it paused, its
    reviewers stay assigned and are told, and the agency gets a receipt."""
    return submission_submit_once(submission=submission, actor=actor)[0]


def submission_submit_once(*, submission: Submission, actor) -> tuple[Submission, bool]:
    """`submission_submit`, saying whether this call submitted: (submission, False) when the submission was
    already submitted by the time its row was locked (a repeated or concurrent request), and nothing was done."""
    if missing_count(submission_completeness(submission)):
        raise ValidationError(_("The form is not complete yet: see what is missing in each section."))
    office = submission_route(submission=submission)
    # A revision was recorded complete before: it needs no second "terekam lengkap" and goes back to review.
    # A revision as the caller saw it (a repeated click on a page loaded before the first one went through is a
    # no-op) or as stored now (the caller's object may be older than the return for revision).
    stored = Submission.objects.filter(pk=submission.pk).values_list("state", flat=True).first()
    revision = State.NEEDS_REVISION in (submission.state, stored)
    to = State.IN_REVIEW if revision else State.SUBMITTED

    def before(locked: Submission):
        if locked.state == State.NEEDS_REVISION:
            # A new round; the clock resumes where it paused, the due date moved by the days waited.
            locked.round += 1
            if locked.clock_paused_on is not None and locked.due_date is not None:
                locked.due_date = clock_resumed_due_date(
                    office=locked.office,
                    due_date=locked.due_date,
                    paused_on=locked.clock_paused_on,
                    resumed_on=office_today(locked.office),
                    started_on=locked.recorded_complete_on,
                )
            locked.clock_paused_on = None
        else:
            locked.office = office  # a revision stays with the office that reviews it
        _number_assign(locked, locked.office)
        locked.submitted_at = timezone.now()

    def after(locked: Submission, log):
        RoundSnapshot.objects.update_or_create(
            submission=locked, round=locked.round, defaults={"data": snapshot_of(locked)}
        )
        if log.from_state == State.NEEDS_REVISION:
            _notify_resubmitted(locked, log)
        else:
            _notify_submitted(locked, log)

    locked, log = submission_transition(submission=submission, to=to, actor=actor, before=before, after=after)
    return locked, log is not None


def submit_refusal(*, submission: Submission, user) -> Refusal | None:
    """Why `user` may not submit `submission` now, for the web page and the API alike (None: they may, or it was
    submitted already, which the callers answer as a no-op). A page loaded before the submission moved on (a
    stale tab) is told what happened to it, not asked for rights the user has."""
    if submission.state == State.WITHDRAWN:
        return Refusal(_("This submission was withdrawn; it cannot be submitted again."), conflict=True)
    if not submission.is_editable or user.has_perm("submissions.submit_submission", submission):
        return None
    return Refusal(
        _("You cannot submit this yet: a BPS officer must first verify that you act for your agency."), conflict=False
    )


def withdraw_refusal(*, submission: Submission, user) -> Refusal | None:
    """Why `user` may not withdraw `submission` now, for the web page and the API alike (None: they may)."""
    if user.has_perm("submissions.withdraw_submission", submission):
        return None
    if submission.state == State.DRAFT:
        return Refusal(_("A draft has not been submitted: there is nothing to withdraw."), conflict=True)
    if submission.state in WITHDRAWABLE_STATES:
        return Refusal(_("Only a verified member of the agency can withdraw this submission."), conflict=False)
    return Refusal(_("This submission can no longer be withdrawn: BPS has already decided on it."), conflict=True)


def submission_withdraw(*, submission: Submission, actor, reason: str) -> Submission:
    """Tarik kembali: the agency no longer needs the recommendation. Only before a decision; the clock
    stops, reminders stop (the sweep reads only running states), and the office is told why."""
    return submission_withdraw_once(submission=submission, actor=actor, reason=reason)[0]


def submission_withdraw_once(*, submission: Submission, actor, reason: str) -> tuple[Submission, bool]:
    """`submission_withdraw`, saying whether this call withdrew: (submission, False) when it was already
    withdrawn by the time its row was locked (a repeated or concurrent request), and nothing was done."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the submission is withdrawn; the office reads this.")})

    def after(locked: Submission, log):
        reviewers = [a.reviewer for a in locked.assignments.select_related("reviewer")]
        staff = {p.pk: p for p in [*reviewers, *staff_with_roles(locked.office, INTAKE_ROLES)]}
        by = actor_context(locked, log)  # the agency's user, or the desk for a walk-in
        submission_notify(
            locked, "submission_withdrawn", [staff[pk] for pk in sorted(staff)], f"{log.pk}", reason=reason, **by
        )
        submission_notify(locked, "submission_withdrawn_receipt", [locked.created_by], f"{log.pk}", reason=reason, **by)

    locked, log = submission_transition(
        submission=submission, to=State.WITHDRAWN, actor=actor, note=reason, after=after
    )
    return locked, log is not None


def _due_text(submission: Submission, person) -> str:
    """The due date, in `person`'s language."""
    if submission.due_date is None:
        return ""
    with translation.override(person.language or None):
        return date_format(submission.due_date, "j F Y")


def _notify_resubmitted(submission: Submission, log) -> None:
    """A revised form is back in review: its reviewers (or, with none, the intake staff) are told, and the
    agency gets a receipt (the round, the resumed clock's due date, when it arrived in the office's time); the
    messages name who resubmitted it (`actor_context`)."""
    by = actor_context(submission, log)
    reviewers = [a.reviewer for a in submission.assignments.select_related("reviewer")]
    recipients = reviewers or list(staff_with_roles(submission.office, INTAKE_ROLES))
    for person in recipients:
        submission_notify(
            submission, "submission_resubmitted", [person], f"{log.pk}", due_date=_due_text(submission, person), **by
        )
    owner = submission.created_by
    received_at = office_zoned_text(log.at, submission.office, language=owner.language or settings.LANGUAGE_CODE)
    submission_notify(
        submission,
        "submission_resubmission_received",
        [owner],
        f"{log.pk}",
        due_date=_due_text(submission, owner),
        received_at=received_at,
        **by,
    )


def _notify_submitted(submission: Submission, log) -> None:
    context = {
        "number": submission.number,
        "title": submission.title,
        "kind": submission.get_kind_display(),
        "agency": submission.agency.name,
        "office": submission.office.name,
        # Who submitted: the agency's user, or the front desk on its behalf (a walk-in).
        **actor_context(submission, log),
    }
    ref = f"submissions.submission:{submission.pk}"
    message_queue(
        template="submission_submitted",
        recipient=submission.created_by,
        context={**context, "url": reverse("submissions:overview", kwargs={"pk": submission.pk})},
        idempotency_key=f"submitted:{submission.pk}:{log.pk}:owner",
        subject_ref=ref,
        office=submission.office,
    )
    for officer in staff_with_roles(submission.office, INTAKE_ROLES):
        message_queue(
            template="submission_incoming",
            recipient=officer,
            context={**context, "url": reverse("review:detail", kwargs={"pk": submission.pk})},
            idempotency_key=f"submitted:{submission.pk}:{log.pk}:{officer.pk}",
            subject_ref=ref,
            office=submission.office,
        )


def delete_refusal(*, submission: Submission, user) -> Refusal | None:
    """Why `user` may not delete `submission` (None: they may): only a draft never submitted, by its agency."""
    if user.has_perm("submissions.delete_submission", submission):
        return None
    if submission.submitted_at is not None or submission.number or submission.state != State.DRAFT:
        return Refusal(
            _("Only a draft that was never submitted can be deleted. A submitted form stays on record: withdraw it."),
            conflict=True,
        )
    return Refusal(_("Only a member of the agency can delete its draft."), conflict=False)


def submission_delete_draft(*, submission: Submission, actor) -> None:
    """Delete a draft the agency no longer needs, with its rows and attached files; logged with who did it."""
    from .attachments import attachment_files_delete
    from .selectors import submission_locked

    with transaction.atomic():
        locked = submission_locked(submission.pk)
        refusal = delete_refusal(submission=locked, user=actor)
        if refusal:  # the view asked first; a colleague submitted it meanwhile, or the actor may not
            raise PermissionDenied(refusal.message)
        names = [name for name in locked.attachments.values_list("file", flat=True) if name]
        pk, kind, title, agency_id = locked.pk, locked.kind, locked.title, locked.agency_id
        locked.delete()
        transaction.on_commit(lambda: attachment_files_delete(names))
    logger.info("Draft %s (%s, %r) of agency %s deleted by user %s", pk, kind, title, agency_id, actor.pk)


# --- Start again from a copy (issue 19) ---------------------------------------------------------------------
# What a copy does not take over: the identity and the workflow of the original, set anew for the draft.
COPY_SKIPPED_FIELDS = frozenset(
    {
        "id", "number", "agency", "office", "state", "round", "channel", "created_by", "recorded_by", "created_at",
        "updated_at", "submitted_at", "recorded_complete_on", "due_date", "clock_paused_on", "decided_at",
        "decision_text",
    }
)  # fmt: skip


def restart_refusal(*, submission: Submission, user) -> Refusal | None:
    """Why `user` may not start again from a copy of `submission` (None: they may): only a verified member of its
    agency (not the office, not the site admin, whose rights would otherwise pass), and only once it was closed
    for inactivity or withdrawn."""
    membership = membership_of(user)
    member = (
        membership is not None
        and membership.agency_id == submission.agency_id
        and membership.status == MembershipStatus.VERIFIED
    )
    if member and user.has_perm("submissions.restart_submission", submission):
        return None
    if not member:
        return Refusal(_("Only a verified member of the agency can start again from a copy."), conflict=False)
    return Refusal(
        _("Only a submission closed for an untouched revision or withdrawn can be started again from a copy."),
        conflict=True,
    )


def submission_copy(*, submission: Submission, actor) -> Submission:
    """A new draft of `actor`'s agency with the answers, the regions covered, the variables, the indicators and
    the attachments (each file stored anew) of `submission`, closed for inactivity or withdrawn (permission
    `submissions.restart_submission`: a verified member of its agency). The original stays as it is."""
    from .attachments import attachment_files_delete
    from .models import Attachment, Indicator, Variable

    if restart_refusal(submission=submission, user=actor) is not None:
        raise PermissionDenied
    original = Submission.objects.get(pk=submission.pk)
    copy = Submission(
        agency=original.agency,
        office=office_for_agency(original.agency),
        created_by=actor,
        channel=enums.Channel.ONLINE,
        **{
            f.attname: getattr(original, f.attname)
            for f in Submission._meta.concrete_fields
            if f.name not in COPY_SKIPPED_FIELDS
        },
    )
    stored: list[str] = []
    try:
        with transaction.atomic():
            copy.save()
            copy.coverage_regions.set(original.coverage_regions.all())
            for model in (Variable, Indicator):
                rows = list(model.objects.filter(submission=original).order_by("pk"))
                for row in rows:
                    row.pk = row.id = None
                    row.submission = copy
                model.objects.bulk_create(rows)
            for attachment in original.attachments.order_by("pk"):
                new = Attachment(
                    submission=copy,
                    kind=attachment.kind,
                    original_name=attachment.original_name,
                    size=attachment.size,
                    description=attachment.description,
                    uploaded_by=actor,
                )
                with attachment.file.open("rb") as source:
                    new.file.save(attachment.original_name, source, save=False)
                stored.append(new.file.name)
                new.save()
    except Exception:
        attachment_files_delete(stored)
        raise
    logger.info("submission %s copied to draft %s by user %s", original.pk, copy.pk, actor.pk)
    return copy

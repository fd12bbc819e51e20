"""Every write of a hand-over of results (issue 19): scheduling from block VIII, items, the three steps.

Files are judged by their content as a submission's attachments are (`submissions.attachments.attachment_check`:
a PDF within ATTACHMENT_MAX_MB that opens and has a page); links are http or https only. Files are stored under
random names (MEDIA_ROOT is never served) and downloaded through a permission-checked view."""

import calendar
import os
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from notifications.selectors import submission_ref
from notifications.services import message_queue
from romantik.enums import Role
from romantik.selectors import staff_with_roles
from romantik.uploads import pdf_upload_check
from submissions.attachments import attachment_files_delete, attachment_max_bytes
from submissions.enums import Frequency, Repetition
from submissions.states import State

from .enums import LINK_KINDS, OPEN_STATES, RESULT_KINDS, HandOverState, ItemKind
from .models import HandOver, HandOverItem
from .workflow import handover_transition

# Block VIII's planned releases: each product the agency said it makes public, with its date.
RELEASES = (
    ("publish_print", "publish_print_date"),
    ("publish_digital", "publish_digital_date"),
    ("publish_microdata", "publish_microdata_date"),
)
# A repeated activity hands over per period: the next period is due this many months after the one received.
PERIOD_MONTHS = {
    Frequency.DAILY: 1,
    Frequency.WEEKLY: 1,
    Frequency.MONTHLY: 1,
    Frequency.QUARTERLY: 3,
    Frequency.FOUR_MONTHLY: 4,
    Frequency.SEMESTERLY: 6,
    Frequency.YEARLY: 12,
    Frequency.MULTI_YEAR: 24,
}
NOTE_MAX_LENGTH = 2000
URL_MAX_LENGTH = HandOverItem._meta.get_field("url").max_length
NAME_MAX_LENGTH = HandOverItem._meta.get_field("original_name").max_length
# Who hears that an agency handed results over.
OFFICE_RECIPIENT_ROLES = (Role.COORDINATOR, Role.FRONT_DESK)


def period_of(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def due_dates(submission) -> list[date]:
    """The hand-over due dates of a recommended activity: its planned public releases (block VIII), the latest of
    each month (one hand-over per period); without any, the end of its dissemination phase (block III)."""
    days = [
        getattr(submission, when) for flag, when in RELEASES if getattr(submission, flag) and getattr(submission, when)
    ]
    if not days and submission.dissemination_end:
        days = [submission.dissemination_end]
    latest: dict[str, date] = {}
    for day in days:
        latest[period_of(day)] = max(day, latest.get(period_of(day), day))
    return sorted(latest.values())


def add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def handover_schedule(*, submission, letter) -> list[HandOver]:
    """The hand-overs of a submission whose letter was just issued (letters.signals.letter_issued): one per due
    date, for a recommendation *layak* only. Running it again adds nothing."""
    if letter.decision != State.FEASIBLE:
        return []
    made = []
    for day in due_dates(submission):
        handover, _created = HandOver.objects.get_or_create(
            submission=submission, period=period_of(day), defaults={"letter": letter, "due_date": day}
        )
        made.append(handover)
    return made


def _locked(handover_pk: int) -> HandOver:
    return (
        HandOver.objects.select_for_update(of=("self",))
        .select_related("submission__office", "submission__agency")
        .get(pk=handover_pk)
    )


def _agency_may_change(locked: HandOver, actor) -> None:
    if not actor.has_perm("handover.hand_over", locked):
        raise PermissionDenied
    if locked.state not in OPEN_STATES:
        raise ValidationError(
            _("This hand-over is %(state)s: nothing can be added or removed.")
            % {"state": HandOverState(locked.state).label},
            code="closed",
        )


def _original_name(name: str) -> str:
    name = os.path.basename((name or "").replace("\\", "/")).strip()
    name = "".join(ch for ch in name if ch.isprintable()) or "hasil.pdf"
    if not name.lower().endswith(".pdf"):
        name += ".pdf"
    if len(name) > NAME_MAX_LENGTH:
        name = name[: NAME_MAX_LENGTH - 4] + name[-4:]
    return name


def link_check(url: str) -> str:
    """The link, stripped, or ValidationError unless it is an http or https address."""
    url = (url or "").strip()
    if not url:
        raise ValidationError(_("Enter the link to the dataset."), code="required")
    if len(url) > URL_MAX_LENGTH:
        raise ValidationError(_("The link is too long."), code="too_long")
    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError:
        raise ValidationError(
            _("Enter a web address that starts with http:// or https://."), code="invalid_url"
        ) from None
    return url


def handover_item_add(*, handover: HandOver, actor, kind: str, file=None, url: str = "") -> HandOverItem:
    """Add a publication, questionnaire or metadata PDF (checked as attachments are) or a dataset link."""
    if not actor.has_perm("handover.hand_over", handover):
        raise PermissionDenied
    if kind not in ItemKind.values:
        raise ValidationError(_("Choose what you are handing over."), code="kind")
    item = HandOverItem(handover=handover, kind=kind, added_by=actor)
    if kind in LINK_KINDS:
        item.url = link_check(url)
    else:
        if not file:
            raise ValidationError(_("Choose a PDF file to upload."), code="required")
        item.pages = pdf_upload_check(file, max_bytes=attachment_max_bytes())
        item.original_name = _original_name(getattr(file, "name", ""))
        # Written before the transaction, so the row lock is not held while the file is copied; a random name.
        item.file.save(item.original_name, file, save=False)
    try:
        with transaction.atomic():
            locked = _locked(handover.pk)
            _agency_may_change(locked, actor)
            item.handover = locked
            item.save()
            locked.save(update_fields=["updated_at"])
    except BaseException:
        if item.file.name:
            attachment_files_delete([item.file.name])
        raise
    return item


def handover_item_delete(*, item: HandOverItem, actor) -> None:
    with transaction.atomic():
        locked = _locked(item.handover_id)
        _agency_may_change(locked, actor)
        name = item.file.name
        HandOverItem.objects.filter(pk=item.pk, handover=locked).delete()
        if name:
            transaction.on_commit(lambda: attachment_files_delete([name]))


def _page(handover: HandOver) -> str:
    return reverse("handover:agency", kwargs={"pk": handover.submission_id})


def _context(handover: HandOver, **extra) -> dict:
    submission = handover.submission
    return {
        "number": submission.number or "",
        "title": submission.title,
        "agency": submission.agency.name,
        "office": submission.office.name,
        "due": handover.due_date.isoformat(),
        **extra,
    }


def handover_submit(*, handover: HandOver, actor) -> HandOver:
    """The agency hands the results over: at least a publication or a dataset link. The office's coordinators and
    front desk are told. A repeated click changes nothing."""
    with transaction.atomic():
        locked = _locked(handover.pk)
        if locked.state == HandOverState.SUBMITTED and actor.has_perm("handover.hand_over", locked):
            return locked
        _agency_may_change(locked, actor)
        if not locked.items.filter(kind__in=RESULT_KINDS).exists():
            raise ValidationError(
                _("Add the publication or the link to the dataset before handing over."), code="no_results"
            )
        locked.submitted_at = timezone.now()
        handover_transition(locked=locked, to=HandOverState.SUBMITTED, actor=actor, fields=("submitted_at",))
        office = locked.submission.office
        url = reverse("handover:office", kwargs={"code": office.code})
        for person in staff_with_roles(office, OFFICE_RECIPIENT_ROLES):
            message_queue(
                template="handover_submitted",
                recipient=person,
                context=_context(locked, url=url),
                idempotency_key=f"handover:{locked.pk}:submitted:{locked.transitions.count()}:{person.pk}",
                subject_ref=submission_ref(locked.submission_id),
                office=office,
            )
    return locked


def _office_decides(*, handover: HandOver, actor, to: str, note: str) -> HandOver:
    note = (note or "").strip()
    if len(note) > NOTE_MAX_LENGTH:
        raise ValidationError(_("The note is too long."), code="too_long")
    if to == HandOverState.MORE_REQUESTED and not note:
        raise ValidationError(_("Say what is still missing."), code="note_required")
    with transaction.atomic():
        locked = _locked(handover.pk)
        if not actor.has_perm("handover.confirm_handover", locked):
            raise PermissionDenied
        if locked.state == to:
            return locked  # a repeated click
        fields = ("office_note",)
        locked.office_note = note
        if to == HandOverState.RECEIVED:
            locked.received_at = timezone.now()
            fields += ("received_at",)
        transition = handover_transition(locked=locked, to=to, actor=actor, note=note, fields=fields)
        submission = locked.submission
        if submission.created_by_id:
            message_queue(
                template="handover_reviewed",
                recipient=submission.created_by,
                context=_context(locked, url=_page(locked), received=to == HandOverState.RECEIVED, note=note),
                idempotency_key=f"handover:{locked.pk}:reviewed:{transition.pk}",
                subject_ref=submission_ref(submission.pk),
                office=submission.office,
            )
        if to == HandOverState.RECEIVED:
            _next_period(locked)
    return locked


def _next_period(received: HandOver) -> HandOver | None:
    """A repeated activity hands over per period: once a period is received, the next one is due."""
    submission = received.submission
    months = PERIOD_MONTHS.get(submission.frequency)
    if submission.repetition != Repetition.REPEATED or not months:
        return None
    day = add_months(received.due_date, months)
    handover, _created = HandOver.objects.get_or_create(
        submission=submission, period=period_of(day), defaults={"letter_id": received.letter_id, "due_date": day}
    )
    return handover


def handover_receive(*, handover: HandOver, actor, note: str = "") -> HandOver:
    """The office confirms it received the results (and, for a repeated activity, the next period falls due)."""
    return _office_decides(handover=handover, actor=actor, to=HandOverState.RECEIVED, note=note)


def handover_request_more(*, handover: HandOver, actor, note: str) -> HandOver:
    """The office asks the agency for more, saying what is missing: the agency adds to it and hands over again."""
    return _office_decides(handover=handover, actor=actor, to=HandOverState.MORE_REQUESTED, note=note)

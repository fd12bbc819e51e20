"""Every write of a complaint: filing, replies and internal notes, status changes and the kind.

Status changes go through one door, `complaint_set_status`, which locks the row, checks the table and the
actor's permission, writes the log and queues the complainant's message in the same transaction. Replies,
notes and the kind lock the same row. A repeated click is a no-op, never a second log line.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from notifications.services import message_queue
from romantik.calendar import OfficeCalendar
from romantik.enums import Role
from romantik.selectors import staff_with_roles
from romantik.services import counter_next

from . import sla, tracking
from .attachments import attachment_display_name, complaint_attachment_check
from .enums import ALLOWED, FINAL_STATUSES, NOTE_REQUIRED, Category, EventKind, Kind, Status
from .models import Complaint, ComplaintEvent
from .rules import HANDLER_ROLES, may

# A second click on "send" within this time, with the same text, is the same reply.
DUPLICATE_WINDOW = timedelta(minutes=10)
DESCRIPTION_MAX_LENGTH = 5000
REPLY_MAX_LENGTH = 5000


# --- reading helpers of the writes --------------------------------------------------------------------


def complaint_locked(pk: int) -> Complaint:
    """The complaint row, locked until the transaction ends (its own row only), with its office."""
    return (
        Complaint.objects.select_for_update(of=("self",))
        .select_related("office", "office__region", "complainant")
        .get(pk=pk)
    )


def complaint_number(*, office, year: int) -> str:
    """ADU-<office code>-<year>-<seq>; gap-free per office and year, never reused (call inside the filing's
    transaction, so a rollback gives the number back)."""
    seq = counter_next(key=f"complaint:{office.code}:{year}")
    return f"ADU-{office.code}-{year}-{seq:05d}"


def complaint_handlers(office):
    """Who is told of a new complaint: the office's complaint handlers; where it has none, its admins and head."""
    handlers = list(staff_with_roles(office, {Role.COMPLAINT_HANDLER}))
    return handlers or list(staff_with_roles(office, HANDLER_ROLES))


def _follow_url(complaint) -> str:
    """Where the later messages send the complainant: the complaint's page (signed in, or in a browser that
    opened the tracking link), else the tracking form with the number filled in, which asks for the key.
    Only the receipt and a new link carry the key itself."""
    if complaint.complainant_id is not None:
        return reverse("complaints:track_detail", kwargs={"number": complaint.number})
    return f"{reverse('complaints:track')}?nomor={complaint.number}"


def _handler_url(complaint) -> str:
    return reverse("complaints:detail", kwargs={"code": complaint.office.code, "pk": complaint.pk})


def _language(user) -> str:
    return getattr(user, "language", "") or settings.LANGUAGE_CODE


def _queue(complaint, *, template: str, key: str, recipient=None, address: str = "", context: dict) -> None:
    message_queue(
        template=template,
        recipient=recipient,
        address=address,
        language=_language(recipient),
        context={"number": complaint.number, "office": complaint.office.name, **context},
        idempotency_key=key,
        subject_ref=f"complaints.complaint:{complaint.pk}",
        office=complaint.office,
    )


def _tell_complainant(complaint, *, template: str, key: str, **context) -> None:
    """The complainant's message, in their language when they have an account (else Indonesian),
    to the contact address they gave."""
    language = _language(complaint.complainant)
    with translation.override(language):
        context.setdefault("resolution_due", date_format(complaint.resolution_due, "j F Y"))
        context["status"] = str(Status(complaint.status).label)
    _queue(
        complaint,
        template=template,
        key=key,
        recipient=complaint.complainant,
        address=complaint.contact_email,
        context={"name": complaint.contact_name, "url": _follow_url(complaint), **context},
    )


# --- filing -------------------------------------------------------------------------------------------


def complaint_file(
    *,
    office,
    category: str,
    description: str,
    contact_name: str,
    contact_email: str,
    contact_phone: str = "",
    complainant=None,
    submission=None,
    attachment: UploadedFile | None = None,
    filed_at: datetime | None = None,
    tracking_key: str | None = None,
) -> Complaint:
    """File a complaint with `office`: number it, give it a tracking key, set its response-time targets, log
    it, and tell the complainant (number and tracking link) and the office's handlers.

    The key is stored hashed; the returned instance alone carries it in clear (`tracking_key`), for the
    confirmation page. `filed_at` and a given `tracking_key` are for demo data and tests."""
    description = description.strip()
    if category not in Category.values:
        raise ValidationError({"category": _("Choose a category.")})
    if not description:
        raise ValidationError({"description": _("Describe what happened.")})
    if not contact_name.strip() or not contact_email.strip():
        raise ValidationError({"contact_email": _("Give your name and e-mail address, to follow the complaint.")})
    if submission is not None:
        if complainant is None or not complainant.has_perm("submissions.view_submission", submission):
            raise PermissionDenied
        if submission.office_id != office.pk:
            raise ValidationError(
                {
                    "submission": _("This submission is handled by %(office)s: choose that office.")
                    % {"office": submission.office.name}
                }
            )
    filed_at = filed_at or timezone.now()
    complaint = Complaint(
        office=office,
        category=category,
        description=description,
        contact_name=contact_name.strip(),
        contact_email=contact_email.strip().lower(),
        contact_phone=contact_phone.strip(),
        complainant=complainant,
        submission=submission,
        created_at=filed_at,
    )
    key = tracking_key or tracking.key_new()
    complaint.tracking_key_hash = tracking.key_hash(key)
    if attachment is not None:
        try:
            complaint.attachment_type = complaint_attachment_check(file=attachment)
        except ValidationError as error:
            raise ValidationError({"attachment": error.messages}) from None
        complaint.attachment_name = attachment_display_name(attachment.name, complaint.attachment_type)
        complaint.attachment_size = attachment.size
        # Stored before the transaction under a random name (the model's upload_to), removed on failure.
        complaint.attachment.save(complaint.attachment_name, attachment, save=False)
    try:
        with transaction.atomic():
            filed_on = sla.office_date(office, filed_at)
            calendar = OfficeCalendar(office)
            complaint.number = complaint_number(office=office, year=filed_on.year)
            complaint.first_response_due = sla.first_response_due(office, filed_on, calendar)
            complaint.resolution_due = sla.resolution_due(office, filed_on, complaint.kind, calendar)
            complaint.save()
            ComplaintEvent.objects.create(
                complaint=complaint,
                actor=complainant,
                kind=EventKind.STATUS,
                public=True,
                to_status=Status.RECEIVED,
                created_at=filed_at,
            )
            with translation.override(_language(complainant)):
                due = date_format(complaint.first_response_due, "j F Y")
            _tell_complainant(
                complaint,
                template="complaint_filed",
                key=f"complaint-filed:{complaint.pk}",
                due=due,
                # Blanked in the outbox once sent (notifications.services.SECRET_CONTEXT).
                url=tracking.tracking_link(complaint.number, key),
                tracking_key=key,
            )
            for handler in complaint_handlers(office):
                with translation.override(_language(handler)):
                    category_label = str(Category(category).label)
                    due = date_format(complaint.first_response_due, "j F Y")
                _queue(
                    complaint,
                    template="complaint_new",
                    key=f"complaint-new:{complaint.pk}:{handler.pk}",
                    recipient=handler,
                    context={
                        "category": category_label,
                        "complainant": complaint.contact_name,
                        "excerpt": description[:300],
                        "due": due,
                        "url": _handler_url(complaint),
                    },
                )
    except BaseException:
        if complaint.attachment:
            complaint.attachment.storage.delete(complaint.attachment.name)
        raise
    complaint.tracking_key = key
    return complaint


# --- handling -----------------------------------------------------------------------------------------


def _check_handler(actor, complaint) -> None:
    if not may(actor, "complaints.handle_complaint", complaint):
        raise PermissionDenied


def complaint_reply(*, complaint, actor, text: str, public: bool = True) -> tuple[ComplaintEvent, bool]:
    """A handler's reply to the complainant (public) or internal note; returns (event, created).
    The first public reply is the first response. The same text sent twice in a row is one reply."""
    text = text.strip()
    if not text:
        raise ValidationError({"text": _("Write the reply.") if public else _("Write the note.")})
    kind = EventKind.REPLY if public else EventKind.NOTE
    with transaction.atomic():
        locked = complaint_locked(complaint.pk)
        _check_handler(actor, locked)
        now = timezone.now()
        last = locked.events.order_by("-created_at", "-pk").first()
        if (
            last is not None
            and last.actor_id == actor.pk
            and last.kind == kind
            and last.text == text
            and now - last.created_at < DUPLICATE_WINDOW
        ):
            return last, False  # a repeated click
        event = ComplaintEvent.objects.create(
            complaint=locked, actor=actor, kind=kind, public=public, text=text, created_at=now
        )
        if public:
            if locked.first_response_at is None:
                locked.first_response_at = now
                locked.save(update_fields=["first_response_at", "updated_at"])
            _tell_complainant(locked, template="complaint_replied", key=f"complaint-event:{event.pk}", reply=text)
    return event, True


def complaint_set_status(*, complaint, actor, to: str, note: str = "") -> tuple[Complaint, ComplaintEvent | None]:
    """Move the complaint to status `to`: the one door for every status change. Returns (complaint, event);
    the event is None when the complaint already had that status (a repeated click)."""
    note = note.strip()
    with transaction.atomic():
        locked = complaint_locked(complaint.pk)
        _check_handler(actor, locked)
        if locked.status == to:
            return locked, None
        if to not in ALLOWED.get(locked.status, set()):
            raise ValidationError(
                {
                    "to": _("A complaint that is %(from)s cannot become %(to)s.")
                    % {"from": Status(locked.status).label, "to": Status(to).label if to in Status.values else to}
                },
                code="not_allowed",
            )
        if to in NOTE_REQUIRED and not note:
            raise ValidationError(
                {"note": _("Tell the complainant how the complaint was settled, or why it is rejected.")}
            )
        now = timezone.now()
        from_status = locked.status
        locked.status = to
        locked.first_response_at = locked.first_response_at or now
        locked.resolved_at = now if to in FINAL_STATUSES else None
        locked.save(update_fields=["status", "first_response_at", "resolved_at", "updated_at"])
        event = ComplaintEvent.objects.create(
            complaint=locked,
            actor=actor,
            kind=EventKind.STATUS,
            public=True,
            text=note,
            from_status=from_status,
            to_status=to,
            created_at=now,
        )
        _tell_complainant(locked, template="complaint_status", key=f"complaint-event:{event.pk}", note=note)
    return locked, event


def complaint_set_kind(*, complaint, actor, kind: str) -> tuple[Complaint, ComplaintEvent | None]:
    """Triage: simple (5 working days) or not (14); the resolution due date follows from the filing day."""
    if kind not in Kind.values:
        raise ValidationError({"kind": _("Choose the kind of complaint.")})
    with transaction.atomic():
        locked = complaint_locked(complaint.pk)
        _check_handler(actor, locked)
        if locked.kind == kind:
            return locked, None
        filed_on = sla.office_date(locked.office, locked.created_at)
        locked.kind = kind
        locked.resolution_due = sla.resolution_due(locked.office, filed_on, kind)
        locked.save(update_fields=["kind", "resolution_due", "updated_at"])
        event = ComplaintEvent.objects.create(
            complaint=locked, actor=actor, kind=EventKind.KIND, public=False, text=kind
        )
    return locked, event


def complaint_tracking_link_send(*, complaint, actor) -> tuple[Complaint, ComplaintEvent]:
    """A handler sends the complainant a new tracking link, to the contact address of the complaint: for one
    who lost the link, or a complaint filed before tracking keys. The old key stops working, and so do the
    browser sessions that followed with it. The handler never sees the key; the log keeps that a link was sent."""
    with transaction.atomic():
        locked = complaint_locked(complaint.pk)
        _check_handler(actor, locked)
        key = tracking.key_new()
        locked.tracking_key_hash = tracking.key_hash(key)
        locked.save(update_fields=["tracking_key_hash", "updated_at"])
        event = ComplaintEvent.objects.create(
            complaint=locked, actor=actor, kind=EventKind.LINK, public=False, text=locked.contact_email
        )
        _tell_complainant(
            locked,
            template="complaint_link",
            key=f"complaint-link:{event.pk}",
            url=tracking.tracking_link(locked.number, key),
            tracking_key=key,
        )
    return locked, event

"""An office's channels and reminders (issue 18), set by its office admin on /kantor/<code>/pengaturan-layanan/
(romantik.views_channels): WhatsApp notifications, automatic verification of .go.id addresses, whether reviewers
take unassigned work, the reminder thresholds before a due date, the revision waiting limit and the idle-draft
notice (review/reminders.py reads them), and the limit after which an untouched revision is closed
(review/closing.py). Every change is kept with who, when, before and after (django-auditlog,
romantik/audit.py: Office is registered)."""

from django.core.exceptions import PermissionDenied
from django.db import transaction

from .models import Office

CHANNEL_FIELDS = (
    "whatsapp_enabled",
    "auto_verify_go_id",
    "reviewers_take_work",
    "reminder_days",
    "revision_reminder_days",
    "idle_draft_days",
    "revision_close_days",
)
REMINDER_DAYS_MAX = 60  # working days before the due date
REMINDERS_MAX = 5
WAIT_DAYS_MAX = 365
# A revision is closed after at most two years untouched, and never before its 7-day warning could be sent.
CLOSE_DAYS_MAX = 730
CLOSE_DAYS_MIN = 8


def office_channels_save(*, office: Office, actor) -> Office:
    """Save the channel and reminder settings `office` holds as typed (a ModelForm's instance). Only those fields
    are written: what other pages change at the same time is kept."""
    if actor is None or not actor.has_perm("romantik.manage_office", office):
        raise PermissionDenied
    with transaction.atomic():
        office.save(update_fields=list(CHANNEL_FIELDS))
    return office

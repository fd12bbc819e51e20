"""The front-desk kiosk: a signed, expiring link that lets a walk-in visitor answer the questionnaire for
their guest-book entry without logging in. The link carries only the entry's id, signed with SECRET_KEY and
time-stamped (submissions.links, the one mechanism of links without a log-in); it is good for
KIOSK_LINK_MAX_AGE and for one response (the database allows one per entry)."""

from datetime import timedelta

from django.core.exceptions import PermissionDenied
from django.urls import reverse

from submissions.enums import GuestStatus
from submissions.links import LinkError, LinkExpired, LinkInvalid, LinkUsed, link_read, link_sign
from submissions.models import GuestBookEntry

SALT = "satisfaction.kiosk"
# Long enough for the visitor to answer on the desk's tablet or on their phone that day, short enough that
# a link copied from a screen is worthless tomorrow.
KIOSK_LINK_MAX_AGE = timedelta(hours=4)

# The kiosk's names for the link errors (the page explains each `reason`).
KioskLinkError = LinkError
KioskLinkInvalid = LinkInvalid
KioskLinkExpired = LinkExpired
KioskLinkUsed = LinkUsed


def kiosk_token(*, entry: GuestBookEntry, actor) -> str:
    """A kiosk link token for a served visitor; only the front desk of the entry's office makes one."""
    if not actor.has_perm("satisfaction.open_kiosk", entry.office):
        raise PermissionDenied
    if entry.status != GuestStatus.DONE:
        raise PermissionDenied("The visit has not ended yet")
    return link_sign({"e": entry.pk}, salt=SALT)


def kiosk_path(token: str) -> str:
    return reverse("satisfaction:kiosk", kwargs={"token": token})


def kiosk_entry(token: str) -> GuestBookEntry:
    """The guest-book entry a token stands for, if it may still be answered."""
    data = link_read(token, salt=SALT, max_age=KIOSK_LINK_MAX_AGE)
    entry_id = data.get("e")
    entry = GuestBookEntry.objects.select_related("office").filter(pk=entry_id).first()
    if entry is None:
        raise KioskLinkInvalid
    if entry_answered(entry):
        raise KioskLinkUsed
    return entry


def entry_answered(entry: GuestBookEntry) -> bool:
    from .models import SurveyResponse

    return SurveyResponse.objects.filter(guest=entry).exists()

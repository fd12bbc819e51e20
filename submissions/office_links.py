"""An office's links for its devices without a staff log-in: the guest-book kiosk (a tablet at the PST desk,
where visitors sign the guest book and take a queue number) and the waiting-room screen.

The front desk issues and revokes them (`submissions.run_front_desk`). A link is signed (submissions.links)
and carries its row's id and random nonce: it cannot be guessed, and once revoked, or replaced by a new one,
it opens nothing. It opens one page of one office and grants nothing else: no session, no staff permission.
"""

import secrets

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from romantik.models import Office

from .enums import OfficeLinkPurpose
from .links import LinkInvalid, LinkRevoked, link_read, link_sign
from .models import OfficeLink

SALT = "submissions.office_link"
# The page each purpose opens, by URL name (it takes the office's code and the token).
LINK_PAGES = {OfficeLinkPurpose.KIOSK: "submissions:kiosk", OfficeLinkPurpose.SCREEN: "submissions:screen_link"}


def _require(actor, office: Office) -> None:
    if not actor.has_perm("submissions.run_front_desk", office):
        raise PermissionDenied


def office_link_issue(*, office: Office, purpose: str, actor) -> OfficeLink:
    """A new link of `purpose` for the office; the one in use until now, if any, stops working."""
    _require(actor, office)
    purpose = OfficeLinkPurpose(purpose)
    with transaction.atomic():
        now = timezone.now()
        OfficeLink.objects.filter(office=office, purpose=purpose, revoked_at__isnull=True).update(
            revoked_at=now, revoked_by=actor
        )
        return OfficeLink.objects.create(
            office=office, purpose=purpose, nonce=secrets.token_urlsafe(16), created_by=actor
        )


def office_link_revoke(*, office: Office, purpose: str, actor) -> OfficeLink | None:
    """Revoke the office's link of `purpose` in use (None: there was none; a repeated click changes nothing)."""
    _require(actor, office)
    purpose = OfficeLinkPurpose(purpose)
    with transaction.atomic():
        link = (
            OfficeLink.objects.select_for_update()
            .filter(office=office, purpose=purpose, revoked_at__isnull=True)
            .first()
        )
        if link is not None:
            link.revoked_at = timezone.now()
            link.revoked_by = actor
            link.save(update_fields=["revoked_at", "revoked_by"])
        return link


def office_links_in_use(office: Office) -> dict[str, OfficeLink]:
    """The office's links in use, by purpose."""
    links = OfficeLink.objects.filter(office=office, revoked_at__isnull=True).select_related("office")
    return {link.purpose: link for link in links}


def office_link_token(link: OfficeLink) -> str:
    return link_sign({"l": link.pk, "n": link.nonce, "p": link.purpose}, salt=SALT, timestamped=False)


def office_link_path(link: OfficeLink) -> str:
    return reverse(LINK_PAGES[link.purpose], kwargs={"code": link.office.code, "token": office_link_token(link)})


def office_link_resolve(*, token: str, code: str, purpose: str) -> OfficeLink:
    """The link a token stands for, if it opens `purpose` of the office `code` now.

    Raises LinkInvalid for a token that was not issued (forged, mangled, another purpose or office) and
    LinkRevoked for one the front desk revoked or replaced."""
    data = link_read(token, salt=SALT, timestamped=False)
    if data.get("p") != purpose or not isinstance(data.get("l"), int):
        raise LinkInvalid
    link = OfficeLink.objects.select_related("office__region").filter(pk=data["l"], purpose=purpose).first()
    if link is None or link.office.code != code or not secrets.compare_digest(link.nonce, str(data.get("n", ""))):
        raise LinkInvalid
    if link.revoked_at is not None:
        raise LinkRevoked
    return link

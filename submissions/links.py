"""Links that open one page without a log-in, signed with SECRET_KEY (django.core.signing): what they carry
cannot be forged or guessed, and what they may still do is checked against the database when they are used.

Two kinds use it:
- the satisfaction kiosk's link for one served visitor (satisfaction.kiosk): expires after a few hours, and is
  used up by the one response;
- an office's links for its devices (submissions.office_links): the guest-book kiosk and the waiting-room
  screen, good until the front desk revokes them.

A link that cannot be used raises a LinkError whose `reason` the page explains; `LINK_STATUS` is its status.
"""

import zlib
from datetime import timedelta

from django.core import signing


class LinkError(Exception):
    """The link cannot be used; `reason` says why (the page explains it)."""

    reason = "invalid"


class LinkInvalid(LinkError):
    reason = "invalid"


class LinkExpired(LinkError):
    reason = "expired"


class LinkUsed(LinkError):
    reason = "used"


class LinkRevoked(LinkError):
    reason = "revoked"


# A wrong link is not found; an expired or used one is gone; a revoked one is refused.
LINK_STATUS = {"invalid": 404, "expired": 410, "used": 410, "revoked": 403}


def link_sign(data: dict, *, salt: str, timestamped: bool = True) -> str:
    """The token of a link carrying `data` (a few ids). Time-stamped, a reader may set a maximum age; a link that
    lasts until revoked is not, so the same link is always the same address."""
    if timestamped:
        return signing.dumps(data, salt=salt)
    return signing.Signer(salt=salt).sign_object(data)


def link_read(token: str, *, salt: str, max_age: timedelta | None = None, timestamped: bool = True) -> dict:
    """What a token carries, if it was made by `link_sign` with the same salt and `timestamped` (and, time-stamped,
    is not older than max_age)."""
    try:
        if timestamped:
            data = signing.loads(token, salt=salt, max_age=max_age)
        else:
            data = signing.Signer(salt=salt).unsign_object(token)
    except signing.SignatureExpired:
        raise LinkExpired from None
    except signing.BadSignature:
        raise LinkInvalid from None
    except (ValueError, zlib.error):  # signed by us, but not what this kind of link carries
        raise LinkInvalid from None
    if not isinstance(data, dict):
        raise LinkInvalid
    return data

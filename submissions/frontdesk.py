"""Writes of the front desk (PST): the guest book and its queue numbers, the visitor's account,
and recording a walk-in's form into that account (channel offline).

Every function checks the actor's permission (`submissions.run_front_desk` for the office),
writes in one transaction and queues its messages in the outbox with an idempotency key.
"""

import datetime
from dataclasses import dataclass
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.http import base36_to_int, int_to_base36
from django.utils.translation import gettext as _

from notifications.services import message_queue
from romantik.agencies import agency_approve, agency_propose
from romantik.calendar import office_today
from romantik.enums import MEMBERSHIP_VERIFIER_ROLES, AgencyLevel, MembershipStatus, Role
from romantik.models import Agency, AgencyMembership, Counter, Office, OfficeRole, User
from romantik.selectors import agencies_served_by, office_for_agency, user_has_office_role
from romantik.services import counter_next

from .enums import Channel, GuestSource, GuestStatus, Kind, OfficeLinkPurpose
from .models import GuestBookEntry, OfficeLink, Submission
from .services import submission_start

# The forms' official names, the same in every language (messages are rendered in the reader's).
KIND_NAMES = {Kind.FS3: "FS3", Kind.FPKPA: "FP-KPA", Kind.MSKEG: "MS-Keg"}

# A second click on "record" within this time returns the draft the first click made.
REPEAT_WINDOW = timedelta(seconds=10)


def _require(actor, office: Office) -> None:
    if not actor.has_perm("submissions.run_front_desk", office):
        raise PermissionDenied


def queue_counter_key(office: Office, day: datetime.date) -> str:
    return f"queue:{office.code}:{day.isoformat()}"


# --- guest book and queue ---------------------------------------------------------------------


def guest_register(
    *,
    office: Office,
    actor,
    name: str,
    email: str,
    phone: str,
    purpose: str,
    agency: Agency | None = None,
    agency_name: str = "",
    position: str = "",
    visit_date: datetime.date | None = None,
) -> GuestBookEntry:
    """A visitor signs the guest book and takes the next queue number of the office for the day.
    `visit_date` is today unless given (for entering a paper guest book afterwards)."""
    _require(actor, office)
    return _guest_write(
        office=office,
        created_by=actor,
        source=GuestSource.DESK,
        day=visit_date or office_today(office),
        name=name,
        email=email,
        phone=phone,
        purpose=purpose,
        agency=agency,
        agency_name=agency_name,
        position=position,
    )


def guest_register_at_kiosk(
    *,
    link: OfficeLink,
    name: str,
    email: str,
    phone: str,
    purpose: str,
    agency: Agency | None = None,
    agency_name: str = "",
    position: str = "",
) -> GuestBookEntry:
    """The visitor signs the guest book themselves at the office's kiosk (the tablet opened with the office's
    kiosk link, submissions.office_links) and takes the next queue number of today, like at the desk."""
    link = OfficeLink.objects.select_related("office__region").get(pk=link.pk)
    if link.purpose != OfficeLinkPurpose.KIOSK or link.revoked_at is not None:
        raise PermissionDenied
    office = link.office
    return _guest_write(
        office=office,
        created_by=None,
        source=GuestSource.KIOSK,
        day=office_today(office),
        name=name,
        email=email,
        phone=phone,
        purpose=purpose,
        agency=agency,
        agency_name=agency_name,
        position=position,
    )


def _guest_write(
    *, office, created_by, source, day, name, email, phone, purpose, agency, agency_name, position
) -> GuestBookEntry:
    if agency is not None:
        if not agency.is_listed or not agencies_served_by(office).filter(pk=agency.pk).exists():
            raise ValidationError(_("Choose an agency served by this office, or type the agency's name."))
        agency_name = agency.name
    if not agency_name.strip():
        raise ValidationError(_("Choose an agency served by this office, or type the agency's name."))
    with transaction.atomic():
        # The counter row is locked until commit: numbers never repeat, and a rollback gives the number back.
        number = counter_next(key=queue_counter_key(office, day))
        return GuestBookEntry.objects.create(
            office=office,
            visit_date=day,
            queue_number=number,
            name=name.strip(),
            agency=agency,
            agency_name=agency_name.strip(),
            position=position.strip(),
            email=email.strip().lower(),
            phone=phone.strip(),
            purpose=purpose,
            created_by=created_by,
            source=source,
        )


def queue_call_next(
    *, office: Office, actor, expected_number: int | None = None, visit_date: datetime.date | None = None
) -> tuple[GuestBookEntry | None, bool]:
    """Call the lowest waiting number of the day. Returns (entry, called now).

    (None, False): nobody is waiting. With `expected_number` (the number the officer's page offered
    to call) that was called meanwhile (a repeated click, or a colleague at the next counter was
    quicker), nothing changes and that entry comes back with False.
    """
    _require(actor, office)
    day = visit_date or office_today(office)
    with transaction.atomic():
        # Serialise calls (and registrations) of the office's day on its queue counter.
        counter = Counter.objects.select_for_update().filter(key=queue_counter_key(office, day)).first()
        if counter is None:  # nobody registered that day
            return None, False
        entries = GuestBookEntry.objects.filter(office=office, visit_date=day)
        if expected_number is not None:
            offered = entries.filter(queue_number=expected_number).first()
            if offered is not None and offered.status != GuestStatus.WAITING:
                return offered, False
        entry = entries.filter(status=GuestStatus.WAITING).order_by("queue_number").first()
        if entry is None:
            return None, False
        entry.status = GuestStatus.CALLED
        entry.called_at = timezone.now()
        entry.called_by = actor
        entry.save(update_fields=["status", "called_at", "called_by"])
        return entry, True


def guest_serve(*, entry: GuestBookEntry, actor) -> GuestBookEntry:
    """The officer is done with a visitor (whatever the purpose of the visit)."""
    _require(actor, entry.office)
    with transaction.atomic():
        entry = GuestBookEntry.objects.select_for_update(of=("self",)).select_related("office").get(pk=entry.pk)
        if entry.status != GuestStatus.DONE:
            entry.status = GuestStatus.DONE
            entry.save(update_fields=["status"])
    return entry


# --- the visitor's account --------------------------------------------------------------------


@dataclass(frozen=True)
class VisitorAccount:
    user: User
    created: bool  # the account was created now
    linked: bool  # the link to the agency was created or verified now
    invited: bool  # an invitation to set a password was queued now


def invitation_path(user) -> str:
    """The link that lets a person created at the desk set their password (valid PASSWORD_RESET_TIMEOUT)."""
    token = default_token_generator.make_token(user)
    return reverse("submissions:invitation_accept", kwargs={"uidb36": int_to_base36(user.pk), "token": token})


def account_by_email(email: str) -> User | None:
    """The account that `email` proves to be the visitor's, or None.

    Only the confirmed primary address of an account counts (allauth's EmailAddress, verified and primary, which
    is also the account's log-in): an address someone added to their account, or signed up with, but never
    confirmed, proves nothing about who they are. The one exception is an account this desk (or another) created
    for the address and nobody has taken up yet: no password, no address confirmed. Its name and address are what
    an office recorded, and only whoever receives the invitation at that address can use it.
    """
    email = (email or "").strip()
    if not email:
        return None
    address = (
        EmailAddress.objects.filter(email__iexact=email, verified=True, primary=True).select_related("user").first()
    )
    if address is not None:
        return address.user if address.user.email.lower() == email.lower() else None
    user = User.objects.filter(email__iexact=email).first()
    if user is not None and awaiting_invitation(user):
        return user
    return None


def awaiting_invitation(user) -> bool:
    """An account made at a front desk whose owner has not set a password (nor confirmed an address) yet."""
    return not user.has_usable_password() and not EmailAddress.objects.filter(user=user, verified=True).exists()


def _is_bps_staff(user) -> bool:
    return user.is_staff or user.is_superuser or OfficeRole.objects.filter(user=user).exists()


def address_conflict(email: str) -> str:
    """Why a new account for the visitor cannot use `email` when `account_by_email` found none ("" when it can).

    An address that another account only added as a second, unconfirmed one is free: the new account gets it,
    and the invitation proves it. An unconfirmed log-in of another account, or an address another account has
    confirmed as a second one, cannot be given to a new account (ACCOUNT_UNIQUE_EMAIL): the message says how
    the visitor goes on.
    """
    email = (email or "").strip()
    if not email:
        return ""
    holder = User.objects.filter(email__iexact=email).first()
    if holder is not None:
        if _is_bps_staff(holder):
            return _("%(email)s belongs to a BPS staff account; use another e-mail address for the visitor.") % {
                "email": email
            }
        return _(
            "%(email)s is the log-in of an account that never confirmed it, so it is not taken as the visitor's. "
            "If the visitor made that account, they confirm the address from the e-mail sent when they log in "
            '(or set a new password with "Forgot your password?"), then find it here again; otherwise use another '
            "e-mail address."
        ) % {"email": email}
    if EmailAddress.objects.filter(email__iexact=email, verified=True).exists():
        return _(
            "%(email)s is confirmed as a second address of an account that logs in with another one. Ask the "
            "visitor for the address they log in with, or to make this one their primary address first."
        ) % {"email": email}
    return ""


def _agency_for(entry: GuestBookEntry, actor, agency: Agency | None, new_agency_name: str) -> Agency:
    office = entry.office
    if agency is None:
        name = (new_agency_name or "").strip()
        if not name:
            raise ValidationError(_("Choose the visitor's agency, or type its name to add it."))
        # A new agency belongs where this office serves: its own region and level (the listed agency of that name
        # or acronym, if there is one; romantik.agencies).
        agency = agency_propose(name=name, level=AgencyLevel(office.level), region=office.region, proposed_by=actor)
    if not user_has_office_role(actor, office_for_agency(agency), MEMBERSHIP_VERIFIER_ROLES):
        raise ValidationError(
            _("%(agency)s is served by another BPS office; its front desk verifies its users.")
            % {"agency": agency.name}
        )
    return agency


def visitor_account_ensure(
    *, entry: GuestBookEntry, actor, agency: Agency | None = None, new_agency_name: str = "", email: str = ""
) -> VisitorAccount:
    """Find the visitor's account by e-mail (the guest book's unless given) or create it, and link it to
    the agency, verified in person by the officer. A new account gets an invitation to set its password.

    Only an account whose confirmed primary address is `email` is used (`account_by_email`); an address that is
    another account's unconfirmed log-in, or its confirmed second address, is refused with how to go on
    (`address_conflict`). An account already linked to another agency is refused (ValidationError) and left as
    it is.
    """
    _require(actor, entry.office)
    email = (email or entry.email).strip().lower()
    with transaction.atomic():
        entry = GuestBookEntry.objects.select_for_update(of=("self",)).select_related("office").get(pk=entry.pk)
        agency = _agency_for(entry, actor, agency, new_agency_name)
        user = account_by_email(email)
        created = user is None
        if created:
            conflict = address_conflict(email)
            if conflict:
                raise ValidationError(conflict)
            user = User.objects.create_user(
                email=email, password=None, full_name=entry.name, phone=entry.phone, position=entry.position
            )
            EmailAddress.objects.create(user=user, email=user.email, verified=False, primary=True)
        elif _is_bps_staff(user):
            raise ValidationError(
                _("%(email)s belongs to a BPS staff account; use another e-mail address for the visitor.")
                % {"email": email}
            )
        membership = (
            AgencyMembership.objects.select_for_update(of=("self",)).select_related("agency").filter(user=user).first()
        )
        if membership is not None and membership.agency_id != agency.pk:
            raise ValidationError(
                _(
                    "The account %(email)s is already linked to %(agency)s. The link was not changed: "
                    "choose that agency if the visitor acts for it, or use another e-mail address."
                )
                % {"email": user.email, "agency": membership.agency.name}
            )
        linked = membership is None or membership.status != MembershipStatus.VERIFIED
        if linked:
            membership = membership or AgencyMembership(user=user, agency=agency, position=entry.position)
            membership.status = MembershipStatus.VERIFIED
            membership.decided_by = actor
            membership.decided_at = timezone.now()
            membership.note = _("Verified in person at the front desk")
            membership.save()
            if not agency.verified:
                # Verified in person by an officer of its responsible office: on its list, kept in its history.
                agency = agency_approve(agency=agency, actor=actor)
        if entry.user_id != user.pk:
            entry.user = user
            entry.save(update_fields=["user"])
        invited = False
        if not user.has_usable_password():
            message_queue(
                template="account_invitation",
                recipient=user,
                context={
                    "name": user.full_name,
                    "email": user.email,
                    "agency": agency.name,
                    "office": entry.office.name,
                    "officer": actor.full_name,
                    "days": max(settings.PASSWORD_RESET_TIMEOUT // 86400, 1),
                    "url": invitation_path(user),
                    "reset_url": reverse("account_reset_password"),
                },
                idempotency_key=f"account-invitation:{user.pk}:{entry.pk}",
                subject_ref=f"romantik.user:{user.pk}",
                office=entry.office,
            )
            invited = True
        elif linked:
            message_queue(
                template="membership_verified",
                recipient=user,
                context={"agency": agency.name, "note": membership.note, "url": reverse("start")},
                idempotency_key=f"membership-decided:{membership.pk}:{membership.decided_at.isoformat()}",
                subject_ref=f"romantik.agencymembership:{membership.pk}",
                office=entry.office,
            )
    return VisitorAccount(user=user, created=created, linked=linked, invited=invited)


def invitation_user(*, uidb36: str, token: str):
    """The person an invitation link is for, or None when the link is wrong, expired or used."""
    try:
        pk = base36_to_int(uidb36)
    except ValueError:
        return None
    user = User.objects.filter(pk=pk, is_active=True).first()
    if user is None or not default_token_generator.check_token(user, token):
        return None
    return user


def invitation_accept(*, uidb36: str, token: str, password: str):
    """Set the password from an invitation link. The link proves the address: it becomes verified and
    primary. Setting the password changes the hash, so the link cannot be used again."""
    with transaction.atomic():
        user = invitation_user(uidb36=uidb36, token=token)
        if user is None:
            raise PermissionDenied(_("This invitation link is not valid any more."))
        user = User.objects.select_for_update().get(pk=user.pk)
        if not default_token_generator.check_token(user, token):
            raise PermissionDenied(_("This invitation link is not valid any more."))
        user.set_password(password)
        user.save(update_fields=["password"])
        EmailAddress.objects.filter(user=user).exclude(email__iexact=user.email).update(primary=False)
        address = EmailAddress.objects.filter(user=user, email__iexact=user.email).first()
        if address is None:
            EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
        elif not (address.verified and address.primary):
            address.verified = address.primary = True
            address.save(update_fields=["verified", "primary"])
    return user


# --- recording the walk-in's form -------------------------------------------------------------


def walkin_record(*, entry: GuestBookEntry, kind: str, actor) -> Submission:
    """The officer starts a form of `kind` in the visitor's account (channel offline, recorded by the
    officer); the visit is served and the visitor is told by e-mail where to see and continue it."""
    _require(actor, entry.office)
    with transaction.atomic():
        entry = GuestBookEntry.objects.select_for_update(of=("self",)).select_related("office", "user").get(pk=entry.pk)
        visitor = entry.user
        if visitor is None:
            raise ValidationError(_("Find or create the visitor's account first."))
        membership = AgencyMembership.objects.select_related("agency").filter(user=visitor).first()
        if membership is None or membership.status == MembershipStatus.REJECTED:
            raise ValidationError(_("The visitor's account is not linked to a government agency yet."))
        office = office_for_agency(membership.agency)
        if not user_has_office_role(actor, office, {Role.FRONT_DESK}):
            raise ValidationError(
                _("%(agency)s is served by %(office)s; only its front desk can record its forms.")
                % {"agency": membership.agency.name, "office": office.name}
            )
        # A repeated click returns the draft the first click made instead of a second one.
        submission = (
            Submission.objects.filter(
                created_by=visitor,
                recorded_by=actor,
                kind=kind,
                channel=Channel.OFFLINE,
                created_at__gte=timezone.now() - REPEAT_WINDOW,
            )
            .order_by("-pk")
            .first()
        )
        if submission is None:
            submission = submission_start(kind=kind, owner=visitor, actor=actor)
        if entry.status != GuestStatus.DONE:
            entry.status = GuestStatus.DONE
            entry.save(update_fields=["status"])
        message_queue(
            template="submission_recorded",
            recipient=visitor,
            context={
                "name": visitor.full_name,
                "kind": KIND_NAMES[submission.kind],
                "agency": submission.agency.name,
                "office": submission.office.name,
                "officer": actor.full_name,
                "url": reverse("submissions:overview", kwargs={"pk": submission.pk}),
                "list_url": reverse("submissions:list"),
            },
            idempotency_key=f"walkin-recorded:{submission.pk}",
            subject_ref=f"submissions.submission:{submission.pk}",
            office=submission.office,
        )
    return submission

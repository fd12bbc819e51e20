"""Writes of the core: agency links and their verification."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from .agencies import agency_approve
from .enums import MembershipStatus
from .models import Agency, AgencyMembership, Counter, Office, OfficeClosure
from .selectors import office_for_agency
from .signals import membership_decided, membership_pending


def email_is_government(email: str) -> bool:
    domain = email.rsplit("@", 1)[-1].lower().strip()
    return domain == "go.id" or domain.endswith(".go.id")


@transaction.atomic
def membership_request(*, user, agency: Agency, position: str = "") -> AgencyMembership:
    """Link a new user to their agency. Accepted at once when the responsible office
    accepts .go.id addresses and the agency is known; otherwise an officer verifies it."""
    office = office_for_agency(agency)
    membership, _created = AgencyMembership.objects.update_or_create(
        user=user, defaults={"agency": agency, "position": position, "status": MembershipStatus.PENDING}
    )
    if agency.verified and office.auto_verify_go_id and email_is_government(user.email):
        membership.status = MembershipStatus.VERIFIED
        membership.decided_at = timezone.now()
        membership.note = gettext("Accepted automatically: .go.id e-mail address")
        membership.save(update_fields=["status", "decided_at", "note"])
        return membership
    membership_pending.send(sender=membership_request, membership=membership, office=office)  # officers are told
    return membership


@transaction.atomic
def membership_decide(*, membership: AgencyMembership, actor, approve: bool, note: str = "") -> AgencyMembership:
    """An officer verifies (or rejects) that a person acts for their agency."""
    membership = AgencyMembership.objects.select_for_update().select_related("agency", "user").get(pk=membership.pk)
    if not actor.has_perm("romantik.verify_membership", membership):
        raise PermissionDenied
    if membership.status != MembershipStatus.PENDING:
        return membership  # a repeated click changes nothing
    membership.status = MembershipStatus.VERIFIED if approve else MembershipStatus.REJECTED
    membership.decided_by = actor
    membership.decided_at = timezone.now()
    membership.note = note
    membership.save(update_fields=["status", "decided_by", "decided_at", "note"])
    if approve and not membership.agency.verified:
        # The person's proposed agency goes on the list with them, recorded in the office's history.
        agency_approve(agency=membership.agency, actor=actor)
    membership_decided.send(sender=membership_decide, membership=membership, approved=approve, note=note)
    return membership


def office_closure_add(*, office: Office, actor, date, reason: str) -> OfficeClosure:
    """An office admin closes the office on a day; its service clocks skip that day."""
    if not actor.has_perm("romantik.manage_office", office):
        raise PermissionDenied
    closure, _created = OfficeClosure.objects.update_or_create(office=office, date=date, defaults={"reason": reason})
    return closure


def office_closure_remove(*, closure: OfficeClosure, actor) -> None:
    if not actor.has_perm("romantik.manage_office", closure.office):
        raise PermissionDenied
    closure.delete()


def counter_next(*, key: str) -> int:
    """The next number of a gap-free sequence; call inside the transaction that uses it,
    so a rollback gives the number back instead of skipping it."""
    with transaction.atomic():
        Counter.objects.get_or_create(key=key)
        counter = Counter.objects.select_for_update().get(key=key)
        counter.value += 1
        counter.save(update_fields=["value"])
    return counter.value

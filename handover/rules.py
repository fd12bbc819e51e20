"""Who may see and act on a submission's hand-over of results (issue 19)."""

import rules

from romantik.enums import MembershipStatus, Role
from romantik.rules import supervises_office
from romantik.selectors import membership_of, office_roles_of
from submissions.rules import is_verified_agency_member

# The office's people who confirm receipt or ask for more.
CONFIRMING_ROLES = frozenset({Role.FRONT_DESK, Role.REVIEWER, Role.COORDINATOR, Role.HEAD})


def _submission(obj):
    return getattr(obj, "submission", obj)


@rules.predicate
def is_handing_agency(user, obj) -> bool:
    """A verified member of the agency whose recommended activity it is (a member awaiting verification: no)."""
    return obj is not None and is_verified_agency_member(user, _submission(obj))


@rules.predicate
def confirms_for_office(user, obj) -> bool:
    """Front desk, reviewer, coordinator or head of the office that issued the recommendation."""
    if obj is None:
        return False
    roles = office_roles_of(user).get(_submission(obj).office.code, set())
    return bool(set(roles) & CONFIRMING_ROLES)


@rules.predicate
def supervises_its_office(user, obj) -> bool:
    return obj is not None and supervises_office(user, _submission(obj).office)


@rules.predicate
def office_confirms(user, office) -> bool:
    return office is not None and bool(set(office_roles_of(user).get(office.code, set())) & CONFIRMING_ROLES)


# On a submission or one of its hand-overs.
rules.add_perm("handover.hand_over", is_handing_agency)
rules.add_perm("handover.confirm_handover", confirms_for_office)
rules.add_perm(
    "handover.view_handover", is_handing_agency | confirms_for_office | supervises_its_office | rules.is_superuser
)
# On an office: its compliance list.
rules.add_perm("handover.view_office_handovers", office_confirms | supervises_office | rules.is_superuser)
# On an office: may decide on its hand-overs (the buttons on the compliance page).
rules.add_perm("handover.confirm_handover_at", office_confirms)


# --- EPSS evidence packs (handover/evidence.py) ----------------------------------------------------------------


@rules.predicate
def is_verified_member_of_pack_agency(user, pack) -> bool:
    """The agency's own pack (no office): a verified member of the agency."""
    if pack is None or pack.office_id is not None:
        return False
    membership = membership_of(user)
    return membership is not None and membership.agency_id == pack.agency_id and membership.status == (
        MembershipStatus.VERIFIED)  # fmt: skip


@rules.predicate
def sees_office_of_pack(user, pack) -> bool:
    """An office's pack: the people who see that office's compliance list (its own, its supervisors)."""
    return (
        pack is not None
        and pack.office_id is not None
        and user.has_perm("handover.view_office_handovers", pack.office)
    )


# On an evidence pack: may see its progress and download it.
rules.add_perm("handover.view_evidence_pack", is_verified_member_of_pack_agency | sees_office_of_pack)
# On an office: may ask for a pack of one of its agencies (those who see its compliance list).
rules.add_perm("handover.request_office_evidence", office_confirms | supervises_office | rules.is_superuser)

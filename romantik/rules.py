"""Permissions as django-rules predicates: role × office (× state, in later apps)."""

import rules

from .enums import MEMBERSHIP_VERIFIER_ROLES, MembershipStatus, Role
from .selectors import office_for_agency, office_roles_of, user_has_office_role, user_has_role_over


@rules.predicate
def is_office_staff(user, office) -> bool:
    return office is not None and bool(office_roles_of(user).get(office.code))


@rules.predicate
def is_office_admin(user, office) -> bool:
    return office is not None and user_has_office_role(user, office, {Role.OFFICE_ADMIN})


@rules.predicate
def manages_office(user, office) -> bool:
    """An office admin of the office, of the province office above it, or of BPS RI (issue 18: offices run
    themselves, a province admin manages the offices below it, BPS RI all)."""
    return office is not None and user_has_role_over(user, office, {Role.OFFICE_ADMIN})


@rules.predicate
def supervises_office(user, office) -> bool:
    """Any role at the office, at the province office above it, or at BPS RI: may see how the office serves and
    what was changed in it."""
    return office is not None and user_has_role_over(user, office, set(Role.values))


@rules.predicate
def is_office_head(user, office) -> bool:
    return office is not None and user_has_office_role(user, office, {Role.HEAD})


@rules.predicate
def can_verify_membership(user, membership) -> bool:
    if membership is None:
        return False
    return user_has_office_role(user, office_for_agency(membership.agency), MEMBERSHIP_VERIFIER_ROLES)


rules.add_perm("romantik.view_office_workspace", is_office_staff | rules.is_superuser)
rules.add_perm("romantik.manage_office", manages_office | rules.is_superuser)
rules.add_perm("romantik.supervise_office", supervises_office | rules.is_superuser)
rules.add_perm("romantik.sign_for_office", is_office_head | rules.is_superuser)
rules.add_perm("romantik.verify_membership", can_verify_membership | rules.is_superuser)


# --- What the membership pages decide from a request's status (their views compare no status) -------------


def membership_pending(membership) -> bool:
    """The request still waits for a verifier's decision (otherwise a decision changes nothing)."""
    return membership.status == MembershipStatus.PENDING


def membership_verified(membership) -> bool:
    """The person is verified as acting for the agency."""
    return membership.status == MembershipStatus.VERIFIED

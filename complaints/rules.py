"""Who sees and handles a complaint: the handlers of its office and its complainant, nobody else.

Handlers are the office's complaint handlers, its office admins and its head. Other staff of the office
(reviewers, the front desk) do not see complaints: a complaint about an officer's behaviour must not reach
that officer. Site superusers get no exception either.
"""

import rules

from romantik.enums import Role
from romantik.selectors import office_roles_of

HANDLER_ROLES = frozenset({Role.COMPLAINT_HANDLER, Role.OFFICE_ADMIN, Role.HEAD})


def handles_office(user, office) -> bool:
    return office is not None and bool(office_roles_of(user).get(office.code, set()) & HANDLER_ROLES)


@rules.predicate
def is_handler_of_office(user, office) -> bool:
    return handles_office(user, office)


@rules.predicate
def is_handler(user, complaint) -> bool:
    return complaint is not None and handles_office(user, complaint.office)


@rules.predicate
def is_complainant(user, complaint) -> bool:
    return (
        complaint is not None
        and getattr(user, "is_authenticated", False)
        and complaint.complainant_id is not None
        and complaint.complainant_id == user.pk
    )


rules.add_perm("complaints.handle_office_complaints", is_handler_of_office)
rules.add_perm("complaints.handle_complaint", is_handler)
rules.add_perm("complaints.view_complaint", is_handler | is_complainant)


def may(user, perm: str, obj) -> bool:
    """`perm` exactly as defined above. Check complaints with this, not `user.has_perm`: Django's User.has_perm
    answers True for any active superuser before django-rules is asked, which would give site admins the
    exception this module refuses (found by tests/test_permission_matrix.py)."""
    return getattr(user, "is_active", False) and rules.has_perm(perm, user, obj)

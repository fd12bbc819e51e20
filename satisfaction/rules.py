"""Who may rate a service and who may read an office's satisfaction index."""

import rules

from romantik.enums import Role
from romantik.selectors import office_roles_of
from submissions.rules import is_agency_member, is_front_desk_of
from submissions.states import State

# The office's management reads the index; reviewers and the front desk do not.
REPORT_ROLES = frozenset({Role.HEAD, Role.COORDINATOR, Role.OFFICE_ADMIN})


@rules.predicate
def is_issued(user, submission) -> bool:
    """The agency rates the service once its letter is issued (surat terbit)."""
    return submission is not None and submission.state == State.ISSUED


@rules.predicate
def reads_office_ikm(user, office) -> bool:
    return office is not None and bool(office_roles_of(user).get(office.code, set()) & REPORT_ROLES)


# The members of the submission's agency who see it (submissions.view_submission for the agency).
rules.add_perm("satisfaction.rate_submission", is_agency_member & is_issued)
rules.add_perm("satisfaction.view_ikm", reads_office_ikm | rules.is_superuser)
# Opening the kiosk questionnaire for a visitor: the office's front desk (argument: the office).
rules.add_perm("satisfaction.open_kiosk", is_front_desk_of)

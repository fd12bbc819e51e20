"""Who may hold personal API tokens: agency users whose link to their agency was not rejected,
the same people who may start a submission on the web."""

import rules

from romantik.enums import MembershipStatus
from romantik.selectors import membership_of


@rules.predicate
def is_api_agency_user(user) -> bool:
    if not getattr(user, "is_active", False):
        return False
    membership = membership_of(user)
    return membership is not None and membership.status != MembershipStatus.REJECTED


@rules.predicate
def owns_token(user, token) -> bool:
    return token is not None and token.user_id == user.pk


rules.add_perm("api.manage_tokens", is_api_agency_user)
rules.add_perm("api.revoke_token", owns_token)

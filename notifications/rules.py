"""Who sees and resends the messages an office sent: office admins act; the coordinator and the head may look."""

import rules

from romantik.enums import Role
from romantik.selectors import user_has_office_role

from .enums import MessageState

# Roles that see the message page of their office (read-only, except for the office admin).
MESSAGE_VIEWER_ROLES = frozenset({Role.OFFICE_ADMIN, Role.COORDINATOR, Role.HEAD})


@rules.predicate
def sees_office_messages(user, office) -> bool:
    return office is not None and user_has_office_role(user, office, MESSAGE_VIEWER_ROLES)


@rules.predicate
def administers_office(user, office) -> bool:
    return office is not None and user_has_office_role(user, office, {Role.OFFICE_ADMIN})


@rules.predicate
def administers_message_office(user, message) -> bool:
    # A message without an office (account mail, rows older than the office column) is the site admin's.
    return (
        message is not None
        and message.office_id is not None
        and user_has_office_role(user, message.office, {Role.OFFICE_ADMIN})
    )


rules.add_perm("notifications.view_office_messages", sees_office_messages | rules.is_superuser)
rules.add_perm("notifications.resend_office_messages", administers_office | rules.is_superuser)
rules.add_perm("notifications.resend_message", administers_message_office | rules.is_superuser)


# --- What the message pages decide from a message's state (their views compare no state) -------------------


def message_failed(message) -> bool:
    """Sending failed for good: the office admin may queue it again."""
    return message.state == MessageState.FAILED


def message_queued(message) -> bool:
    """The message waits in the outbox to be sent (again)."""
    return message.state == MessageState.QUEUED

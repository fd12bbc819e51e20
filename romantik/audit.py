"""Who changed what in an office, when, before and after (issue 18), kept by django-auditlog.

A model that belongs to an office is registered here (or from its own app's `AppConfig.ready` with
`audit_register`) and says which office a change concerns with `get_additional_data()` returning
`{"office": <office id>}`; `auditlog.middleware.AuditlogMiddleware` records the person who made it.
The history page of an office (and of the offices it supervises) reads `office_changes`.
"""

import contextlib

from auditlog.context import auditlog_value, set_actor
from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.db.models import QuerySet


def audit_register(model, **options) -> None:
    """Keep every create, update and delete of `model` (options as `auditlog.register`: include_fields,
    exclude_fields, mask_fields for secrets)."""
    if not auditlog.contains(model):
        auditlog.register(model, **options)


def office_changes(office_ids) -> QuerySet[LogEntry]:
    """Every recorded change of the offices `office_ids`, newest first, with who made it."""
    return (
        LogEntry.objects.filter(additional_data__office__in=list(office_ids))
        .select_related("actor", "content_type")
        .order_by("-timestamp", "-pk")
    )


@contextlib.contextmanager
def audit_actor(actor):
    """The history names `actor` for the changes written inside: also outside a request (a command, a task, a
    test), and on a page whose request acts for nobody signed in yet (sign-up: the person proposing is named).
    Inside a request the address django-auditlog's middleware noted is kept, and its context is put back
    afterwards (`set_actor` leaves its own in place)."""
    if actor is None:
        yield
        return
    current = auditlog_value.get(None)
    address = current.get("remote_addr") if current else None
    try:
        with set_actor(actor, remote_addr=address):
            yield
    finally:
        if current is not None:
            auditlog_value.set(current)

"""Concurrent clicks on PostgreSQL: the row lock makes the second one a no-op."""

import threading

import pytest
from django.db import connection

from notifications.models import Message
from romantik.enums import MembershipStatus
from romantik.models import AgencyMembership, User
from romantik.services import membership_decide
from tests.conftest import close_other_db_sessions

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_two_officers_deciding_at_once_make_one_decision(demo, uses_postgres):
    membership = AgencyMembership.objects.get(user__email="staf@bappeda-bna.demo.go.id")
    officers = [User.objects.get(email=e) for e in ("frontdesk.3304@demo.bps.go.id", "coordinator.3304@demo.bps.go.id")]
    barrier = threading.Barrier(2)
    errors = []

    def decide(officer, approve):
        try:
            barrier.wait(timeout=10)
            membership_decide(membership=membership, actor=officer, approve=approve, note="" if approve else "Bukan")
        except Exception as exc:  # noqa: BLE001 - surfaced by the assertion below
            errors.append(exc)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=decide, args=(officers[0], True)),
        threading.Thread(target=decide, args=(officers[1], False)),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    close_other_db_sessions()
    assert errors == []
    membership.refresh_from_db()
    assert membership.status in {MembershipStatus.VERIFIED, MembershipStatus.REJECTED}
    assert Message.objects.filter(subject_ref=f"romantik.agencymembership:{membership.pk}").count() == 1

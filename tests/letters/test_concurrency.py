"""Parallel signings on PostgreSQL: numbers 1..n per office and year, no gaps, no duplicates."""

import threading

import pytest
from django.db import connection
from django.utils import timezone

from letters.enums import LetterState
from letters.issuing import letter_sign
from letters.models import Letter
from letters.pki import demo_certificate_issue
from tests.conftest import close_other_db_sessions
from tests.letters.test_sign import PASSPHRASE, decided, letter_awaiting
from tests.review import conftest as review_conftest

office_world = review_conftest.office_world  # the fixture

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

PARALLEL = 6


def _sign_all(letters, head, passphrases):
    barrier = threading.Barrier(len(letters))
    errors = []

    def sign(letter, passphrase):
        try:
            barrier.wait(timeout=30)
            letter_sign(letter=letter, signer=head, passphrase=passphrase)
        except Exception as exc:  # noqa: BLE001 - surfaced by the assertions
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=sign, args=pair) for pair in zip(letters, passphrases, strict=True)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    close_other_db_sessions()
    return errors


def test_parallel_signings_give_gapless_unique_numbers(office_world, uses_postgres):
    office = office_world["office"]
    office.letter_code = "62020"
    office.save(update_fields=["letter_code"])
    demo_certificate_issue(user=office_world["head"], office=office, passphrase=PASSPHRASE)
    letters = [letter_awaiting(decided(office_world, title=f"Survei {i}")) for i in range(PARALLEL)]

    errors = _sign_all(letters, office_world["head"], [PASSPHRASE] * PARALLEL)

    assert errors == []
    year = timezone.localdate().year
    signed = Letter.objects.filter(state=LetterState.SIGNED).order_by("seq")
    assert [letter.seq for letter in signed] == list(range(1, PARALLEL + 1))
    assert sorted(letter.number for letter in signed) == [
        f"B-{n:03d}/62020/VS.300/{year}" for n in range(1, PARALLEL + 1)
    ]


def test_parallel_signings_with_failures_leave_no_gap(office_world, uses_postgres):
    """Half of the heads' attempts have a wrong passphrase: the others still get 1, 2, 3."""
    office = office_world["office"]
    demo_certificate_issue(user=office_world["head"], office=office, passphrase=PASSPHRASE)
    letters = [letter_awaiting(decided(office_world, title=f"Survei {i}")) for i in range(PARALLEL)]
    passphrases = [PASSPHRASE if i % 2 else "salah" for i in range(PARALLEL)]

    errors = _sign_all(letters, office_world["head"], passphrases)

    assert len(errors) == PARALLEL // 2
    seqs = sorted(Letter.objects.filter(state=LetterState.SIGNED).values_list("seq", flat=True))
    assert seqs == list(range(1, PARALLEL // 2 + 1))
    assert Letter.objects.filter(state=LetterState.AWAITING_SIGNATURE, number__isnull=True).count() == PARALLEL // 2

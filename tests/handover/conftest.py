import datetime

import pytest
from django.utils import timezone

from letters.models import Letter
from letters.signals import letter_issued
from tests.factories import SubmissionFactory


def issued_with_handover(world, **fields):
    """A submission of the world's agency, recommended layak and issued; the factory issues without the letter's
    signal, sent here as letters.issuing sends it (the catalogue lists it, the hand-over is scheduled)."""
    submission = SubmissionFactory(owner=world["agency"], issued=True, **fields)
    Letter.objects.filter(pk=submission.letter.pk).update(  # numbered and dated, as a signed letter is
        number=f"B-{submission.pk}/62020/VS.300/2026", letter_date=datetime.date(2026, 6, 1), signed_at=timezone.now()
    )
    submission.letter.refresh_from_db()
    letter_issued.send(sender=None, submission=submission, letter=submission.letter)
    return submission


@pytest.fixture
def issued(shared_world):
    return issued_with_handover(shared_world)

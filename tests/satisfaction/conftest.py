import datetime

import pytest

from letters.issuing import letter_sign
from letters.pki import demo_certificate_issue
from satisfaction.enums import ELEMENT_FIELDS, Source
from satisfaction.models import SurveyResponse
from tests.letters.test_sign import PASSPHRASE, decided, letter_awaiting
from tests.review.conftest import office_world, office_world_module  # noqa: F401 - the world the survey is answered in

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}

# The hand-computed data set (see test_ikm.py): four questionnaires of the first quarter of 2026.
Q1_2026 = [
    (datetime.date(2026, 1, 5), (4, 3, 3, 4, 3, 3, 4, 2, 3)),
    (datetime.date(2026, 2, 10), (3, 3, 2, 4, 3, 4, 4, 3, 3)),
    (datetime.date(2026, 3, 2), (4, 4, 3, 4, 3, 3, 3, 3, 2)),
    (datetime.date(2026, 3, 31), (3, 2, 3, 4, 4, 3, 4, 2, 3)),
]
# And one of the second quarter, all 4.
Q2_2026 = [(datetime.date(2026, 4, 1), (4, 4, 4, 4, 4, 4, 4, 4, 4))]


def paper(office, day, scores, comment=""):
    return SurveyResponse.objects.create(
        office=office,
        source=Source.PAPER,
        answered_on=day,
        comment=comment,
        **dict(zip(ELEMENT_FIELDS, scores, strict=True)),
    )


@pytest.fixture
def hand_data(office_world):  # noqa: F811
    for day, scores in Q1_2026 + Q2_2026:
        paper(office_world["office"], day, scores)
    # Outside the period or the office: must not count.
    paper(office_world["office"], datetime.date(2025, 12, 31), (1,) * 9)
    paper(office_world["office"], datetime.date(2027, 1, 1), (1,) * 9)
    paper(office_world["other_office"], datetime.date(2026, 2, 1), (1,) * 9)
    return office_world


def issued_build(office_world) -> dict:  # noqa: F811
    """A submission of the world's agency whose letter the head has signed: ISSUED, through the real
    signing (letters.issuing.letter_sign), which also asks the agency to rate the service."""
    office = office_world["office"]
    office.letter_code = "62020"
    office.save(update_fields=["letter_code"])
    demo_certificate_issue(user=office_world["head"], office=office, passphrase=PASSPHRASE)
    letter = letter_sign(
        letter=letter_awaiting(decided(office_world)), signer=office_world["head"], passphrase=PASSPHRASE
    )
    submission = letter.submission
    submission.refresh_from_db()
    return {**office_world, "issued": submission, "letter": letter}


@pytest.fixture
def issued(office_world):  # noqa: F811
    return issued_build(office_world)


@pytest.fixture(scope="module")
def issued_module(office_world_module):  # noqa: F811
    """The same, signed once for a module (a real signature costs about a second; see `module_db`)."""
    return issued_build(office_world_module)

import pytest

from submissions.completeness import missing_count, submission_completeness
from submissions.services import submission_submit
from submissions.states import State
from tests.factories import fill_complete, submission_for


@pytest.fixture
def setting(shared_world):
    return shared_world


def test_complete_fs3_has_nothing_missing(setting):
    submission = fill_complete(submission_for(setting["user"]))
    statuses = submission_completeness(submission)
    assert [(s.section.key, s.missing) for s in statuses if s.missing] == []
    assert missing_count(statuses) == 0


def test_submit_assigns_number_and_routes(setting):
    submission = fill_complete(submission_for(setting["user"]))
    submitted = submission_submit(submission=submission, actor=setting["user"])
    assert submitted.state == State.SUBMITTED
    assert submitted.number.startswith("6202-")
    assert submitted.office == setting["office"]

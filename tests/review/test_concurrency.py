"""Simultaneous clicks on PostgreSQL: the row lock of the workflow's one door lets exactly one through."""

import threading

import pytest
from django.db import connection

from notifications.models import Message
from review import services
from submissions.models import RoundSnapshot, Submission, Transition
from submissions.services import submission_submit
from submissions.states import State
from submissions.workflow import TransitionNotAllowed
from tests.conftest import close_other_db_sessions

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def race(*calls) -> list:
    """Run the calls in threads released at the same moment; each result is a return value or the exception."""
    barrier = threading.Barrier(len(calls))
    results: list = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait(timeout=10)
            results[index] = call()
        except Exception as exc:  # noqa: BLE001 - returned for the assertions
            results[index] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    close_other_db_sessions()
    assert not any(t.is_alive() for t in threads)
    return results


def _messages(submission, template) -> int:
    return Message.objects.filter(template=template, subject_ref=f"submissions.submission:{submission.pk}").count()


def test_two_officers_accepting_at_once_make_one_transition_and_one_message(office_world, uses_postgres):
    w = office_world
    s = w["submission"]

    results = race(
        lambda: services.review_accept(submission=s, actor=w["front_desk"]),
        lambda: services.review_accept(submission=s, actor=w["coordinator"]),
    )

    assert all(isinstance(r, Submission) for r in results), results  # the second click is a friendly no-op
    s.refresh_from_db()
    assert s.state == State.IN_REVIEW and s.recorded_complete_on is not None
    assert Transition.objects.filter(submission=s, to_state=State.IN_REVIEW).count() == 1
    assert _messages(s, "submission_accepted") == 1


def test_deciding_and_returning_for_revision_at_once_lets_exactly_one_win(office_world, uses_postgres):
    w = office_world
    s = services.review_accept(submission=w["submission"], actor=w["front_desk"])
    services.review_assign(submission=s, reviewers=[w["reviewer"]], actor=w["coordinator"])
    services.note_add(submission=s, section="3", text="Jadwal terlalu singkat.", actor=w["coordinator"])
    logged = Transition.objects.filter(submission=s).count()

    decided, returned = race(
        lambda: services.review_decide(submission=s, actor=w["reviewer"], decision=State.FEASIBLE, text="Saran."),
        lambda: services.review_return_for_revision(submission=s, actor=w["coordinator"]),
    )

    winners = [r for r in (decided, returned) if isinstance(r, Submission)]
    losers = [r for r in (decided, returned) if isinstance(r, TransitionNotAllowed)]
    assert (len(winners), len(losers)) == (1, 1), (decided, returned)
    s.refresh_from_db()
    assert Transition.objects.filter(submission=s).count() == logged + 1
    if isinstance(decided, Submission):
        assert (s.state, s.clock_paused_on) == (State.FEASIBLE, None)
        assert s.decided_at is not None
        assert _messages(s, "submission_needs_revision") == 0
    else:
        assert (s.state, s.decided_at, s.decision_text) == (State.NEEDS_REVISION, None, "")
        assert s.clock_paused_on is not None
        assert _messages(s, "decision_awaiting_approval") == 0


def test_a_double_click_on_resubmit_makes_one_round(office_world, uses_postgres):
    w = office_world
    s = services.review_accept(submission=w["submission"], actor=w["front_desk"])
    services.review_assign(submission=s, reviewers=[w["reviewer"]], actor=w["coordinator"])
    services.note_add(submission=s, section="3", text="Jadwal?", actor=w["coordinator"])
    s = services.review_return_for_revision(submission=s, actor=w["coordinator"])

    results = race(
        lambda: submission_submit(submission=s, actor=w["agency"]),
        lambda: submission_submit(submission=s, actor=w["agency"]),
    )

    assert all(isinstance(r, Submission) for r in results), results
    s.refresh_from_db()
    assert (s.state, s.round) == (State.IN_REVIEW, 2)  # straight back in review
    assert Transition.objects.filter(submission=s, from_state=State.NEEDS_REVISION).count() == 1
    assert list(RoundSnapshot.objects.filter(submission=s).values_list("round", flat=True)) == [1, 2]
    assert _messages(s, "submission_resubmitted") == 1  # to the assigned reviewer, once
    assert _messages(s, "submission_resubmission_received") == 1  # the agency's receipt, once

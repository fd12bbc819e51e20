"""One submission from intake through a revision round to layak awaiting the head, at the service level."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from notifications.models import Message
from review import services
from submissions.models import RoundSnapshot
from submissions.services import submission_submit
from submissions.states import State


def _messages(submission, template):
    return sorted(
        Message.objects.filter(template=template, subject_ref=f"submissions.submission:{submission.pk}").values_list(
            "address", flat=True
        )
    )


def test_flow_intake_revision_round_and_decision(office_world):
    w = office_world
    s = services.review_accept(submission=w["submission"], actor=w["front_desk"])
    assert s.state == State.IN_REVIEW
    assert s.recorded_complete_on is not None and s.due_date > s.recorded_complete_on
    assert _messages(s, "submission_accepted") == [w["agency"].email]

    services.review_assign(submission=s, reviewers=[w["reviewer"]], actor=w["coordinator"])
    assert _messages(s, "submission_assigned") == [w["reviewer"].email]

    with pytest.raises(ValidationError):
        services.review_return_for_revision(submission=s, actor=w["reviewer"])
    note = services.note_add(submission=s, section="3", text="Jadwal diseminasi terlalu singkat.", actor=w["reviewer"])
    s = services.review_return_for_revision(submission=s, actor=w["reviewer"])
    assert (s.state, s.clock_paused_on) == (State.NEEDS_REVISION, datetime.date.today())
    assert _messages(s, "submission_needs_revision") == [w["agency"].email]

    services.note_respond(note=note, actor=w["agency"], response="Jadwal diperpanjang.")
    s.dissemination_end = s.dissemination_end + datetime.timedelta(days=30)
    s.save()
    due_before = s.due_date
    s = submission_submit(submission=s, actor=w["agency"])
    # Straight back in review: no second "terekam lengkap", the clock resumed, the reviewer and the agency told.
    assert (s.state, s.round, s.clock_paused_on) == (State.IN_REVIEW, 2, None)
    assert s.due_date == due_before  # paused and resumed the same day: nothing lost
    assert RoundSnapshot.objects.filter(submission=s).count() == 2
    assert _messages(s, "submission_resubmitted") == [w["reviewer"].email]
    assert _messages(s, "submission_resubmission_received") == [w["agency"].email]

    s = services.review_decide(submission=s, actor=w["reviewer"], decision=State.FEASIBLE, text="Perhatikan jadwal.")
    assert (s.state, s.decision_text) == (State.FEASIBLE, "Perhatikan jadwal.")
    assert s.decided_at is not None
    assert _messages(s, "decision_awaiting_approval") == [w["head"].email]
    assert [t.to_state for t in s.transitions.all()] == [
        State.SUBMITTED,
        State.IN_REVIEW,
        State.NEEDS_REVISION,
        State.IN_REVIEW,
        State.FEASIBLE,
    ]

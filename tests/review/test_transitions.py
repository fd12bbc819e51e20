"""Every transition of the State × State matrix, for every role, allowed and forbidden.

The expectations are written out by hand below (who may do what), independently of review/rules.py:
allowed pair + permission → the state changes and exactly one Transition is logged, and repeating the
action is a no-op; a pair outside ALLOWED → TransitionNotAllowed; no permission → PermissionDenied;
the same state again → a friendly no-op for people who have the submission in front of them.
"""

import itertools

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from review import services
from romantik.models import User
from submissions.models import Submission, Transition
from submissions.services import submission_submit, submission_withdraw
from submissions.states import ALLOWED, State
from submissions.workflow import TransitionNotAllowed, submission_transition
from tests.factories import fill_complete, submission_for

# role → key of the person in the `office_world` fixture.
ROLES = {
    "agency_owner": "agency",
    "other_agency_user": "other_agency",
    "front_desk": "front_desk",
    "reviewer_assigned": "reviewer",
    "reviewer_not_assigned": "reviewer2",
    "coordinator": "coordinator",
    "head": "head",
    "office_admin": "office_admin",
    "other_office_reviewer": "other_reviewer",
    "other_office_coordinator": "other_coordinator",
}
INTAKE = {"front_desk", "reviewer_assigned", "reviewer_not_assigned", "coordinator"}
DECIDERS = {"reviewer_assigned", "coordinator"}
# Who may make each allowed transition (for a submission of round 1 whose clock has not started when
# it is returned incomplete). Nobody issues a letter through the workflow's door by hand: the head's
# signing service (letters, not built yet) will; until then FEASIBLE/NOT_FEASIBLE → ISSUED is denied.
MAY = {
    (State.DRAFT, State.SUBMITTED): {"agency_owner"},
    (State.SUBMITTED, State.IN_REVIEW): INTAKE,
    (State.SUBMITTED, State.DRAFT): INTAKE,
    (State.IN_REVIEW, State.NEEDS_REVISION): DECIDERS,
    (State.IN_REVIEW, State.FEASIBLE): DECIDERS,
    (State.IN_REVIEW, State.NOT_FEASIBLE): DECIDERS,
    # The resubmission goes straight back into review (submission_submit): no second "terekam lengkap".
    (State.NEEDS_REVISION, State.IN_REVIEW): {"agency_owner"},
    (State.FEASIBLE, State.ISSUED): set(),
    (State.NOT_FEASIBLE, State.ISSUED): set(),
    # Tarik kembali: the agency, until the decision (the desk only for a walk-in it recorded; this one is online).
    (State.SUBMITTED, State.WITHDRAWN): {"agency_owner"},
    (State.IN_REVIEW, State.WITHDRAWN): {"agency_owner"},
    (State.NEEDS_REVISION, State.WITHDRAWN): {"agency_owner"},
    # Closing a revision left untouched: the portal's own step (review/closing.py, no actor), never a person's.
    (State.NEEDS_REVISION, State.CLOSED): set(),
}
# People with the submission in front of them: the agency and any staff of the responsible office.
INSIDERS = set(ROLES) - {"other_agency_user", "other_office_reviewer", "other_office_coordinator"}

CHANGES, NOT_ALLOWED, DENIED, NO_OP = "changes", "not allowed", "denied", "no-op"


def expected(role: str, from_state: str, to_state: str) -> str:
    if role not in INSIDERS:
        return DENIED  # outsiders learn nothing, not even whether the move exists
    if from_state == to_state:
        return NO_OP
    if to_state not in ALLOWED[from_state]:
        return NOT_ALLOWED
    return CHANGES if role in MAY[(from_state, to_state)] else DENIED


def test_expectations_cover_exactly_the_allowed_table():
    assert set(MAY) == {(a, b) for a, targets in ALLOWED.items() for b in targets}
    assert set(ALLOWED) == set(State)


def bring_to(w, state: str, s: Submission | None = None) -> Submission:
    """The world's submission (or `s`; submitted, round 1) put into `state` through the real services; the
    reviewer assigned and a note of the coordinator written while it was under review."""
    s = s or w["submission"]
    services.review_assign(submission=s, reviewers=[w["reviewer"]], actor=w["coordinator"])
    if state == State.SUBMITTED:
        return s
    if state == State.WITHDRAWN:
        return submission_withdraw(submission=s, actor=w["agency"], reason="Kegiatan dibatalkan.")
    if state == State.DRAFT:
        return services.review_return_incomplete(submission=s, actor=w["front_desk"], note="Surat pengantar kurang.")
    s = services.review_accept(submission=s, actor=w["front_desk"])
    services.note_add(submission=s, section="3", text="Jadwal terlalu singkat.", actor=w["coordinator"])
    if state == State.IN_REVIEW:
        return s
    if state == State.NEEDS_REVISION:
        return services.review_return_for_revision(submission=s, actor=w["coordinator"])
    if state == State.CLOSED:  # the portal's own step (review/closing.py)
        s = services.review_return_for_revision(submission=s, actor=w["coordinator"])
        return submission_transition(submission=s, to=State.CLOSED, actor=None, note="Tidak diperbaiki.")[0]
    decision = State.NOT_FEASIBLE if state == State.NOT_FEASIBLE else State.FEASIBLE
    s = services.review_decide(submission=s, actor=w["coordinator"], decision=decision, text="Saran.")
    if state == State.ISSUED:
        # Setup only: the letter service that issues letters is not built yet.
        Submission.objects.filter(pk=s.pk).update(state=State.ISSUED)
        s.refresh_from_db()
    assert s.state == state
    return s


def act(submission, to_state: str, actor):
    """The named service that moves a submission to `to_state`; the bare door where there is none. A revision
    goes back into review by its resubmission; nothing moves it to diajukan."""
    revision = submission.state == State.NEEDS_REVISION
    if to_state == State.IN_REVIEW and revision:
        return submission_submit(submission=submission, actor=actor)
    if to_state == State.SUBMITTED and not revision:
        return submission_submit(submission=submission, actor=actor)
    if to_state == State.IN_REVIEW:
        return services.review_accept(submission=submission, actor=actor)
    if to_state == State.DRAFT:
        return services.review_return_incomplete(submission=submission, actor=actor, note="Lampiran kurang.")
    if to_state == State.NEEDS_REVISION:
        return services.review_return_for_revision(submission=submission, actor=actor)
    if to_state == State.WITHDRAWN:
        return submission_withdraw(submission=submission, actor=actor, reason="Kegiatan dibatalkan.")
    if to_state in (State.FEASIBLE, State.NOT_FEASIBLE):
        return services.review_decide(submission=submission, actor=actor, decision=to_state, text="Alasan.")
    return submission_transition(submission=submission, to=to_state, actor=actor)[0]


def door(submission, to_state: str, actor):
    return submission_transition(submission=submission, to=to_state, actor=actor)


MATRIX = [
    pytest.param(role, a, b, id=f"{role}:{a}->{b}")
    for role, (a, b) in itertools.product(ROLES, itertools.product(State.values, State.values))
]


@pytest.fixture
def office_world(db, office_world_module):
    """The module's world (see `in_state`), its submission reloaded: each test changes it in its own savepoint."""
    return {**office_world_module, "submission": Submission.objects.get(pk=office_world_module["submission"].pk)}


@pytest.fixture(scope="module")
def in_state(office_world_module) -> dict[str, int]:
    """A submission of the module's world in each state, brought there once through the real services;
    every case of the matrix acts on it in a savepoint of its own (`module_db`), so it finds it as built."""
    w = office_world_module
    fresh = {
        state: submission_submit(submission=fill_complete(submission_for(w["agency"])), actor=w["agency"])
        for state in State.values
    }
    return {state: bring_to(w, state, submission).pk for state, submission in fresh.items()}


@pytest.mark.parametrize("role, from_state, to_state", MATRIX)
def test_transition(db, office_world_module, in_state, role, from_state, to_state):
    w = office_world_module
    s = Submission.objects.get(pk=in_state[from_state])
    actor = User.objects.get(pk=w[ROLES[role]].pk)
    logged = Transition.objects.filter(submission=s).count()
    outcome = expected(role, from_state, to_state)
    where = f"{role}: {from_state} → {to_state} should be {outcome}"

    if outcome == CHANGES:
        result = act(s, to_state, actor)
        assert result.state == to_state, where
        log = Transition.objects.filter(submission=s).order_by("pk")
        assert log.count() == logged + 1, where
        last = log.last()
        assert (last.from_state, last.to_state, last.actor_id) == (from_state, to_state, actor.pk), where
        # The same click again, through the service and through the door: nothing more happens.
        assert act(s, to_state, actor).state == to_state, where
        assert door(s, to_state, actor)[1] is None, where
        assert Transition.objects.filter(submission=s).count() == logged + 1, where
        return

    if outcome == NO_OP:
        assert act(s, to_state, actor).state == from_state, where
        assert door(s, to_state, actor)[1] is None, where
    else:
        error = TransitionNotAllowed if outcome == NOT_ALLOWED else PermissionDenied
        with pytest.raises(error):
            act(s, to_state, actor)
        with pytest.raises(error):
            door(s, to_state, actor)
    s.refresh_from_db()
    assert s.state == from_state, where
    assert Transition.objects.filter(submission=s).count() == logged, where


# --- the rules the named services add ------------------------------------------------------------------


def _round_two_submitted(w) -> Submission:
    s = bring_to(w, State.NEEDS_REVISION)
    s = submission_submit(submission=s, actor=w["agency"])
    assert (s.state, s.round) == (State.IN_REVIEW, 2)
    return s


@pytest.mark.parametrize("role", sorted(INTAKE))
def test_return_incomplete_is_refused_once_the_clock_has_started(office_world, role):
    w = office_world
    s = _round_two_submitted(w)
    # Setup only: a resubmission logged before issue 17 waits in diajukan with its clock started (today a
    # resubmission goes straight back into review).
    Submission.objects.filter(pk=s.pk).update(state=State.SUBMITTED)
    s.refresh_from_db()
    logged = s.transitions.count()
    with pytest.raises(PermissionDenied):
        services.review_return_incomplete(submission=s, actor=w[ROLES[role]], note="Kurang lengkap.")
    s.refresh_from_db()
    assert (s.state, s.transitions.count()) == (State.SUBMITTED, logged)
    # Accepting again (round 2) is still possible and keeps the clock.
    due = s.due_date
    s = services.review_accept(submission=s, actor=w[ROLES[role]])
    assert (s.state, s.due_date) == (State.IN_REVIEW, due)


def test_return_incomplete_needs_a_note(office_world):
    w = office_world
    s = bring_to(w, State.SUBMITTED)
    with pytest.raises(ValidationError):
        services.review_return_incomplete(submission=s, actor=w["front_desk"], note="  ")
    s.refresh_from_db()
    assert (s.state, s.transitions.count()) == (State.SUBMITTED, 1)


@pytest.mark.parametrize("role", sorted(DECIDERS))
def test_return_for_revision_needs_a_note_of_this_round(office_world, role):
    w = office_world
    s = services.review_accept(submission=bring_to(w, State.SUBMITTED), actor=w["front_desk"])
    with pytest.raises(ValidationError):
        services.review_return_for_revision(submission=s, actor=w[ROLES[role]])
    s.refresh_from_db()
    assert (s.state, s.transitions.count(), s.clock_paused_on) == (State.IN_REVIEW, 2, None)

    # Round 2 (back in review by the resubmission): the notes of round 1 do not count.
    s = _round_two_submitted_from(w, s)
    assert (s.state, s.round) == (State.IN_REVIEW, 2)
    assert s.notes.filter(round=1).exists() and not s.notes.filter(round=2).exists()
    logged = s.transitions.count()
    with pytest.raises(ValidationError):
        services.review_return_for_revision(submission=s, actor=w[ROLES[role]])
    assert s.transitions.count() == logged

    services.note_add(submission=s, section="4", text="Frekuensi?", actor=w[ROLES[role]])
    s = services.review_return_for_revision(submission=s, actor=w[ROLES[role]])
    assert s.state == State.NEEDS_REVISION and s.transitions.count() == logged + 1


def _round_two_submitted_from(w, s) -> Submission:
    services.note_add(submission=s, section="3", text="Jadwal?", actor=w["coordinator"])
    s = services.review_return_for_revision(submission=s, actor=w["coordinator"])
    return submission_submit(submission=s, actor=w["agency"])


@pytest.mark.parametrize("decision", [State.FEASIBLE, State.NOT_FEASIBLE])
@pytest.mark.parametrize("text", ["", "   \n"])
def test_decide_requires_the_advice_or_the_reasons(office_world, decision, text):
    w = office_world
    s = bring_to(w, State.IN_REVIEW)
    logged = s.transitions.count()
    with pytest.raises(ValidationError):
        services.review_decide(submission=s, actor=w["reviewer"], decision=decision, text=text)
    s.refresh_from_db()
    assert (s.state, s.transitions.count(), s.decided_at, s.decision_text) == (State.IN_REVIEW, logged, None, "")


@pytest.mark.parametrize("decision", [State.NEEDS_REVISION, State.ISSUED, "lulus"])
def test_decide_accepts_only_layak_or_tidak_layak(office_world, decision):
    w = office_world
    s = bring_to(w, State.IN_REVIEW)
    with pytest.raises(ValidationError):
        services.review_decide(submission=s, actor=w["reviewer"], decision=decision, text="Alasan.")
    s.refresh_from_db()
    assert s.state == State.IN_REVIEW


def test_decide_stores_the_text_and_stops_the_clock(office_world):
    w = office_world
    s = bring_to(w, State.IN_REVIEW)
    s = services.review_decide(
        submission=s, actor=w["reviewer"], decision=State.NOT_FEASIBLE, text="  Duplikasi dengan Susenas.  "
    )
    last = s.transitions.last()
    assert (s.state, s.decision_text, last.note, last.round) == (
        State.NOT_FEASIBLE,
        "Duplikasi dengan Susenas.",
        "Duplikasi dengan Susenas.",
        1,
    )
    assert s.decided_at is not None


def test_a_state_name_outside_the_table_is_not_allowed(office_world):
    w = office_world
    with pytest.raises(TransitionNotAllowed):
        submission_transition(submission=w["submission"], to="dibatalkan", actor=w["coordinator"])


def test_a_revision_goes_back_into_review_only_by_its_resubmission(office_world):
    """Accepting (terekam lengkap) never moves a revision, for the agency (who may resubmit it) or the desk: the
    step is not possible in that state (409, a stale page), whoever presses it."""
    w = office_world
    s = bring_to(w, State.NEEDS_REVISION)
    logged = s.transitions.count()
    for person in ("agency", "front_desk", "coordinator"):
        with pytest.raises(TransitionNotAllowed):
            services.review_accept(submission=s, actor=w[person])
    with pytest.raises(PermissionDenied):  # outsiders learn nothing
        services.review_accept(submission=s, actor=w["other_agency"])
    s.refresh_from_db()
    assert (s.state, s.round, s.transitions.count()) == (State.NEEDS_REVISION, 1, logged)
    s = submission_submit(submission=s, actor=w["agency"])
    last = s.transitions.last()
    assert (s.state, s.round, last.from_state, last.to_state, last.actor_id) == (
        State.IN_REVIEW,
        2,
        State.NEEDS_REVISION,
        State.IN_REVIEW,
        w["agency"].pk,
    )

"""The workflow as a table: the allowed transitions and who may make each, checked without the database on rows
that are never saved (pytest-django refuses any query here), then each allowed transition once through its
service in the database, from a submission the SubmissionFactory built the honest way.

The expectations are written out by hand (who may do what), independently of the rules modules."""

import datetime

import pytest
import rules

from letters.enums import LetterState
from letters.models import Letter
from review import services
from review.models import Assignment
from romantik.enums import MembershipStatus, Role
from romantik.models import AgencyMembership, Office, User
from submissions.enums import Channel
from submissions.models import Submission
from submissions.services import submission_submit, submission_withdraw
from submissions.states import (
    ALLOWED,
    EDITABLE_STATES,
    FINAL_STATES,
    OPEN_STATES,
    RESTARTABLE_STATES,
    SYSTEM_TRANSITIONS,
    WITHDRAWABLE_STATES,
    State,
)
from submissions.workflow import TRANSITION_PERMS, submission_transition
from tests.factories import SubmissionFactory

PAIRS = sorted((a, b) for a, targets in ALLOWED.items() for b in targets)
# The steps a person takes; the others (SYSTEM_TRANSITIONS) only the portal takes, with no actor.
PERSON_PAIRS = sorted(set(PAIRS) - SYSTEM_TRANSITIONS)

# --- the table alone ------------------------------------------------------------------------------------------


def test_every_state_has_its_row_and_only_the_final_states_lead_nowhere():
    assert set(ALLOWED) == set(State)
    assert {state for state, targets in ALLOWED.items() if not targets} == FINAL_STATES
    assert all(state not in targets for state, targets in ALLOWED.items())


def test_every_state_is_reached_from_a_draft():
    reached, frontier = {State.DRAFT}, [State.DRAFT]
    while frontier:
        for target in ALLOWED[frontier.pop()]:
            if target not in reached:
                reached.add(target)
                frontier.append(target)
    assert reached == set(State)


def test_the_named_groups_follow_the_table():
    assert WITHDRAWABLE_STATES == {a for a, b in PAIRS if b == State.WITHDRAWN}
    assert {a for a, b in PAIRS if b == State.ISSUED} == {State.FEASIBLE, State.NOT_FEASIBLE}
    # The agency changes the form only where it may (re)submit it: a draft goes to diajukan, a revision straight
    # back into review (diperiksa), with no second "terekam lengkap".
    assert EDITABLE_STATES == {
        a for a, b in PERSON_PAIRS if TRANSITION_PERMS[(a, b)] == "submissions.submit_submission"
    }
    assert {(a, b) for a, b in PERSON_PAIRS if TRANSITION_PERMS[(a, b)] == "submissions.submit_submission"} == {
        (State.DRAFT, State.SUBMITTED),
        (State.NEEDS_REVISION, State.IN_REVIEW),
    }
    assert State.SUBMITTED not in ALLOWED[State.NEEDS_REVISION]
    assert set(State) == OPEN_STATES | FINAL_STATES | {State.DRAFT}
    # Only a revision left untouched is closed, by the portal; what ended without a decision may be copied.
    closing = {(a, b) for a, b in PAIRS if b == State.CLOSED}
    assert SYSTEM_TRANSITIONS == closing == {(State.NEEDS_REVISION, State.CLOSED)}
    assert RESTARTABLE_STATES == {State.WITHDRAWN, State.CLOSED}


def test_every_allowed_transition_has_a_permission_and_nothing_else_has_one():
    assert sorted(TRANSITION_PERMS) == PERSON_PAIRS
    assert set(TRANSITION_PERMS.values()) == {
        "submissions.submit_submission",
        "submissions.withdraw_submission",
        "review.accept_submission",
        "review.return_incomplete",
        "review.review_submission",
        "letters.issue_submission",
    }


# --- who may, without the database ------------------------------------------------------------------------------

OFFICE, OTHER_OFFICE, AGENCY, OTHER_AGENCY = "6202", "6203", 1, 2
PEOPLE = {
    # persona: (agency id, membership status, {office code: roles})
    "owner": (AGENCY, MembershipStatus.VERIFIED, {}),
    "colleague": (AGENCY, MembershipStatus.VERIFIED, {}),
    "pending_member": (AGENCY, MembershipStatus.PENDING, {}),
    "other_agency_user": (OTHER_AGENCY, MembershipStatus.VERIFIED, {}),
    "front_desk": (None, None, {OFFICE: {Role.FRONT_DESK}}),
    "reviewer_assigned": (None, None, {OFFICE: {Role.REVIEWER}}),
    "reviewer_not_assigned": (None, None, {OFFICE: {Role.REVIEWER}}),
    "coordinator": (None, None, {OFFICE: {Role.COORDINATOR}}),
    "head": (None, None, {OFFICE: {Role.HEAD}}),
    "office_admin": (None, None, {OFFICE: {Role.OFFICE_ADMIN}}),
    "other_office_reviewer": (None, None, {OTHER_OFFICE: {Role.REVIEWER}}),
    "other_office_coordinator": (None, None, {OTHER_OFFICE: {Role.COORDINATOR}}),
    "other_office_front_desk": (None, None, {OTHER_OFFICE: {Role.FRONT_DESK}}),
}
AGENCY_SUBMITS = {"owner", "colleague"}  # verified members of the agency
INTAKE = {"front_desk", "reviewer_assigned", "reviewer_not_assigned", "coordinator"}
DECIDERS = {"reviewer_assigned", "coordinator"}
# Who may make each allowed transition of an online submission, round 1, its clock not started, a reviewer
# assigned. Issuing also needs the head of the signing office and a signed letter: the letter is a query, so the
# head's case is among the database tests below; everybody else is refused before it.
MAY_ONLINE = {
    (State.DRAFT, State.SUBMITTED): AGENCY_SUBMITS,
    (State.SUBMITTED, State.IN_REVIEW): INTAKE,
    (State.SUBMITTED, State.DRAFT): INTAKE,
    (State.SUBMITTED, State.WITHDRAWN): AGENCY_SUBMITS,
    (State.IN_REVIEW, State.NEEDS_REVISION): DECIDERS,
    (State.IN_REVIEW, State.FEASIBLE): DECIDERS,
    (State.IN_REVIEW, State.NOT_FEASIBLE): DECIDERS,
    (State.IN_REVIEW, State.WITHDRAWN): AGENCY_SUBMITS,
    # The resubmission: back into review at once (the clock resumes; the office records nothing again).
    (State.NEEDS_REVISION, State.IN_REVIEW): AGENCY_SUBMITS,
    (State.NEEDS_REVISION, State.WITHDRAWN): AGENCY_SUBMITS,
    (State.FEASIBLE, State.ISSUED): set(),
    (State.NOT_FEASIBLE, State.ISSUED): set(),
}
# A walk-in the desk recorded: the desk of its office also submits and withdraws it for the agency.
MAY_WALK_IN = {
    pair: people | {"front_desk"}
    if TRANSITION_PERMS[pair].split(".")[1] in ("submit_submission", "withdraw_submission")
    else people
    for pair, people in MAY_ONLINE.items()
}


def person(name: str, pk: int) -> User:
    """A user never saved: their office roles and agency membership are set where the selectors cache them."""
    agency_id, status, roles = PEOPLE[name]
    user = User(pk=pk, email=f"{name}@example.go.id")
    user._office_roles_cache = roles
    if agency_id is not None:
        user.membership = AgencyMembership(agency_id=agency_id, status=status)
    else:  # known to have none: `user.membership` raises DoesNotExist without asking the database
        user._state.fields_cache["membership"] = None
    return user


def row(state: str, *, channel=Channel.ONLINE, clock_started=False, submitted_before=False) -> Submission:
    """A submission never saved, of agency 1, started by the owner (pk 1), the first reviewer (pk 6) assigned."""
    ever_submitted = state != State.DRAFT or submitted_before
    submission = Submission(
        pk=100,
        state=state,
        channel=channel,
        office=Office(code=OFFICE),
        agency_id=AGENCY,
        created_by_id=1,
        submitted_at=datetime.datetime(2027, 1, 4, tzinfo=datetime.UTC) if ever_submitted else None,
        recorded_complete_on=datetime.date(2027, 1, 5) if clock_started else None,
    )
    submission._prefetched_objects_cache = {"assignments": [Assignment(reviewer_id=6)]}
    return submission


NAMES = list(PEOPLE)  # pk = position + 1: owner is 1, reviewer_assigned is 6
PURE_CASES = [
    pytest.param(channel, a, b, name, id=f"{channel}:{a}->{b}:{name}")
    for channel in (Channel.ONLINE, Channel.OFFLINE)
    for a, b in PERSON_PAIRS
    for name in NAMES
    if not (b == State.ISSUED and name == "head")
]


@pytest.mark.parametrize(("channel", "from_state", "to_state", "name"), PURE_CASES)
def test_who_may_make_each_transition(channel, from_state, to_state, name):
    may = (MAY_ONLINE if channel == Channel.ONLINE else MAY_WALK_IN)[(from_state, to_state)]
    user = person(name, NAMES.index(name) + 1)
    assert NAMES.index("reviewer_assigned") + 1 == 6
    allowed = rules.has_perm(TRANSITION_PERMS[(from_state, to_state)], user, row(from_state, channel=channel))
    assert allowed is (name in may), f"{name}: {from_state} → {to_state} ({channel})"


@pytest.mark.parametrize("name", sorted(INTAKE))
def test_return_incomplete_is_refused_once_the_clock_has_started_but_accepting_is_not(name):
    user = person(name, NAMES.index(name) + 1)
    started = row(State.SUBMITTED, clock_started=True)
    assert not rules.has_perm("review.return_incomplete", user, started)
    assert rules.has_perm("review.accept_submission", user, started)


# Who sees the submission at all (the door refuses the others before anything else): the agency's verified
# members, and the staff of its office once it reached the office.
SEES_SUBMITTED = {"owner", "colleague"} | (
    {"front_desk", "reviewer_assigned", "reviewer_not_assigned", "coordinator", "head", "office_admin"}
)


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("state", State.values)
def test_who_sees_a_submission(state, name):
    user = person(name, NAMES.index(name) + 1)
    sees = {"owner", "colleague"} if state == State.DRAFT else SEES_SUBMITTED
    assert rules.has_perm("submissions.view_submission", user, row(state)) is (name in sees)
    # A draft the desk returned had reached the office: its staff still see it.
    if state == State.DRAFT:
        assert rules.has_perm("submissions.view_submission", user, row(state, submitted_before=True)) is (
            name in SEES_SUBMITTED
        )


def test_a_member_awaiting_verification_sees_what_they_started_but_may_not_submit_or_withdraw_it():
    pending = person("pending_member", 1)  # pk 1: the one who started the rows
    for state in State.values:
        assert rules.has_perm("submissions.view_submission", pending, row(state))
    assert rules.has_perm("submissions.change_submission", pending, row(State.DRAFT))
    assert not rules.has_perm("submissions.submit_submission", pending, row(State.DRAFT))
    assert not rules.has_perm("submissions.withdraw_submission", pending, row(State.SUBMITTED))


# --- each allowed transition once, in the database ------------------------------------------------------------

FROM_TRAIT = {
    State.DRAFT: {"complete": True},
    State.SUBMITTED: {"submitted": True},
    State.IN_REVIEW: {"in_review": True},
    State.NEEDS_REVISION: {"needs_revision": True},
    State.FEASIBLE: {"feasible": True},
    State.NOT_FEASIBLE: {"not_feasible": True},
}


def step(w, submission, to_state):
    """The named service that makes the step, by the person whose work it is."""
    s, state = submission, submission.state
    if to_state == State.SUBMITTED or (state, to_state) == (State.NEEDS_REVISION, State.IN_REVIEW):
        return submission_submit(submission=s, actor=w["agency"]), w["agency"]
    if to_state == State.WITHDRAWN:
        return submission_withdraw(submission=s, actor=w["agency"], reason="Tidak jadi."), w["agency"]
    if to_state == State.IN_REVIEW:
        return services.review_accept(submission=s, actor=w["front_desk"]), w["front_desk"]
    if to_state == State.DRAFT:
        return services.review_return_incomplete(submission=s, actor=w["front_desk"], note="Kurang."), w["front_desk"]
    if to_state == State.NEEDS_REVISION:
        services.note_add(submission=s, section="3", text="Jadwal?", actor=w["reviewer"])
        return services.review_return_for_revision(submission=s, actor=w["reviewer"]), w["reviewer"]
    if to_state == State.CLOSED:  # the portal's own step (review/closing.py), no actor
        return submission_transition(submission=s, to=State.CLOSED, actor=None, note="Tidak diperbaiki.")[0], None
    if to_state in (State.FEASIBLE, State.NOT_FEASIBLE):
        return services.review_decide(submission=s, actor=w["reviewer"], decision=to_state, text="Saran."), w[
            "reviewer"
        ]
    assert (state, to_state) in {(State.FEASIBLE, State.ISSUED), (State.NOT_FEASIBLE, State.ISSUED)}
    # What letters.issuing.letter_sign does after the signature: the signed letter lets the head issue.
    Letter.objects.filter(submission=s).update(state=LetterState.SIGNED)
    return submission_transition(submission=s, to=State.ISSUED, actor=w["head"])[0], w["head"]


@pytest.mark.parametrize(("from_state", "to_state"), PAIRS, ids=[f"{a}->{b}" for a, b in PAIRS])
def test_each_allowed_transition_once_through_its_service(shared_world, from_state, to_state):
    w = shared_world
    s = SubmissionFactory(owner=w["agency"], **FROM_TRAIT[from_state])
    assert s.state == from_state
    logged = list(s.transitions.order_by("pk").values_list("from_state", "to_state"))

    s, actor = step(w, s, to_state)

    s.refresh_from_db()
    assert s.state == to_state
    log = list(s.transitions.order_by("pk"))
    assert [(t.from_state, t.to_state) for t in log[:-1]] == logged
    assert (log[-1].from_state, log[-1].to_state, log[-1].actor_id) == (from_state, to_state, actor and actor.pk)


# The history each trait of the factory writes: its states are the honest ones.
TRAIT_HISTORY = {
    "complete": [],
    "submitted": [(State.DRAFT, State.SUBMITTED)],
    "returned_incomplete": [(State.DRAFT, State.SUBMITTED), (State.SUBMITTED, State.DRAFT)],
    "withdrawn": [(State.DRAFT, State.SUBMITTED), (State.SUBMITTED, State.WITHDRAWN)],
    "in_review": [(State.DRAFT, State.SUBMITTED), (State.SUBMITTED, State.IN_REVIEW)],
    "needs_revision": [
        (State.DRAFT, State.SUBMITTED),
        (State.SUBMITTED, State.IN_REVIEW),
        (State.IN_REVIEW, State.NEEDS_REVISION),
    ],
    "resubmitted": [
        (State.DRAFT, State.SUBMITTED),
        (State.SUBMITTED, State.IN_REVIEW),
        (State.IN_REVIEW, State.NEEDS_REVISION),
        (State.NEEDS_REVISION, State.IN_REVIEW),
    ],
    "feasible": [(State.DRAFT, State.SUBMITTED), (State.SUBMITTED, State.IN_REVIEW), (State.IN_REVIEW, State.FEASIBLE)],
    "not_feasible": [
        (State.DRAFT, State.SUBMITTED),
        (State.SUBMITTED, State.IN_REVIEW),
        (State.IN_REVIEW, State.NOT_FEASIBLE),
    ],
    "issued": [
        (State.DRAFT, State.SUBMITTED),
        (State.SUBMITTED, State.IN_REVIEW),
        (State.IN_REVIEW, State.FEASIBLE),
        (State.FEASIBLE, State.ISSUED),
    ],
}


@pytest.mark.parametrize("trait", sorted(TRAIT_HISTORY))
def test_the_factory_traits_write_their_history_through_the_door(shared_world, trait):
    s = SubmissionFactory(owner=shared_world["agency"], **{trait: True})
    history = TRAIT_HISTORY[trait]
    assert s.state == (history[-1][1] if history else State.DRAFT)
    assert list(s.transitions.order_by("pk").values_list("from_state", "to_state")) == history
    assert s.round == (2 if trait == "resubmitted" else 1)


def test_the_minimal_build_writes_only_the_row(shared_world):
    s = SubmissionFactory(owner=shared_world["agency"], in_review=True, logged=False)
    s.refresh_from_db()
    assert (s.state, s.transitions.count(), s.recorded_complete_on) == (State.IN_REVIEW, 0, None)
    assert s.number.startswith("6202-") and s.submitted_at is not None

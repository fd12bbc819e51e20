"""The states of a submission, the one table of allowed transitions (submission_transition in
submissions/workflow.py is its door), and the words the agency reads for each step."""

from django.db import models
from django.utils.translation import gettext_lazy, pgettext_lazy


class State(models.TextChoices):
    DRAFT = "draf", pgettext_lazy("submission state", "Draft")
    SUBMITTED = "diajukan", pgettext_lazy("submission state", "Submitted")
    IN_REVIEW = "diperiksa", pgettext_lazy("submission state", "Under review")
    NEEDS_REVISION = "perlu_perbaikan", pgettext_lazy("submission state", "Needs revision")
    FEASIBLE = "layak", pgettext_lazy("submission state", "Feasible")
    NOT_FEASIBLE = "tidak_layak", pgettext_lazy("submission state", "Not feasible")
    ISSUED = "surat_terbit", pgettext_lazy("submission state", "Letter issued")
    WITHDRAWN = "ditarik", pgettext_lazy("submission state", "Withdrawn")
    # Closed by the portal: returned for revision and left untouched past the office's limit (review/closing.py).
    CLOSED = "ditutup", pgettext_lazy("submission state", "Closed (no revision)")


# States in which the agency may change the form.
EDITABLE_STATES = frozenset({State.DRAFT, State.NEEDS_REVISION})
OPEN_STATES = frozenset({State.SUBMITTED, State.IN_REVIEW, State.NEEDS_REVISION, State.FEASIBLE, State.NOT_FEASIBLE})
FINAL_STATES = frozenset({State.ISSUED, State.WITHDRAWN, State.CLOSED})
# The agency may withdraw (tarik kembali) what it submitted until the office has decided.
WITHDRAWABLE_STATES = frozenset({State.SUBMITTED, State.IN_REVIEW, State.NEEDS_REVISION})
# Ended without a decision: the agency may start again from a copy (submissions.services.submission_copy).
RESTARTABLE_STATES = frozenset({State.WITHDRAWN, State.CLOSED})

# The one table of the workflow (DOMAIN.md "Workflow").
ALLOWED = {
    State.DRAFT: {State.SUBMITTED},
    State.SUBMITTED: {State.IN_REVIEW, State.DRAFT, State.WITHDRAWN},
    State.IN_REVIEW: {State.FEASIBLE, State.NOT_FEASIBLE, State.NEEDS_REVISION, State.WITHDRAWN},
    # A resubmission goes straight back to its reviewers, the clock resumed (no second "terekam lengkap").
    # Closed by the portal (no actor) when the revision waited past the office's limit (review/closing.py).
    State.NEEDS_REVISION: {State.IN_REVIEW, State.WITHDRAWN, State.CLOSED},
    State.FEASIBLE: {State.ISSUED},
    State.NOT_FEASIBLE: {State.ISSUED},
    State.ISSUED: set(),
    State.WITHDRAWN: set(),
    State.CLOSED: set(),
}

# Steps only the portal itself takes (actor None at the door), never a person.
SYSTEM_TRANSITIONS = frozenset({(State.NEEDS_REVISION, State.CLOSED)})

# --- What the agency reads --------------------------------------------------------------------------
# Agencies see their own words for each step (ARCHITECTURE.md "The workflow"); staff see the state names.
# The decision (layak / tidak layak) stays hidden until the head has approved it and the letter is issued.
DECISION_PENDING_LABEL = gettext_lazy("Decision being approved")

AGENCY_LABELS = {
    (State.DRAFT, State.SUBMITTED): gettext_lazy("Submitted"),
    (State.SUBMITTED, State.IN_REVIEW): gettext_lazy("Received complete, under review"),
    (State.SUBMITTED, State.DRAFT): gettext_lazy("Returned: incomplete"),
    (State.IN_REVIEW, State.NEEDS_REVISION): gettext_lazy("Needs revision"),
    # Formatted with the round of the resubmission (back in review; before issue 17 a resubmission was logged as
    # perlu_perbaikan → diajukan and the office recorded it complete again: those logs keep their words).
    (State.NEEDS_REVISION, State.IN_REVIEW): gettext_lazy("Resubmitted (round %(round)s)"),
    (State.NEEDS_REVISION, State.SUBMITTED): gettext_lazy("Resubmitted (round %(round)s)"),
    (State.IN_REVIEW, State.FEASIBLE): DECISION_PENDING_LABEL,
    (State.IN_REVIEW, State.NOT_FEASIBLE): DECISION_PENDING_LABEL,
    (State.FEASIBLE, State.ISSUED): gettext_lazy("Letter issued: feasible"),
    (State.NOT_FEASIBLE, State.ISSUED): gettext_lazy("Letter issued: not feasible"),
    **{(state, State.WITHDRAWN): gettext_lazy("Withdrawn by the agency") for state in WITHDRAWABLE_STATES},
    (State.NEEDS_REVISION, State.CLOSED): gettext_lazy("Closed: the revision was not sent in time"),
}

# The state as the agency sees it (badges, lists): the proposed decision is not shown before approval.
AGENCY_STATE_LABELS = {
    State.FEASIBLE: DECISION_PENDING_LABEL,
    State.NOT_FEASIBLE: DECISION_PENDING_LABEL,
}

# Transitions whose note is for the office only (the advice or reasons go to the agency in the letter).
DECISION_STATES = frozenset({State.FEASIBLE, State.NOT_FEASIBLE})


def agency_state_label(state: str) -> str:
    return str(AGENCY_STATE_LABELS.get(state) or State(state).label)


# Staff read the state reached, except where the same state is reached by another step (for the timeline).
STAFF_LABELS = {
    (State.NEEDS_REVISION, State.IN_REVIEW): gettext_lazy("Resubmitted (round %(round)s): under review"),
}


def staff_transition_label(from_state: str, to_state: str, round: int) -> str:
    label = STAFF_LABELS.get((from_state, to_state))
    if label is None:
        return str(State(to_state).label)
    return str(label) % {"round": round}


def agency_transition_label(from_state: str, to_state: str, round: int) -> str:
    label = AGENCY_LABELS.get((from_state, to_state))
    if label is None:
        return str(State(to_state).label)
    return str(label) % {"round": round}

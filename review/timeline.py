"""What happened to a submission, in order: state changes for everyone, assignments and consultations for staff.

Agencies read their own words for each step (`enums.AGENCY_LABELS`) and never the proposed decision before the
head approves it; staff read the state names. Internal comments are never part of the timeline. A fixed number
of queries: one for the agency, three for staff.
"""

from dataclasses import dataclass
from datetime import datetime

from django.utils.translation import gettext as _

from submissions.states import DECISION_STATES, agency_transition_label, staff_transition_label


@dataclass(frozen=True)
class Event:
    at: datetime
    kind: str  # "created", "transition", "assignment", "consultation", "answer"
    label: str
    actor: str = ""
    note: str = ""
    state: str = ""  # the state reached, for a transition (badge colour)


def _name(user) -> str:
    return str(user) if user is not None else ""


def _transitions(submission, *, staff: bool) -> list[Event]:
    events = []
    for t in submission.transitions.select_related("actor"):
        if staff:
            label, note = staff_transition_label(t.from_state, t.to_state, t.round), t.note
        else:
            label = agency_transition_label(t.from_state, t.to_state, t.round)
            # The advice or reasons of a decision reach the agency in the letter, not here.
            note = "" if t.to_state in DECISION_STATES else t.note
        events.append(Event(t.at, "transition", label, _name(t.actor), note, t.to_state))
    return events


def _assignments(submission, assignments=None) -> list[Event]:
    events = []
    if assignments is None:
        assignments = submission.assignments.select_related("reviewer", "assigned_by")
    for a in assignments:
        if a.assigned_by_id == a.reviewer_id:
            label = _("%(reviewer)s took the submission") % {"reviewer": a.reviewer}
        else:
            label = _("%(reviewer)s assigned as reviewer") % {"reviewer": a.reviewer}
        events.append(Event(a.at, "assignment", label, _name(a.assigned_by)))
    return events


def _consultations(submission, consultations=None) -> list[Event]:
    events = []
    if consultations is None:
        consultations = submission.consultations.select_related("requested_by", "to_user", "to_office", "answered_by")
    for c in consultations:
        addressee = c.to_user or c.to_office
        events.append(
            Event(
                c.asked_at,
                "consultation",
                _("Consultation requested from %(addressee)s") % {"addressee": addressee},
                _name(c.requested_by),
                c.question,
            )
        )
        if c.answered_at is not None:
            events.append(Event(c.answered_at, "answer", _("Consultation answered"), _name(c.answered_by), c.answer))
    return events


def timeline_for(submission, *, staff: bool, assignments=None, consultations=None) -> list[Event]:
    """Every state change with actor, time and note, oldest first; for staff also assignments and consultations.
    A page that has already read the assignments (with reviewer and assigned_by) or the consultations (with
    their people and office) passes them, saving their queries."""
    started = _("Draft started at the front desk") if submission.recorded_by_id else _("Draft started")
    events = [Event(submission.created_at, "created", started)]
    events += _transitions(submission, staff=staff)
    if staff:
        events += _assignments(submission, assignments)
        events += _consultations(submission, consultations)
    return sorted(events, key=lambda e: e.at)

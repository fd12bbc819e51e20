"""Reads of submissions shared by pages, with their joins, so list pages do a fixed number of queries."""

from dataclasses import dataclass

from django.db.models import OuterRef, QuerySet, Subquery
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.translation import gettext

from romantik.enums import MembershipStatus
from romantik.links import pk_url_pattern
from romantik.officetime import zoned_text
from romantik.selectors import membership_of

from .enums import Channel, GuestStatus, Kind
from .models import GuestBookEntry, Submission, Transition
from .states import DECISION_STATES, State

LIST_RELATED = ("agency", "office", "created_by", "recorded_by")


def submissions_of_agency_user(user) -> QuerySet[Submission]:
    """'My submissions': all of the agency's for a verified member; only their own while unverified."""
    membership = membership_of(user)
    if membership is None:
        return Submission.objects.none()
    qs = Submission.objects.filter(agency_id=membership.agency_id)
    if membership.status != MembershipStatus.VERIFIED:
        qs = qs.filter(created_by=user)
    return with_issued_decision(qs.select_related(*LIST_RELATED).order_by("-updated_at", "-pk"))


def _issued_from():
    return Transition.objects.filter(to_state=State.ISSUED).order_by("-pk").values("from_state")


def with_issued_decision(qs: QuerySet[Submission]) -> QuerySet[Submission]:
    """Each submission with `issued_decision`: layak or tidak layak once its letter is issued (the state the
    letter left), else None. The agency learns the decision only then, so lists show it from then on."""
    return qs.annotate(issued_decision=Subquery(_issued_from().filter(submission=OuterRef("pk"))[:1]))


def submission_issued_decision(submission: Submission) -> str:
    """The decision a submission's issued letter carries (layak / tidak layak); "" before the letter is issued."""
    return _issued_from().filter(submission=submission).values_list("from_state", flat=True).first() or ""


def walkins_recorded_by_office(office) -> QuerySet[Submission]:
    return (
        Submission.objects.filter(office=office, channel=Channel.OFFLINE)
        .select_related(*LIST_RELATED)
        .order_by("-created_at", "-pk")
    )


def submissions_for_office(office) -> QuerySet[Submission]:
    """What has reached an office (anything past draft), newest first."""
    from submissions.states import State

    return (
        Submission.objects.filter(office=office)
        .exclude(state=State.DRAFT)
        .select_related(*LIST_RELATED)
        .order_by("-submitted_at", "-pk")
    )


def submission_locked(pk: int) -> Submission:
    """The submission row, locked until the transaction ends (its own row only, not its agency's or office's),
    with what every write that locks it reads next."""
    return Submission.objects.select_for_update(of=("self",)).select_related("agency", "office").get(pk=pk)


def submission_numbers(pks: set[int]) -> dict[int, str]:
    """{pk: number} of the submissions among `pks` that exist (a draft's number is empty), in one query."""
    return dict(Submission.objects.filter(pk__in=pks).values_list("pk", "number"))


def submission_withdrawal(submission: Submission):
    """The step that withdrew `submission` (who, when, why), or None when it is not withdrawn."""
    if submission.state != State.WITHDRAWN:
        return None
    return submission.transitions.filter(to_state=State.WITHDRAWN).select_related("actor").first()


def in_agency_state(queryset: QuerySet[Submission], state: str) -> QuerySet[Submission]:
    """The submissions the agency sees in `state`: a proposed decision is still "under review" for it until the
    letter is issued."""
    states = {state, *DECISION_STATES} if state == State.IN_REVIEW else {state}
    return queryset.filter(state__in=states)


def guest_board(office, day) -> dict:
    """A day's guest book and queue at the office's front desk as its pages show them, in one query: the entries
    in queue order, who waits (`next_waiting` first), the number called last, who is being served, and the counts.
    """
    entries = list(GuestBookEntry.objects.filter(office=office, visit_date=day).select_related("user"))
    waiting = [e for e in entries if e.status == GuestStatus.WAITING]
    called = sorted((e for e in entries if e.called_at), key=lambda e: e.called_at, reverse=True)
    return {
        "entries": entries,
        "waiting": waiting,
        "next_waiting": waiting[0] if waiting else None,
        "last_called": called[0] if called else None,
        "being_served": [e for e in called if e.status == GuestStatus.CALLED],
        "count_waiting": len(waiting),
        "count_called": sum(1 for e in entries if e.status == GuestStatus.CALLED),
        "count_done": sum(1 for e in entries if e.status == GuestStatus.DONE),
    }


def queue_waiting_before(entry) -> int:
    """How many of the day's visitors still wait with a number before `entry`'s (the kiosk's ticket says so)."""
    return GuestBookEntry.objects.filter(
        office_id=entry.office_id,
        visit_date=entry.visit_date,
        status=GuestStatus.WAITING,
        queue_number__lt=entry.queue_number,
    ).count()


def submission_office_code(pk) -> str | None:
    """The code of the office that handles submission `pk` (None: none), for the time zone of its pages
    (romantik.officetime)."""
    if not str(pk).isdigit():
        return None
    return Submission.objects.filter(pk=pk).values_list("office__code", flat=True).first()


# --- 'My submissions': the rows of the agency's list (templates/submissions/list.html), worked out once ---------

# What a row shows, not the whole form (texts, JSON answers) nor every column of its office and people (issue 20).
AGENCY_LIST_FIELDS = (
    "number", "kind", "title", "state", "submitted_at", "updated_at", "recorded_by_id", "office__name",
    "created_by__full_name", "created_by__email",
)  # fmt: skip


def agency_list_page(qs: QuerySet[Submission]) -> QuerySet[Submission]:
    """`submissions_of_agency_user(...)` reading only what `agency_list_rows` shows."""
    return qs.select_related(None).select_related("office", "created_by").only(*AGENCY_LIST_FIELDS)


@dataclass(frozen=True, slots=True)
class AgencyListRow:
    """One submission of 'My submissions', each value as the row writes it (in the active language and zone)."""

    url: str  # its overview
    number: str  # "—" while it has none
    kind: str  # the form's label
    recorded: bool  # recorded at the PST front desk
    title: str
    created_by: str
    office: str
    issued: bool  # the letter is issued: the badge says its decision (submissions/_result_badge.html)
    badge_state: str  # the badge's state class: a proposed decision shows as still under review
    badge_label: str
    submitted: str  # "3 Feb 2026", "—" before it is submitted
    updated: str  # "3 Feb 2026 09:00 WIB"


def agency_list_rows(submissions) -> list[AgencyListRow]:
    """The rows of `submissions` (annotated by `with_issued_decision`): labels from one dict each, one URL
    pattern, the same wording as submissions/_result_badge.html and review/_agency_badge.html."""
    kinds = {value: str(label) for value, label in Kind.choices}
    states = {value: str(label) for value, label in State.choices}
    issued = {
        State.FEASIBLE: gettext("Letter issued: feasible"),
        State.NOT_FEASIBLE: gettext("Letter issued: not feasible"),
    }
    approving = gettext("Decision being approved")
    overview = pk_url_pattern("submissions:overview")
    zone = timezone.get_current_timezone()
    rows = []
    for s in submissions:
        decision = getattr(s, "issued_decision", None)
        proposed = s.state in (State.FEASIBLE, State.NOT_FEASIBLE)
        if decision in issued:
            badge_state, badge_label = decision, issued[decision]
        else:
            badge_state = State.IN_REVIEW.value if proposed else s.state
            badge_label = approving if proposed else states.get(s.state, s.state)
        submitted = s.submitted_at
        rows.append(
            AgencyListRow(
                url=overview.format(pk=s.pk),
                number=s.number or "—",
                kind=kinds.get(s.kind, s.kind),
                recorded=s.recorded_by_id is not None,
                title=str(s),
                created_by=str(s.created_by),
                office=s.office.name,
                issued=decision in issued,
                badge_state=badge_state,
                badge_label=badge_label,
                submitted=date_format(timezone.localtime(submitted, zone), "j M Y") if submitted else "—",
                updated=zoned_text(s.updated_at, "j M Y H:i", zone=zone),
            )
        )
    return rows

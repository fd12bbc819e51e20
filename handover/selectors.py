"""Reads of hand-overs: an agency's list, the public catalogue's status, an office's compliance list."""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from romantik.calendar import office_today

from .enums import OPEN_STATES, PUBLIC_KINDS, HandOverState, ItemKind
from .models import HandOver, HandOverItem

# The compliance list's statuses (a hand-over's state, with "overdue" for one still open past its date).
DUE, OVERDUE, AWAITING, RECEIVED = "due", "overdue", "awaiting", "received"


def status_labels() -> dict[str, str]:
    return {
        DUE: _("Due"),
        OVERDUE: _("Overdue"),
        AWAITING: _("Handed over, awaiting confirmation"),
        RECEIVED: _("Handed over"),
    }


def compliance_status(handover: HandOver, today: date) -> str:
    if handover.state == HandOverState.RECEIVED:
        return RECEIVED
    if handover.state == HandOverState.SUBMITTED:
        return AWAITING
    return OVERDUE if handover.due_date < today else DUE


def handovers_of_submission(submission) -> QuerySet[HandOver]:
    return HandOver.objects.filter(submission=submission).prefetch_related("items", "transitions__actor")


def item_download_url(item: HandOverItem) -> str:
    return reverse("handover:item", kwargs={"pk": item.handover.submission_id, "item": item.pk})


@dataclass
class PublicResults:
    """What the catalogue shows of an activity's results: handed over (received by BPS) or not, the next due
    date, and the public links (the publication's download, the dataset's address)."""

    handed_over: bool = False
    scheduled: bool = False
    next_due: date | None = None
    links: list[dict] = field(default_factory=list)


def public_results(submission) -> PublicResults:
    """One query for the hand-overs; a second for the public items only when one was received."""
    handovers = list(HandOver.objects.filter(submission=submission).only("pk", "period", "due_date", "state"))
    results = PublicResults(scheduled=bool(handovers))
    received = {h.pk: h for h in handovers if h.state == HandOverState.RECEIVED}
    for handover in handovers:
        if handover.pk not in received and (results.next_due is None or handover.due_date < results.next_due):
            results.next_due = handover.due_date
    if not received:
        return results
    results.handed_over = True
    items = HandOverItem.objects.filter(handover_id__in=received, kind__in=PUBLIC_KINDS).order_by(
        "handover__due_date", "created_at", "pk"
    )
    for item in items:
        handover = received[item.handover_id]
        results.links.append(
            {
                "kind": item.kind,
                "label": ItemKind(item.kind).label,
                "period": handover.period,
                "url": item.url or reverse("handover:item", kwargs={"pk": submission.pk, "item": item.pk}),
                "external": bool(item.url),
            }
        )
    return results


def office_handovers(office, *, year: int | None = None, agency_id: int | None = None) -> QuerySet[HandOver]:
    qs = HandOver.objects.filter(submission__office=office).select_related("submission__agency")
    qs = qs.prefetch_related("items")  # the compliance page reads each row's items: one query for all rows
    if year:
        qs = qs.filter(due_date__year=year)
    if agency_id:
        qs = qs.filter(submission__agency_id=agency_id)
    return qs.order_by("due_date", "pk")


def compliance_rows(office, *, year=None, agency_id=None, status: str = "") -> list[dict]:
    """Each hand-over of the office once, its values worked out here (labels from one dict)."""
    today, labels = office_today(office), status_labels()
    rows = []
    for handover in office_handovers(office, year=year, agency_id=agency_id):
        state = compliance_status(handover, today)
        if status and state != status:
            continue
        submission = handover.submission
        rows.append(
            {
                "handover": handover,
                "pk": handover.pk,
                "agency": submission.agency.name,
                "agency_id": submission.agency_id,
                "number": submission.number or "",
                "title": submission.title,
                "period": handover.period,
                "due_date": handover.due_date,
                "status": state,
                "status_label": labels[state],
                "submitted_at": handover.submitted_at,
                "received_at": handover.received_at,
                "confirmable": handover.state == HandOverState.SUBMITTED,
            }
        )
    return rows


def compliance_summary(rows: list[dict]) -> list[dict]:
    """Counts by agency and year of due date: due, overdue, awaiting, handed over."""
    table: dict[tuple[str, int], dict] = {}
    for row in rows:
        key = (row["agency"], row["due_date"].year)
        counts = table.setdefault(key, {"agency": key[0], "year": key[1], DUE: 0, OVERDUE: 0, AWAITING: 0, RECEIVED: 0})
        counts[row["status"]] += 1
    return [table[key] for key in sorted(table)]


def open_handovers_due_by(horizon: date) -> QuerySet[HandOver]:
    """Hand-overs the agency still owes (not handed over, or asked for more) due on or before `horizon`."""
    return HandOver.objects.filter(state__in=OPEN_STATES, due_date__lte=horizon)

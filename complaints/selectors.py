"""Reads of complaints shared by pages, with their joins, so list pages cost a fixed number of queries."""

from dataclasses import dataclass
from datetime import date

from django.db.models import F, Q, QuerySet

from romantik.registry import Hook

from . import tracking
from .enums import OPEN_STATUSES
from .models import Complaint, ComplaintEvent


def complaint_queue(office) -> QuerySet[Complaint]:
    """An office's complaints, open ones first, then by resolution due date and filing time."""
    from django.db.models import Case, IntegerField, Value, When

    open_first = Case(When(status__in=OPEN_STATUSES, then=Value(0)), default=Value(1), output_field=IntegerField())
    return Complaint.objects.filter(office=office).order_by(open_first, F("resolution_due").asc(), "created_at", "pk")


def overdue(today: date) -> Q:
    """Exactly the rows the queue flags red: no first response past its due day, or open past resolution due."""
    return Q(first_response_at__isnull=True, first_response_due__lt=today) | Q(
        status__in=OPEN_STATUSES, resolution_due__lt=today
    )


def complaint_of_office(office, pk: int) -> Complaint | None:
    return (
        Complaint.objects.select_related("office", "office__region", "complainant", "submission")
        .filter(office=office, pk=pk)
        .first()
    )


def complaint_events(complaint, *, public_only: bool) -> QuerySet[ComplaintEvent]:
    events = complaint.events.select_related("actor").order_by("created_at", "pk")
    return events.filter(public=True) if public_only else events


def complaint_by_tracking(number: str, key: str) -> Complaint | None:
    """The complaint with this number and tracking key (complaints.tracking); None for any other pair,
    with the key compared in constant time whether or not the number exists."""
    number = number.strip().upper()
    complaint = Complaint.objects.select_related("office", "office__region").filter(number=number).first()
    return complaint if tracking.key_matches(complaint, key) else None


def complaints_of_user(user) -> QuerySet[Complaint]:
    """'My complaints': those the signed-in person filed."""
    return Complaint.objects.filter(complainant=user).select_related("office").order_by("-created_at", "-pk")


# --- queue rows -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class QueueRow:
    """A complaint of the queue with its targets as the page shows them, for the office's `today`."""

    complaint: Complaint
    today: date
    tz: object

    @property
    def first_response_overdue(self) -> bool:
        return self.complaint.first_response_overdue(self.today)

    @property
    def resolution_overdue(self) -> bool:
        return self.complaint.resolution_overdue(self.today)

    @property
    def answered_late(self) -> bool:
        c = self.complaint
        return c.first_response_at is not None and c.first_response_at.astimezone(self.tz).date() > (
            c.first_response_due
        )

    @property
    def overdue(self) -> bool:
        return self.first_response_overdue or self.resolution_overdue


def queue_rows(complaints, *, today: date, tz) -> list[QueueRow]:
    return [QueueRow(c, today, tz) for c in complaints]


# --- the activity a complaint is about, by its public code (issue 22, "Laporkan masalah" of Cek Survei) -------


@dataclass(frozen=True)
class CodedActivity:
    office: object  # romantik.Office
    title: str
    code: str  # as printed: "K7QM-2XRD"


# `finder(request, typed_code)` returns the CodedActivity the code names, or None (it limits guessing as its own
# page does); registered by a higher app, ceksurvei, from its AppConfig.ready (romantik.registry).
_activity_finder = Hook("complaints.selectors.activity_of_code", "ceksurvei")
activity_of_code_register = _activity_finder.register


def activity_of_code(request, typed: str) -> CodedActivity | None:
    return _activity_finder(request, typed)

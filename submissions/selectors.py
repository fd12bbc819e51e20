"""Reads of submissions shared by pages, with their joins, so list pages do a fixed number of queries."""

from django.db.models import QuerySet

from romantik.enums import MembershipStatus
from romantik.selectors import membership_of

from .enums import Channel
from .models import Submission

LIST_RELATED = ("agency", "office", "created_by", "recorded_by")


def submissions_of_agency_user(user) -> QuerySet[Submission]:
    """'My submissions': all of the agency's for a verified member; only their own while unverified."""
    membership = membership_of(user)
    if membership is None:
        return Submission.objects.none()
    qs = Submission.objects.filter(agency_id=membership.agency_id)
    if membership.status != MembershipStatus.VERIFIED:
        qs = qs.filter(created_by=user)
    return qs.select_related(*LIST_RELATED).order_by("-updated_at", "-pk")


def walkins_recorded_by_office(office) -> QuerySet[Submission]:
    return (
        Submission.objects.filter(office=office, channel=Channel.OFFLINE)
        .select_related(*LIST_RELATED)
        .order_by("-created_at", "-pk")
    )


def submissions_for_office(office) -> QuerySet[Submission]:
    """What has reached an office (anything past draft), newest first."""
    from review.enums import State

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

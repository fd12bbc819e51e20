"""The open review work of a person, for the staff pages of the core (romantik.staff): what a leaver still holds
at the offices being left, and putting it back for reassignment. Registered by ReviewConfig.ready with
`romantik.staff.open_work_register` (the core may not import review)."""

from romantik.links import pk_url_pattern
from romantik.staff import OpenWork
from submissions.states import State

from .models import Assignment

# A submission whose review is still to be done: received, under review, or back with the agency for revision.
OPEN_REVIEW_STATES = (State.SUBMITTED, State.IN_REVIEW, State.NEEDS_REVISION)


def _open_assignments(user, office_ids):
    return Assignment.objects.filter(
        reviewer=user, submission__office_id__in=office_ids, submission__state__in=OPEN_REVIEW_STATES
    )


def open_work_of(user, office_ids) -> list[OpenWork]:
    """The submissions assigned to `user` at these offices whose review is not done, oldest first, each with the
    link to its review page's actions, where the coordinator assigns another reviewer."""
    labels = dict(State.choices)
    url = pk_url_pattern("review:detail")
    rows = (
        _open_assignments(user, office_ids)
        .select_related("submission__office")
        .order_by("submission__submitted_at", "submission__pk")
    )
    return [
        OpenWork(
            label=f"{a.submission.number or a.submission.pk} · {a.submission.title or ''}".strip(" ·"),
            state=str(labels[a.submission.state]),
            office_code=a.submission.office.code,
            url=url.format(pk=a.submission_id) + "#actions",
        )
        for a in rows
    ]


def open_work_release(user, office_ids) -> list[str]:
    """Take `user` off the open submissions at these offices: they stay as they are, without this reviewer, for
    the coordinator to assign another (the queue shows them unassigned). Answers their numbers."""
    rows = list(_open_assignments(user, office_ids).select_related("submission").order_by("submission__pk"))
    released = [a.submission.number or str(a.submission_id) for a in rows]
    Assignment.objects.filter(pk__in=[a.pk for a in rows]).delete()
    return released

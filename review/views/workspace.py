"""The office's start page for its staff: the most urgent of its queue, what awaits a decision, agencies to
verify and failed messages. A reviewer's page leads with what is assigned to them."""

from django.contrib.auth.decorators import login_required
from django.http import QueryDict
from django.shortcuts import render
from django.urls import reverse

from notifications.selectors import failed_message_count
from romantik.calendar import office_today
from romantik.enums import Role
from romantik.selectors import office_roles_of, pending_memberships_for
from romantik.views import office_for_staff

from ..selectors import AWAITING_DECISION_STATES, WITH_OFFICE_STATES, office_queue, queue_rows
from .queue import FILTERED_PARAM

# The most a reviewer's "assigned to me" table shows; the rest is one click away in the filtered queue.
ASSIGNED_SHOWN = 50


def _assigned_to(request, office, today) -> dict | None:
    """A reviewer's own work (what awaits a decision and is assigned to them) and the queue filtered to it;
    None for staff who do not review."""
    if Role.REVIEWER not in office_roles_of(request.user).get(office.code, set()):
        return None
    mine = office_queue(office, states=AWAITING_DECISION_STATES).filter(assignments__reviewer=request.user)
    query = QueryDict(mutable=True)
    query.setlist("status", [str(state.value) for state in AWAITING_DECISION_STATES])
    query["pemeriksa"] = str(request.user.pk)
    query[FILTERED_PARAM] = "1"
    return {
        "rows": queue_rows(mine[:ASSIGNED_SHOWN], office=office, today=today),
        "count": mine.count(),
        "queue_url": f"{reverse('review:queue', kwargs={'code': office.code})}?{query.urlencode()}",
    }


@login_required
def office_workspace(request, code):
    office = office_for_staff(request, code)
    today = office_today(office)
    urgent = office_queue(office, states=WITH_OFFICE_STATES)[:10]
    return render(
        request,
        "romantik/office_workspace.html",
        {
            "office": office,
            "roles": [Role(r).label for r in sorted(office_roles_of(request.user).get(office.code, set()))],
            "pending_memberships": pending_memberships_for(office)[:50],
            # The 10 most urgent of what waits on the office; the full queue is review:queue.
            "urgent": queue_rows(urgent, office=office, today=today),
            # A reviewer's start: what is assigned to them, first on the page (None: not a reviewer here).
            "assigned": _assigned_to(request, office, today),
            "awaiting_count": office_queue(office, states=AWAITING_DECISION_STATES).count(),
            # Failed messages, for those who see the office's message page (None: no link).
            "failed_messages": failed_message_count(office)
            if request.user.has_perm("notifications.view_office_messages", office)
            else None,
        },
    )

"""The agency's start page: its membership and its latest submissions."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from romantik.enums import MembershipStatus
from romantik.selectors import membership_of

from ..selectors import submissions_of_agency_user


@login_required
def agency_dashboard(request):
    membership = membership_of(request.user)
    recent = submissions_of_agency_user(request.user)[:5] if membership else []
    return render(
        request,
        "romantik/agency_dashboard.html",
        {"membership": membership, "MembershipStatus": MembershipStatus, "recent": recent},
    )

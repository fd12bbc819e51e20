"""What every page of one submission needs: the object with its permission checked, and the section menu."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _

from romantik.selectors import membership_of

from ..completeness import submission_completeness
from ..models import Submission
from ..sections import SECTIONS_BY_KEY


def submission_for(request, pk, perm: str = "submissions.view_submission") -> Submission:
    """The submission, if the user may `perm` it. Someone else's submission answers 404, not 403,
    so guessing numbers tells nothing."""
    submission = get_object_or_404(
        Submission.objects.select_related("agency", "agency__region", "office", "created_by", "recorded_by"), pk=pk
    )
    if not request.user.has_perm("submissions.view_submission", submission):
        raise Http404
    if perm != "submissions.view_submission" and not request.user.has_perm(perm, submission):
        raise PermissionDenied
    return submission


def section_url(submission: Submission, key: str) -> str:
    """Question sections share one view; the tables (variables, indicators, attachments) have their own."""
    if SECTIONS_BY_KEY[key].table:
        return reverse(f"submissions:{key}", kwargs={"pk": submission.pk})
    return reverse("submissions:section", kwargs={"pk": submission.pk, "key": key})


def submission_context(request, submission: Submission, active: str) -> dict:
    """Context for templates extending submissions/_layout.html."""
    statuses = submission_completeness(submission)
    for status in statuses:
        status.url = section_url(submission, status.section.key)
    if membership_of(request.user) is not None:
        back = (reverse("submissions:list"), _("My submissions"))
    else:
        back = (reverse("office_workspace", kwargs={"code": submission.office.code}), submission.office.name)
    return {
        "back_url": back[0],
        "back_label": back[1],
        "submission": submission,
        "statuses": statuses,
        "active": active,
        "active_section": SECTIONS_BY_KEY.get(active),
        "can_edit": request.user.has_perm("submissions.change_submission", submission),
    }


__all__ = ["login_required", "section_url", "submission_for", "submission_context"]

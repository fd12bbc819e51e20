"""Start again from a copy (issue 19): a submission closed for inactivity or withdrawn is copied into a new draft
(submissions.services.submission_copy) by a verified member of its agency, after a confirmation page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _

from romantik.refusals import refusal_show

from ..services import restart_refusal, submission_copy
from .common import submission_context, submission_for


@login_required
def submission_restart_page(request, pk):
    """Mulai lagi dari salinan: GET asks, POST copies and opens the new draft; whoever sees the submission but may
    not copy it is sent back to it with the reason."""
    submission = submission_for(request, pk)
    refusal = restart_refusal(submission=submission, user=request.user)
    if refusal:
        refusal_show(request, refusal)
        return redirect("submissions:overview", pk=submission.pk)
    if request.method == "POST":
        copy = submission_copy(submission=submission, actor=request.user)
        messages.success(
            request,
            _("A new draft was started from a copy of %(number)s. Check it, then submit it.")
            % {"number": submission.number or submission.title},
        )
        return redirect("submissions:overview", pk=copy.pk)
    return render(request, "submissions/restart.html", submission_context(request, submission, "overview"))


urlpatterns = [
    path("pengajuan/<int:pk>/salin/", submission_restart_page, name="restart"),
]

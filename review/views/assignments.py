"""Who reviews a submission: the coordinator assigns reviewers; a reviewer takes unassigned work when the
office allows it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import services
from ..forms import AssignForm
from ..rules import assigned_to
from .actions import perform
from .detail import submission_or_404


@login_required
@require_POST
def review_assign(request, pk):
    submission = submission_or_404(request, pk)
    form = AssignForm(request.POST, office=submission.office, auto_id="assign-%s")

    def run(data):
        added = services.review_assign(submission=submission, reviewers=data["reviewers"], actor=request.user)
        if not added:
            return messages.INFO, _("These reviewers were already assigned; nothing changed.")
        names = ", ".join(str(a.reviewer) for a in added)
        return _("Assigned: %(names)s. They were told by e-mail.") % {"names": names}

    return perform(
        request, submission, perm="review.assign_reviewers", run=run, form=form, key="assign", anchor="actions"
    )


@login_required
@require_POST
def review_take(request, pk):
    submission = submission_or_404(request, pk)

    def run(data):
        services.review_take(submission=submission, actor=request.user)
        return _("You took this submission; it is in your work now.")

    already = (
        _("You already work on this submission; nothing changed.") if assigned_to(request.user, submission) else ""
    )
    return perform(request, submission, perm="review.take_submission", run=run, anchor="actions", already=already)


urlpatterns = [
    path("periksa/<int:pk>/tugaskan/", review_assign, name="assign"),
    path("periksa/<int:pk>/ambil/", review_take, name="take"),
]

"""Internal comments on a submission: BPS staff of the office talk among themselves; the agency never sees them."""

from django.contrib.auth.decorators import login_required
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import services
from ..forms import CommentForm
from ..selectors import comment_repeated
from .actions import perform
from .detail import submission_or_404


@login_required
@require_POST
def review_comment_add(request, pk):
    submission = submission_or_404(request, pk)
    form = CommentForm(request.POST, auto_id="comment-%s")

    def run(data):
        services.comment_add(submission=submission, text=data["text"], actor=request.user)
        return _("Internal comment added. Only BPS staff see it.")

    repeated = comment_repeated(submission=submission, text=request.POST.get("text", "").strip(), author=request.user)
    return perform(
        request,
        submission,
        perm="review.comment_submission",
        run=run,
        form=form,
        key="comment",
        anchor="comments",
        already=_("This comment is already there; nothing changed.") if repeated else "",
    )


urlpatterns = [
    path("periksa/<int:pk>/komentar/", review_comment_add, name="comment_add"),
]

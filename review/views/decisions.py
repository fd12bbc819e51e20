"""The review page's state changes: record complete (terekam lengkap), return as incomplete, return for
revision and propose the decision. Each calls its service, which goes through the submission's one door."""

from django.contrib.auth.decorators import login_required
from django.urls import path
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from .. import services
from ..forms import DecideForm, ReturnIncompleteForm, RevisionForm
from ..rules import step_done
from .actions import perform
from .detail import submission_or_404


@login_required
@require_POST
def review_accept(request, pk):
    submission = submission_or_404(request, pk)

    def run(data):
        accepted = services.review_accept(submission=submission, actor=request.user)
        if accepted.round > 1:
            return _("Recorded complete: round %(round)s is under review; the service clock runs again.") % {
                "round": accepted.round
            }
        return _("Recorded complete (terekam lengkap): the service clock runs from today, due %(due)s.") % {
            "due": formats.date_format(accepted.due_date, "j F Y")
        }

    already = _("This submission was already recorded complete; nothing changed.")
    return perform(
        request,
        submission,
        perm="review.accept_submission",
        run=run,
        anchor="actions",
        already=already if step_done(submission, "accept") else "",
    )


@login_required
@require_POST
def review_return_incomplete(request, pk):
    submission = submission_or_404(request, pk)
    form = ReturnIncompleteForm(request.POST, auto_id="incomplete-%s")

    def run(data):
        services.review_return_incomplete(submission=submission, actor=request.user, note=data["note"])
        return _("Returned to the agency as incomplete; they were told what is missing.")

    already = _("This submission was already returned to the agency; nothing changed.")
    return perform(
        request,
        submission,
        perm="review.return_incomplete",
        run=run,
        form=form,
        key="return_incomplete",
        anchor="actions",
        already=already if step_done(submission, "return_incomplete") else "",
    )


@login_required
@require_POST
def review_return_for_revision(request, pk):
    submission = submission_or_404(request, pk)
    form = RevisionForm(request.POST, auto_id="revision-%s")

    def run(data):
        returned = services.review_return_for_revision(submission=submission, actor=request.user, note=data["note"])
        count = returned.notes.filter(round=returned.round).count()
        return ngettext(
            "Returned to the agency for revision with %(count)s note; the service clock is paused.",
            "Returned to the agency for revision with %(count)s notes; the service clock is paused.",
            count,
        ) % {"count": count}

    already = _("This submission was already returned for revision; nothing changed.")
    return perform(
        request,
        submission,
        perm="review.review_submission",
        run=run,
        form=form,
        key="revision",
        anchor="actions",
        already=already if step_done(submission, "return_for_revision") else "",
    )


@login_required
@require_POST
def review_decide(request, pk):
    submission = submission_or_404(request, pk)
    form = DecideForm(request.POST, auto_id="decide-%s")

    def run(data):
        decided = services.review_decide(
            submission=submission, actor=request.user, decision=data["decision"], text=data["text"]
        )
        return _("Proposed as “%(decision)s”; it now awaits the head's approval.") % {
            "decision": decided.get_state_display()
        }

    already = _("A decision was already proposed; nothing changed.")
    return perform(
        request,
        submission,
        perm="review.review_submission",
        run=run,
        form=form,
        key="decide",
        anchor="actions",
        already=already if step_done(submission, "decide") else "",
    )


urlpatterns = [
    path("periksa/<int:pk>/terekam-lengkap/", review_accept, name="accept"),
    path("periksa/<int:pk>/belum-lengkap/", review_return_incomplete, name="return_incomplete"),
    path("periksa/<int:pk>/perbaikan/", review_return_for_revision, name="return_for_revision"),
    path("periksa/<int:pk>/keputusan/", review_decide, name="decide"),
]

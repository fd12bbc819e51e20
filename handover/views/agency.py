"""The agency's hand-over page: /pengajuan/<pk>/hasil/ (its due dates, what it handed over, the upload form), and
the download of a handed-over file (its agency, the office, its supervisors; a public kind once received: anyone).

Only the agency's verified members act here (`handover.hand_over`); the office sees the same hand-overs on its
compliance page. Another agency's submission answers 404, so ids tell nothing."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from romantik.refusals import StateConflict, refusal_show
from submissions.models import Submission

from ..enums import OPEN_STATES, PUBLIC_KINDS, HandOverState
from ..forms import ItemForm
from ..models import HandOver, HandOverItem
from ..selectors import handovers_of_submission
from ..services import handover_item_add, handover_item_delete, handover_submit


def _submission(request, pk) -> Submission:
    submission = get_object_or_404(Submission.objects.select_related("agency", "office"), pk=pk)
    if not request.user.has_perm("handover.hand_over", submission):
        raise Http404
    return submission


@login_required
@require_http_methods(["GET", "POST"])
def agency_handovers(request, pk):
    submission = _submission(request, pk)
    form = ItemForm()
    status = 200
    if request.method == "POST":
        action = request.POST.get("action", "")
        handover = get_object_or_404(HandOver, pk=request.POST.get("handover") or 0, submission=submission) if (
            request.POST.get("handover", "").isdigit()) else None  # fmt: skip
        if handover is None:
            messages.error(request, _("Choose the hand-over first."))
            return redirect("handover:agency", pk=submission.pk)
        try:
            if action == "add":
                form = ItemForm(request.POST, request.FILES)
                if form.is_valid():
                    handover_item_add(handover=handover, actor=request.user, kind=form.cleaned_data["kind"],
                                      file=form.cleaned_data["file"], url=form.cleaned_data["url"])  # fmt: skip
                    messages.success(request, _("Added to the hand-over."))
                    return redirect("handover:agency", pk=submission.pk)
                status = 400
            elif action == "delete":
                item = get_object_or_404(HandOverItem, pk=request.POST.get("item") or 0, handover=handover)
                handover_item_delete(item=item, actor=request.user)
                messages.success(request, _("Removed from the hand-over."))
                return redirect("handover:agency", pk=submission.pk)
            elif action == "submit":
                handover_submit(handover=handover, actor=request.user)
                messages.success(request, _("Results handed over. The office will confirm receipt."))
                return redirect("handover:agency", pk=submission.pk)
            else:
                messages.error(request, _("Nothing was changed."))
                return redirect("handover:agency", pk=submission.pk)
        except (ValidationError, PermissionDenied, StateConflict) as error:
            status = refusal_show(request, error, form=form if action == "add" else None)
    return render(
        request,
        "handover/agency.html",
        {
            "submission": submission,
            "handovers": handovers_of_submission(submission),
            "form": form,
            "open_states": OPEN_STATES,
            "submitted_state": HandOverState.SUBMITTED,
        },
        status=status,
    )


@require_GET
def item_download(request, pk, item):
    found = get_object_or_404(
        HandOverItem.objects.select_related("handover__submission__office", "handover__submission__agency"),
        pk=item,
        handover__submission_id=pk,
    )
    handover = found.handover
    public = found.kind in PUBLIC_KINDS and handover.state == HandOverState.RECEIVED
    if not found.file or not (public or request.user.has_perm("handover.view_handover", handover)):
        raise Http404
    # Always as a download (never shown inline from this site), as the submissions' attachments are.
    return FileResponse(
        found.file.open("rb"), as_attachment=True, filename=found.original_name, content_type="application/pdf"
    )


urlpatterns = [
    path("pengajuan/<int:pk>/hasil/", agency_handovers, name="agency"),
    path("pengajuan/<int:pk>/hasil/berkas/<int:item>/", item_download, name="item"),
]

"""Reuse of variables as the agency types (static/js/reuse.js): the offers of the add-variable page's panel
(`{% variable_reuse_panel %}`), for a user who may change the submission. GET only; bounded by catalogue.reuse."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import path
from django.views.decorators.http import require_GET

from submissions.models import Submission

from ..templatetags.catalogue_panels import reuse_context

VIEW, CHANGE = "submissions.view_submission", "submissions.change_submission"


@login_required
@require_GET
def variable_reuse(request, pk):
    submission = get_object_or_404(Submission.objects.select_related("agency", "office"), pk=pk)
    if not request.user.has_perm(VIEW, submission):
        raise Http404  # someone else's submission: as the submission's own pages answer
    if not request.user.has_perm(CHANGE, submission):
        raise PermissionDenied
    response = render(request, "catalogue/_variable_reuse_results.html", reuse_context(request, submission))
    response["Cache-Control"] = "private, no-store"
    return response


urlpatterns = [
    path("pengajuan/<int:pk>/variabel/pakai-ulang/", variable_reuse, name="variable_reuse"),
]

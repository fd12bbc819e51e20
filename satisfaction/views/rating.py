"""The agency rates the service of a submission whose letter was issued: the nine questions and a comment,
once per submission. Only members of the submission's agency see the page; everyone else gets 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _

from submissions.models import Submission
from submissions.rules import is_agency_member

from ..forms import RatingForm
from ..models import SurveyResponse
from ..rules import is_issued
from ..services import AlreadyAnswered, response_submit


@login_required
def rate(request, pk):
    submission = get_object_or_404(Submission.objects.select_related("office", "agency"), pk=pk)
    if not is_agency_member(request.user, submission):
        raise Http404  # nobody else learns that the submission exists
    response = SurveyResponse.objects.filter(submission=submission).first()
    context = {"submission": submission, "response": response, "issued": is_issued(request.user, submission)}
    if response is not None:  # one response per submission: show it back
        if request.method == "POST":
            messages.info(request, _("This service has already been rated; the first answers count."))
            return redirect("satisfaction:rate", pk=submission.pk)
        return render(request, "satisfaction/rate.html", context)
    if not context["issued"]:  # the rating opens with the letter
        return render(request, "satisfaction/rate.html", context, status=200 if request.method == "GET" else 409)
    form = RatingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            response_submit(submission=submission, actor=request.user, answers=form.answers())
        except AlreadyAnswered:
            messages.info(request, _("This service has already been rated; the first answers count."))
        else:
            messages.success(request, _("Thank you for rating our service."))
        return redirect("satisfaction:rate", pk=submission.pk)
    return render(request, "satisfaction/rate.html", {**context, "form": form})


urlpatterns = [
    path("penilaian/<int:pk>/", rate, name="rate"),
]

"""Consultations: staff ask a colleague or another office for advice on a submission; whoever is asked answers
on the review page, and finds the open questions addressed to them on their own list."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import services
from ..forms import AnswerForm, ConsultationForm
from ..models import Consultation
from ..selectors import consultation_repeated, consultations_open_for
from .actions import back, not_allowed, perform, refused
from .detail import submission_or_404


@login_required
@require_POST
def review_consultation_request(request, pk):
    submission = submission_or_404(request, pk)
    form = ConsultationForm(request.POST, office=submission.office, auto_id="consult-%s")

    def run(data):
        consultation = services.consultation_request(
            submission=submission,
            actor=request.user,
            question=data["question"],
            to_user=data["to_email"],
            to_office=data["to_office"],
        )
        addressee = consultation.to_user or consultation.to_office
        return _("Your question was sent to %(addressee)s; you are told by e-mail when it is answered.") % {
            "addressee": addressee
        }

    repeated = form.is_valid() and consultation_repeated(
        submission=submission,
        question=request.POST.get("question", "").strip(),
        to_user=form.cleaned_data["to_email"],
        to_office=form.cleaned_data["to_office"],
    )
    return perform(
        request,
        submission,
        perm="review.comment_submission",
        run=run,
        form=form,
        key="consultation",
        anchor="consultations",
        already=_("This question was already sent; nothing changed.") if repeated else "",
    )


@login_required
@require_POST
def review_consultation_answer(request, pk):
    consultation = get_object_or_404(Consultation.objects.select_related("to_office"), pk=pk)
    submission = submission_or_404(request, consultation.submission_id)
    anchor = f"consultation-{consultation.pk}"
    if not services.consultation_may_answer(request.user, consultation):
        return not_allowed(request, submission, anchor)
    form = AnswerForm(request.POST, auto_id=f"answer-{consultation.pk}-%s")
    if consultation.answered_at is not None:
        messages.info(request, _("This question was already answered; nothing changed."))
        return back(submission, anchor)
    if not form.is_valid():
        return back(submission, anchor)
    try:
        services.consultation_answer(consultation=consultation, actor=request.user, answer=form.cleaned_data["answer"])
    except (ValidationError, PermissionDenied) as error:
        return refused(request, submission, error, form=form, bound={"answer": (consultation.pk, form)}, anchor=anchor)
    messages.success(request, _("Your answer was sent to the colleague who asked."))
    return back(submission, anchor)


@login_required
def consultations_for_me(request):
    """Open questions addressed to the user, or to an office where the user works, oldest first."""
    return render(request, "review/consultations.html", {"consultations": consultations_open_for(request.user)})


urlpatterns = [
    path("periksa/<int:pk>/konsultasi/", review_consultation_request, name="consultation_request"),
    path("periksa/konsultasi/", consultations_for_me, name="consultations"),
    path("periksa/konsultasi/<int:pk>/jawab/", review_consultation_answer, name="consultation_answer"),
]

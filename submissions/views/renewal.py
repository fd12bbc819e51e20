"""Renew a recurring activity for its next period (issue 19, submissions/renewal.py): from the agency's view of an
issued layak recommendation of a recurring activity, a confirmation page with the new period, then the new draft."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from romantik.refusals import refusal_show

from ..renewal import (
    MAX_PERIODS_AHEAD,
    RenewalNotAllowed,
    renewal_default_year,
    renewal_refusal,
    renewal_title,
    renewals_of,
    submission_renew,
)
from .common import submission_context, submission_for


class RenewForm(forms.Form):
    year = forms.IntegerField(
        label=gettext_lazy("Year of the new period"),
        min_value=1900,
        max_value=2999,
        help_text=gettext_lazy("The year in which the activity is carried out again."),
    )


@login_required
def submission_renew_page(request, pk):
    """Perpanjang untuk periode berikutnya: GET asks (the new period's year), POST starts the new draft. Those who
    may see the submission but not renew it are sent back to it with the reason."""
    previous = submission_for(request, pk)
    refusal = renewal_refusal(previous=previous, user=request.user)
    if refusal:
        refusal_show(request, refusal)
        return redirect("submissions:overview", pk=previous.pk)
    form = RenewForm(request.POST or None, initial={"year": renewal_default_year(previous)})
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                renewal = submission_renew(previous=previous, actor=request.user, year=form.cleaned_data["year"])
            except ValidationError as error:
                status = refusal_show(request, error, form=form, flash=False)
            except (PermissionDenied, RenewalNotAllowed) as error:
                refusal_show(request, error, conflict=_("This recommendation can no longer be renewed."))
                return redirect("submissions:overview", pk=previous.pk)
            else:
                messages.success(
                    request,
                    _(
                        "The draft for %(year)s was started from %(number)s. Confirm or change what differs, add the "
                        "new period's cover letter and documents, then submit it."
                    )
                    % {"year": renewal.year, "number": previous.number or previous.title},
                )
                return redirect("submissions:overview", pk=renewal.pk)
        else:
            status = 400
    year = form["year"].value()
    try:
        title = renewal_title(previous, int(year))
    except (TypeError, ValueError):
        title = ""
    context = submission_context(request, previous, "overview")
    context.update(
        form=form, new_title=title, renewals=list(renewals_of(previous)), max_periods_ahead=MAX_PERIODS_AHEAD
    )
    return render(request, "submissions/renew.html", context, status=status)


urlpatterns = [
    path("pengajuan/<int:pk>/perpanjang/", submission_renew_page, name="renew"),
]

"""The office admin's channels and reminders page, /kantor/<code>/pengaturan-layanan/ (issue 18): WhatsApp on or
off, .go.id auto-verification, whether reviewers take unassigned work, the reminder thresholds, the revision and
idle-draft limits (romantik.office_channels). Permission romantik.manage_office: the office admin of the office, of
its province office or of BPS RI, and the site admin."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from .forms import OfficeChannelSettingsForm
from .models import Office
from .office_channels import office_channels_save
from .refusals import refusal_show


@login_required
@never_cache
def office_channels(request, code):
    office = get_object_or_404(Office.objects.select_related("region"), code=code)
    if not request.user.has_perm("romantik.manage_office", office):
        raise PermissionDenied
    form = OfficeChannelSettingsForm(request.POST or None, instance=office)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                office_channels_save(office=form.instance, actor=request.user)
            except ValidationError as error:
                status = refusal_show(request, error, form=form)
            else:
                messages.success(request, _("The channel and reminder settings are saved."))
                return redirect("office_channels", code=office.code)
        else:
            status = 400
    return render(request, "romantik/office_channels.html", {"office": office, "form": form}, status=status)


urlpatterns = [
    path("kantor/<str:code>/pengaturan-layanan/", office_channels, name="office_channels"),
]

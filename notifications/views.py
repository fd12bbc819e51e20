from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .enums import Channel
from .services import channel_preference_set, channels_for, whatsapp_available


class ChannelPreferenceForm(forms.Form):
    whatsapp = forms.BooleanField(label=gettext_lazy("Also send me WhatsApp messages"), required=False)


@login_required
def preferences(request):
    """The user's channels: e-mail always; WhatsApp when it can reach them."""
    user = request.user
    available = whatsapp_available(user)
    form = ChannelPreferenceForm(
        request.POST if request.method == "POST" else None, initial={"whatsapp": Channel.WHATSAPP in channels_for(user)}
    )
    if request.method == "POST" and available and form.is_valid():
        channel_preference_set(user=user, whatsapp=form.cleaned_data["whatsapp"])
        messages.success(request, _("Your notification settings were saved."))
        return redirect("notification_preferences")
    return render(request, "notifications/preferences.html", {"form": form, "whatsapp_available": available})

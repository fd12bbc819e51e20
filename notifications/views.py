"""The user's notification channels, and the office's message log (what the outbox sent on its behalf).

The message page of an office: its admin sees every message and resends failed ones; its coordinator and
head may look (read-only); anyone else gets 404, so guessing office codes tells nothing. A forged resend by
a viewer without the permission changes nothing and returns with an error message. A repeated click on a
message already queued again is a friendly no-op.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from romantik.models import Office

from .enums import Channel, MessageState
from .models import Message
from .selectors import message_rows, messages_of_office, office_message_counts
from .services import channel_preference_set, channels_for, message_resend, whatsapp_available


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


# --- the office's messages --------------------------------------------------------------------------

PAGE_SIZE = 50
PAGE_PARAM = "halaman"
STATE_PARAM = "status"
ALL = "semua"
# The tabs, in order: address value → state (None: every state).
STATE_TABS = {
    "gagal": MessageState.FAILED,
    "antre": MessageState.QUEUED,
    "terkirim": MessageState.SENT,
    ALL: None,
}
# At most this many failed messages are queued again per click, so one request stays short;
# the page says how many remain.
RESEND_ALL_LIMIT = 500


class MessageFilterForm(forms.Form):
    kanal = forms.ChoiceField(
        label=gettext_lazy("Channel"),
        choices=[("", gettext_lazy("All channels")), *Channel.choices],
        required=False,
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
    )
    q = forms.CharField(
        label=gettext_lazy("Recipient"),
        max_length=254,
        required=False,
        widget=forms.TextInput(
            attrs={
                "type": "search",
                "class": "form-control form-control-sm",
                "placeholder": gettext_lazy("E-mail address, phone number or name"),
            }
        ),
    )


def _office_or_404(request, code) -> Office:
    office = Office.objects.filter(code=code).first()
    if office is None or not request.user.has_perm("notifications.view_office_messages", office):
        raise Http404
    return office


def _filtered(office, form):
    queryset = messages_of_office(office)
    if form.is_valid():
        if form.cleaned_data["kanal"]:
            queryset = queryset.filter(channel=form.cleaned_data["kanal"])
        text = form.cleaned_data["q"].strip()
        if text:
            queryset = queryset.filter(Q(address__icontains=text) | Q(recipient__full_name__icontains=text))
    return queryset


@login_required
def office_messages(request, code):
    """What the outbox sent for the office, newest first; failed ones first in view when there are any."""
    office = _office_or_404(request, code)
    form = MessageFilterForm(request.GET)
    queryset = _filtered(office, form)
    # The tabs count the whole office, whatever the channel and search: "Gagal (N)" is what awaits a resend.
    counts = office_message_counts(office)
    tab = request.GET.get(STATE_PARAM)
    if tab not in STATE_TABS:
        tab = "gagal" if counts[MessageState.FAILED] else ALL
    state = STATE_TABS[tab]
    if state is not None:
        queryset = queryset.filter(state=state)
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get(PAGE_PARAM))
    filters = request.GET.copy()
    filters.pop(PAGE_PARAM, None)
    filters.pop(STATE_PARAM, None)
    tabs = []
    for value, tab_state in STATE_TABS.items():
        query = filters.copy()
        query[STATE_PARAM] = value
        tabs.append(
            {
                "value": value,
                "label": tab_state.label if tab_state is not None else _("All"),
                "count": counts[tab_state.value if tab_state is not None else "all"],
                "query": query.urlencode(),
                "active": value == tab,
            }
        )
    query = filters.copy()
    query[STATE_PARAM] = tab
    return render(
        request,
        "notifications/office_messages.html",
        {
            "office": office,
            "form": form,
            "tabs": tabs,
            "tab": tab,
            "failed_count": counts[MessageState.FAILED],
            "page": page,
            "rows": message_rows(page.object_list),
            "querystring": query.urlencode(),
            "page_param": PAGE_PARAM,
            "state_param": STATE_PARAM,
            "next_url": request.get_full_path(),
            "can_resend": request.user.has_perm("notifications.resend_office_messages", office),
        },
    )


def _back(request, office):
    """Where the form came from (the filtered page, or a submission's review page), else the office page."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return redirect(target)
    return redirect(reverse("office_messages", kwargs={"code": office.code}))


@login_required
@require_POST
def office_message_resend(request, code, pk):
    office = _office_or_404(request, code)
    message = get_object_or_404(Message.objects.select_related("office"), pk=pk, office=office)
    was_failed = message.state == MessageState.FAILED
    try:
        message = message_resend(message=message, actor=request.user)
    except PermissionDenied:
        messages.error(request, _("Only the office administrator may resend messages; nothing changed."))
        return _back(request, office)
    if not was_failed:
        messages.info(
            request,
            _("This message is already “%(state)s”; nothing changed.") % {"state": message.get_state_display()},
        )
    else:
        messages.success(
            request,
            _("The message to %(address)s is queued again and will be sent shortly.") % {"address": message.address},
        )
    return _back(request, office)


@login_required
@require_POST
def office_messages_resend_failed(request, code):
    office = _office_or_404(request, code)
    if not request.user.has_perm("notifications.resend_office_messages", office):
        messages.error(request, _("Only the office administrator may resend messages; nothing changed."))
        return _back(request, office)
    failed = Message.objects.filter(office=office, state=MessageState.FAILED).select_related("office")
    batch = list(failed.order_by("created_at", "pk")[:RESEND_ALL_LIMIT])
    if not batch:
        messages.info(request, _("No message has failed; nothing changed."))
        return _back(request, office)
    # One service call per message: each is locked and re-checked, so a double click sends nothing twice.
    resent = sum(
        1 for message in batch if message_resend(message=message, actor=request.user).state == MessageState.QUEUED
    )
    remaining = failed.count()
    text = ngettext(
        "%(count)d failed message is queued again.", "%(count)d failed messages are queued again.", resent
    ) % {"count": resent}
    if remaining:
        text += " " + ngettext(
            "%(count)d more remains: click again to resend it.",
            "%(count)d more remain: click again to resend them.",
            remaining,
        ) % {"count": remaining}
    messages.success(request, text)
    return _back(request, office)

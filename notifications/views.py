"""The user's notification channels, and the office's message log (what the outbox sent on its behalf).

The message page of an office: its admin sees every message and resends failed ones; its coordinator and
head may look (read-only); anyone else gets 404, so guessing office codes tells nothing. A forged resend by
a viewer without the permission changes nothing and returns with an error message. A repeated click on a
message already queued again is a friendly no-op.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
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
from romantik.refusals import refusal_show

from .enums import Channel
from .models import ChannelPreference, Message
from .rules import message_failed, message_queued
from .selectors import (
    MESSAGE_TABS,
    failed_message_count,
    failed_messages_of_office,
    message_rows,
    messages_in_tab,
    messages_of_office,
    office_message_tabs,
    whatsapp_health,
)
from .services import (
    channel_preference_set,
    channels_for,
    message_resend,
    whatsapp_code_pending,
    whatsapp_code_send,
    whatsapp_code_verify,
    whatsapp_offered,
    whatsapp_office,
    whatsapp_verified_number,
)
from .whatsapp import phone_display, phone_normalise, whatsapp_enabled


class ChannelPreferenceForm(forms.Form):
    whatsapp = forms.BooleanField(label=gettext_lazy("Also send me WhatsApp messages"), required=False)


class WhatsAppNumberForm(forms.Form):
    number = forms.CharField(
        label=gettext_lazy("WhatsApp number"),
        max_length=30,
        help_text=gettext_lazy("A mobile number connected to WhatsApp, for example 0812-3456-7890."),
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )


class WhatsAppCodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Code from WhatsApp"),
        max_length=10,
        help_text=gettext_lazy("The 6 digits we sent to your WhatsApp."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
    )


# The form a POST is for (its hidden "action" field).
ACTION_NUMBER, ACTION_CODE, ACTION_RESEND, ACTION_CHANNELS = "nomor", "kode", "kirim-ulang", "kanal"


@login_required
def preferences(request):
    """The user's channels: e-mail always; WhatsApp when their office promises it, to a number they verified with
    a code sent to it. Whatever is not possible is said on the page (not configured, office without WhatsApp)."""
    user = request.user
    post = request.POST if request.method == "POST" else None
    action = post.get("action") if post else None
    offered = whatsapp_offered(user)
    preference = ChannelPreference.objects.filter(user=user).first()
    verified = whatsapp_verified_number(user)
    pending = whatsapp_code_pending(user)
    number_initial = (pending and pending.number) or verified or phone_normalise(user.phone)
    number_form = WhatsAppNumberForm(
        post if action == ACTION_NUMBER else None,
        initial={"number": phone_display(number_initial) if number_initial else ""},
    )
    code_form = WhatsAppCodeForm(post if action == ACTION_CODE else None)
    channel_form = ChannelPreferenceForm(
        post if action == ACTION_CHANNELS else None, initial={"whatsapp": Channel.WHATSAPP in channels_for(user)}
    )
    status = 200
    if post is not None and offered:
        try:
            if action == ACTION_NUMBER and number_form.is_valid():
                sent = whatsapp_code_send(user=user, number=number_form.cleaned_data["number"])
                messages.success(
                    request,
                    _("We sent a 6-digit code by WhatsApp to %(number)s. Type it below.")
                    % {"number": phone_display(sent.number)},
                )
                return redirect("notification_preferences")
            if action == ACTION_RESEND and pending is not None:
                sent = whatsapp_code_send(user=user, number=pending.number)
                messages.success(
                    request,
                    _("We sent a new code by WhatsApp to %(number)s.") % {"number": phone_display(sent.number)},
                )
                return redirect("notification_preferences")
            if action == ACTION_CODE and code_form.is_valid():
                whatsapp_code_verify(user=user, code=code_form.cleaned_data["code"])
                messages.success(request, _("Your WhatsApp number is verified. Notifications will also go there."))
                return redirect("notification_preferences")
            if action == ACTION_CHANNELS and verified and channel_form.is_valid():
                channel_preference_set(user=user, whatsapp=channel_form.cleaned_data["whatsapp"])
                messages.success(request, _("Your notification settings were saved."))
                return redirect("notification_preferences")
        except ValidationError as error:
            # Next to the field it is about; the resend button's refusal (a minute not yet past) at the top.
            form = {ACTION_NUMBER: number_form, ACTION_CODE: code_form}.get(action)
            status = refusal_show(request, error, form=form, flash=form is None)
            pending = whatsapp_code_pending(user)
        if number_form.errors or code_form.errors or channel_form.errors:
            status = 400
    return render(
        request,
        "notifications/preferences.html",
        {
            "whatsapp_configured": whatsapp_enabled(),
            "whatsapp_offered": offered,
            "whatsapp_office": whatsapp_office(user),
            "verified_number": phone_display(verified) if verified else "",
            "verified_at": preference.whatsapp_verified_at if verified else None,
            "whatsapp_on": Channel.WHATSAPP in channels_for(user),
            "pending": pending,
            "pending_number": phone_display(pending.number) if pending else "",
            "prefilled_from_signup": not verified and not pending and bool(phone_normalise(user.phone)),
            "number_form": number_form,
            "code_form": code_form,
            "channel_form": channel_form,
            "actions": {
                "number": ACTION_NUMBER,
                "code": ACTION_CODE,
                "resend": ACTION_RESEND,
                "channels": ACTION_CHANNELS,
            },
        },
        status=status,
    )


# --- the office's messages --------------------------------------------------------------------------

PAGE_SIZE = 50
PAGE_PARAM = "halaman"
STATE_PARAM = "status"  # the tab: a key of notifications.selectors.MESSAGE_TABS
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
    # The tabs count the whole office, whatever the channel and search: "Gagal (N)" is what awaits a resend.
    tabs = office_message_tabs(office)
    tab = request.GET.get(STATE_PARAM)
    if tab not in MESSAGE_TABS:
        tab = tabs.default
    queryset = messages_in_tab(_filtered(office, form), tab)
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get(PAGE_PARAM))
    filters = request.GET.copy()
    filters.pop(PAGE_PARAM, None)
    filters.pop(STATE_PARAM, None)
    tab_links = []
    for each in tabs.tabs:
        query = filters.copy()
        query[STATE_PARAM] = each.value
        tab_links.append(
            {
                "value": each.value,
                "label": each.label,
                "count": each.count,
                "query": query.urlencode(),
                "active": each.value == tab,
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
            "tabs": tab_links,
            "tab": tab,
            "failed_count": tabs.failed,
            "page": page,
            "rows": message_rows(page.object_list),
            "querystring": query.urlencode(),
            "page_param": PAGE_PARAM,
            "state_param": STATE_PARAM,
            "next_url": request.get_full_path(),
            "can_resend": request.user.has_perm("notifications.resend_office_messages", office),
            "whatsapp": whatsapp_health(office),
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
    was_failed = message_failed(message)
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
    batch = list(failed_messages_of_office(office)[:RESEND_ALL_LIMIT])
    if not batch:
        messages.info(request, _("No message has failed; nothing changed."))
        return _back(request, office)
    # One service call per message: each is locked and re-checked, so a double click sends nothing twice.
    resent = sum(1 for message in batch if message_queued(message_resend(message=message, actor=request.user)))
    remaining = failed_message_count(office)
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

"""Forms of the complaint pages. They shape the input; the services check it again and say why they refuse."""

import re
from urllib.parse import parse_qs, urlsplit

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from romantik.models import Office
from romantik.pickers import offices_search
from romantik.widgets import FULL_LIST_MAX, PickerModelChoiceField

from .enums import ALLOWED, Category, Kind, Status
from .services import DESCRIPTION_MAX_LENGTH, REPLY_MAX_LENGTH
from .tracking import KEY_PARAM

PHONE_PATTERN = re.compile(r"^\+?[0-9 ()\-.]{6,30}$")
# The honeypot's name: a field bots like to fill; people never see it.
HONEYPOT_FIELD = "situs_web"


class OfficeChoiceField(PickerModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.code})"


class SubmissionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.number or '—'} · {obj.title or obj.get_kind_display()}"


class ComplaintForm(forms.Form):
    office = OfficeChoiceField(
        label=_("BPS office you complain about"),
        queryset=Office.objects.order_by("code"),
        empty_label=_("Choose an office"),
        error_messages={"required": _("Choose the office."), "invalid_choice": _("Choose the office.")},
        # Every BPS office (~550): written whole, searched as you type (romantik.widgets).
        source="picker_offices",
        search=offices_search,
        full_list_max=FULL_LIST_MAX,
    )
    category = forms.ChoiceField(
        label=_("What is the complaint about?"),
        choices=Category.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose a category.")},
    )
    submission = SubmissionChoiceField(
        label=_("About one of your agency's submissions (optional)"),
        queryset=None,
        required=False,
        empty_label=_("None in particular"),
    )
    description = forms.CharField(
        label=_("Description of the complaint"),
        max_length=DESCRIPTION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What happened, when, and what you expect from the office."),
        error_messages={"required": _("Describe what happened.")},
    )
    attachment = forms.FileField(
        label=_("Attachment (optional)"),
        required=False,
        # The accept list only helps choosing; the content is checked on the server.
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.png,.jpg,.jpeg,application/pdf,image/png,image/jpeg"}),
    )
    contact_name = forms.CharField(
        label=_("Your name"), max_length=150, error_messages={"required": _("Give your name.")}
    )
    contact_email = forms.EmailField(
        label=_("Your e-mail address"),
        help_text=_("We send the tracking link and every answer to this address."),
        error_messages={"required": _("Give your e-mail address."), "invalid": _("Give a valid e-mail address.")},
    )
    contact_phone = forms.CharField(label=_("Phone (optional)"), max_length=30, required=False)
    # The honeypot: hidden from people (CSS, aria-hidden, no tab stop); a bot that fills it is told
    # its complaint was filed, and nothing is saved.
    situs_web = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def __init__(self, *args, submissions=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attachment"].help_text = _(
            "PDF, PNG or JPEG, at most %(limit)s MB: a document, a photo or a screenshot."
        ) % {"limit": settings.ATTACHMENT_MAX_MB}
        if submissions is None:
            del self.fields["submission"]
        else:
            self.fields["submission"].queryset = submissions

    def clean_contact_phone(self):
        phone = self.cleaned_data["contact_phone"].strip()
        if phone and not PHONE_PATTERN.match(phone):
            raise forms.ValidationError(_("Give a phone number with digits only, for example 0812-3456-7890."))
        return phone

    @property
    def is_spam(self) -> bool:
        return bool(self.cleaned_data.get(HONEYPOT_FIELD, "").strip())


class TrackingForm(forms.Form):
    number = forms.CharField(
        label=_("Tracking number"),
        max_length=40,
        widget=forms.TextInput(attrs={"placeholder": "ADU-6202-2026-00001", "autocapitalize": "characters"}),
        error_messages={"required": _("Give the tracking number.")},
    )
    key = forms.CharField(
        label=_("Tracking code"),
        max_length=300,
        help_text=_("In the e-mail we sent when the complaint was filed. You may also paste the whole tracking link."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "none", "spellcheck": "false"}),
        error_messages={"required": _("Give the tracking code.")},
    )

    def clean_key(self):
        """The code, or the code out of a pasted tracking link (…/pengaduan/lacak/<number>/?kode=<code>)."""
        value = self.cleaned_data["key"].strip()
        if f"{KEY_PARAM}=" in value:
            value = parse_qs(urlsplit(value).query).get(KEY_PARAM, [""])[0].strip()
        return value


# --- the handler's forms ----------------------------------------------------------------------------------

PUBLIC, INTERNAL = "publik", "internal"


class ReplyForm(forms.Form):
    text = forms.CharField(
        label=_("Text of the reply or note"),
        max_length=REPLY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Write the reply.")},
    )
    visibility = forms.ChoiceField(
        label=_("Who reads it"),
        choices=[
            (PUBLIC, _("Reply to the complainant (they are told by e-mail)")),
            (INTERNAL, _("Internal note (only the office's complaint handlers)")),
        ],
        initial=PUBLIC,
        widget=forms.RadioSelect,
    )

    @property
    def public(self) -> bool:
        return self.cleaned_data["visibility"] == PUBLIC


class StatusForm(forms.Form):
    to = forms.ChoiceField(label=_("New status"), error_messages={"required": _("Choose the new status.")})
    note = forms.CharField(
        label=_("Note to the complainant"),
        required=False,
        max_length=REPLY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required to close: how it was settled, or why it is rejected."),
    )

    def __init__(self, *args, status: str, **kwargs):
        super().__init__(*args, **kwargs)
        # The choices the table allows now, plus the current status, chosen at first, so that a hasty click
        # (or a repeated one) changes nothing.
        allowed = ALLOWED.get(status, set()) | {status}
        self.fields["to"].choices = [
            (value, _("%(status)s (current)") % {"status": label} if value == status else label)
            for value, label in Status.choices
            if value in allowed
        ]
        self.fields["to"].initial = status


class KindForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Kind.choices, widget=forms.RadioSelect)


class TrackingLinkForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("Send a new tracking link to the complainant's e-mail address; the previous link stops working"),
        error_messages={"required": _("Tick the box to send a new tracking link.")},
    )


# --- the queue's filters (GET) ----------------------------------------------------------------------------

OPEN, EVERY = "", "semua"


class QueueFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[(OPEN, _("Open (received or in progress)")), *Status.choices, (EVERY, _("Every status"))],
    )
    kategori = forms.ChoiceField(
        label=_("Category"), required=False, choices=[("", _("All categories")), *Category.choices]
    )
    terlambat = forms.BooleanField(label=_("Overdue only"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("status", "kategori"):
            self.fields[name].widget.attrs["class"] = "form-select form-select-sm"
        self.fields["terlambat"].widget.attrs["class"] = "form-check-input"

"""The office admin's form for a new version of the service standard (romantik/standards.py).

The form reads what was typed (lists one item a line, complaint channels as "name: address"); the service decides
whether the version can be published and says why not, by field. Every field is optional here so that those
messages, not a generic "required", stand next to the fields.
"""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from .enums import ComplaintChannelKind, ServiceTimeUnit

ITEM_NUMBER = re.compile(r"^\s*(?:\d{1,3}[.)]|[-•*])\s+")  # "1. ", "2) ", "- ", "• " pasted from a document
CHANNEL_SEPARATOR = ": "


def lines_of(text: str) -> list[str]:
    """One item a line, without blank lines and without a list number or bullet pasted with it."""
    return [
        ITEM_NUMBER.sub("", line).strip() for line in (text or "").splitlines() if ITEM_NUMBER.sub("", line).strip()
    ]


def channel_kind(label: str, value: str) -> str:
    """The kind of a complaint channel typed as "name: address", guessed from its words."""
    words, where = label.lower(), value.lower()
    if "lapor" in words or "lapor.go.id" in where:
        return ComplaintChannelKind.LAPOR
    if "whatsapp" in words or re.search(r"\bwa\b", words):
        return ComplaintChannelKind.WHATSAPP
    if "@" in where and " " not in where.strip():
        return ComplaintChannelKind.EMAIL
    if where.startswith(("http://", "https://", "www.")):
        return ComplaintChannelKind.WEBSITE
    if any(w in words for w in ("telp", "telepon", "sms", "phone")):
        return ComplaintChannelKind.PHONE
    if any(w in words for w in ("media sosial", "facebook", "instagram", "twitter", "medsos")):
        return ComplaintChannelKind.SOCIAL_MEDIA
    if "surat" in words:
        return ComplaintChannelKind.LETTER
    return ComplaintChannelKind.IN_PERSON


def channels_text(channels) -> str:
    return "\n".join(f"{c.get('label', '')}{CHANNEL_SEPARATOR}{c.get('value', '')}" for c in channels or ())


def list_field(label, help_text, rows=6):
    return forms.CharField(
        label=label, required=False, help_text=help_text, widget=forms.Textarea(attrs={"rows": rows})
    )


class ServiceStandardForm(forms.Form):
    sk_number = forms.CharField(
        label=_("Decree (SK) number"),
        max_length=120,
        required=False,
        help_text=_("As written on the decree, for example: 65 Tahun 2024."),
    )
    sk_date = forms.DateField(
        label=_("Decree (SK) date"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    effective_from = forms.DateField(
        label=_("Takes effect on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_(
            "Today or later. Submissions recorded complete from this day are served within the new service time; "
            "those recorded complete before keep the time of the standard in force then."
        ),
    )
    requirements = list_field(_("Requirements"), _("One requirement a line."))
    procedure = list_field(_("System, mechanism and procedure"), _("One step a line, in order."), rows=10)
    service_time_amount = forms.IntegerField(label=_("Service time"), required=False, help_text=_("From 1 to 365."))
    service_time_unit = forms.ChoiceField(label=_("Counted in"), choices=ServiceTimeUnit.choices)
    service_time_note = forms.CharField(
        label=_("Service time explanation"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    cost = forms.CharField(label=_("Cost"), max_length=120, required=False)
    products = list_field(_("Service products"), _("One product a line."), rows=3)
    complaint_channels = list_field(
        _("Complaint channels"),
        _("One channel a line, as name: address, for example “E-mail: bps6202@bps.go.id”."),
        rows=5,
    )
    guides = list_field(_("Guides"), _("One guide a line: its title, and where it is found."), rows=3)

    def __init__(self, *args, known_channels=(), **kwargs):
        super().__init__(*args, **kwargs)
        # A channel typed as it was keeps its kind (a WhatsApp number named "SISUKA" stays WhatsApp).
        self.known_kinds = {(c.get("label"), c.get("value")): c.get("kind") for c in known_channels or ()}

    @classmethod
    def initial_from(cls, standard) -> dict:
        """The form filled in with a version (or an office without one): the starting point of the next version."""
        return {
            "sk_number": "",
            "requirements": "\n".join(standard.requirements or ()),
            "procedure": "\n".join(standard.procedure or ()),
            "service_time_amount": standard.service_time_amount,
            "service_time_unit": standard.service_time_unit,
            "service_time_note": standard.service_time_note,
            "cost": standard.cost,
            "products": "\n".join(standard.products or ()),
            "complaint_channels": channels_text(standard.complaint_channels),
            "guides": "\n".join(getattr(standard, "guides", None) or ()),
        }

    def clean_requirements(self):
        return lines_of(self.cleaned_data["requirements"])

    def clean_procedure(self):
        return lines_of(self.cleaned_data["procedure"])

    def clean_products(self):
        return lines_of(self.cleaned_data["products"])

    def clean_guides(self):
        return lines_of(self.cleaned_data["guides"])

    def clean_complaint_channels(self):
        channels = []
        for number, line in enumerate((self.cleaned_data["complaint_channels"] or "").splitlines(), start=1):
            line = ITEM_NUMBER.sub("", line).strip()
            if not line:
                continue
            label, separator, value = line.partition(CHANNEL_SEPARATOR)
            if not separator or not label.strip() or not value.strip():
                raise forms.ValidationError(
                    _("Line %(number)s: write the channel as name: address, for example “E-mail: bps6202@bps.go.id”."),
                    params={"number": number},
                )
            label, value = label.strip(), value.strip()
            kind = self.known_kinds.get((label, value)) or channel_kind(label, value)
            channels.append({"kind": str(kind), "label": label, "value": value})
        return channels

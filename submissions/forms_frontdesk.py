"""Forms of the front desk: the guest book, the guest book's day, the visitor's account, the form to record."""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from romantik.models import Agency, Office
from romantik.pickers import agencies_search, agency_label
from romantik.selectors import agencies_served_by
from romantik.widgets import FULL_LIST_MAX, PickerModelChoiceField

from . import enums
from .models import GuestBookEntry

PHONE_RE = re.compile(r"^\+?[0-9][0-9 .\-()]{5,28}$")


class AgencyChoiceField(PickerModelChoiceField):
    """The agencies an office serves, searchable; a list longer than FULL_LIST_MAX is searched on the server
    (romantik.pickers, for the office's staff)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, source="picker_agencies", search=agencies_search, full_list_max=FULL_LIST_MAX, **kwargs)

    def label_from_instance(self, obj):
        return agency_label(obj)


def agency_picker_for(field: AgencyChoiceField, office: Office) -> None:
    field.queryset = served_agencies(office)
    field.source_query = {"office": office.code}


def served_agencies(office: Office):
    """The agencies of the curated list (romantik.agencies) whose responsible office is `office`, to pick from: found
    by name, acronym or e-mail domain; never a proposal not approved yet, nor a merged duplicate."""
    return (
        agencies_served_by(office)
        .filter(verified=True, merged_into__isnull=True)
        .select_related("region")
        .order_by("name")
    )


class GuestForm(forms.ModelForm):
    """What a visitor writes in the guest book (buku tamu)."""

    agency = AgencyChoiceField(
        label=_("Agency"),
        queryset=Agency.objects.none(),
        required=False,
        empty_label=_("— not in the list: type the name below —"),
        help_text=_("Government agencies served by this office."),
    )

    class Meta:
        model = GuestBookEntry
        fields = ["name", "agency", "agency_name", "position", "email", "phone", "purpose"]
        widgets = {"purpose": forms.RadioSelect}
        help_texts = {
            "agency_name": _("Only when the agency is not in the list above."),
            "email": _("An active address: the account and every notice go there."),
            "phone": _("A number connected to WhatsApp."),
        }

    def __init__(self, *args, office: Office, **kwargs):
        super().__init__(*args, **kwargs)
        agency_picker_for(self.fields["agency"], office)
        self.fields["agency_name"].required = False
        self.fields["purpose"].initial = enums.GuestPurpose.RECOMMENDATION
        self.fields["purpose"].choices = enums.GuestPurpose.choices
        self.fields["name"].widget.attrs["autofocus"] = True
        self.fields["email"].widget.attrs["autocomplete"] = "off"
        self.fields["phone"].widget.attrs.update({"inputmode": "tel", "autocomplete": "off"})

    def clean_phone(self):
        phone = self.cleaned_data["phone"].strip()
        if not PHONE_RE.match(phone):
            raise forms.ValidationError(_("Enter a phone number, for example 0812-3456-7890."))
        return phone

    def clean(self):
        data = super().clean()
        if data.get("agency") is None and not (data.get("agency_name") or "").strip():
            self.add_error("agency_name", _("Choose the agency from the list, or type its name."))
        return data


# The kiosk's honeypot: a field bots like to fill; people never see it (the complaint form's, by name and CSS).
HONEYPOT_FIELD = "situs_web"


class KioskGuestForm(GuestForm):
    """The guest book as the visitor fills it at the office's kiosk: the officer's form, a honeypot, and nothing
    the tablet's browser would remember and offer the next visitor."""

    situs_web = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs["autocomplete"] = "off"

    @property
    def is_spam(self) -> bool:
        return bool(self.cleaned_data.get(HONEYPOT_FIELD, "").strip())


class GuestBookDayForm(forms.Form):
    tanggal = forms.DateField(label=_("Date"), required=False, widget=forms.DateInput(attrs={"type": "date"}))


class CallNextForm(forms.Form):
    expected = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)


class VisitorAccountForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail"),
        help_text=_("The visitor's address from the guest book; change it if their account uses another one."),
    )
    agency = AgencyChoiceField(
        label=_("Agency"),
        queryset=Agency.objects.none(),
        required=False,
        empty_label=_("— a new agency: the name below —"),
    )
    new_agency_name = forms.CharField(
        label=_("Name of the new agency"),
        max_length=200,
        required=False,
        help_text=_(
            "Only when the agency is not in the list (search it by name, acronym or e-mail domain first). It is "
            "added to the list of the agencies this office serves."
        ),
    )

    def __init__(self, *args, office: Office, **kwargs):
        super().__init__(*args, **kwargs)
        agency_picker_for(self.fields["agency"], office)

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()

    def clean(self):
        data = super().clean()
        if data.get("agency") is None and not (data.get("new_agency_name") or "").strip():
            self.add_error("new_agency_name", _("Choose the agency from the list, or type its name."))
        return data


class RecordForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Which form?"),
        choices=enums.Kind.choices,
        widget=forms.RadioSelect,
        initial=enums.Kind.FS3,
        help_text=_(
            "FS3 for a survey, FP-KPA for a compilation of administrative records; MS-Keg is the newer "
            "activity metadata form that covers both."
        ),
    )

from django import forms
from django.utils.translation import gettext_lazy as _

from .calendar import is_national_holiday
from .enums import AgencyLevel, OfficeDocumentKind, RegionLevel
from .models import Agency, Region
from .pickers import agencies_search, agency_label
from .services import agency_propose, membership_request
from .widgets import FULL_LIST_MAX, PickerModelChoiceField


class AgencyPickerField(PickerModelChoiceField):
    def label_from_instance(self, obj):
        return agency_label(obj)


class AgencySignupForm(forms.Form):
    """Extra sign-up fields (allauth calls `signup`): who you are and which agency you act for.

    Only government agencies may submit, so every new user picks their agency
    or proposes one; a BPS officer verifies the link.
    """

    full_name = forms.CharField(label=_("Full name"), max_length=150)
    phone = forms.CharField(
        label=_("Mobile phone (WhatsApp)"),
        max_length=30,
        required=False,
        help_text=_("Some offices send notifications by WhatsApp."),
    )
    position = forms.CharField(label=_("Position in the agency"), max_length=150, required=False)
    # Every verified agency in the country (thousands): searched on the server (romantik.pickers).
    agency = AgencyPickerField(
        label=_("Agency"),
        queryset=Agency.objects.filter(verified=True).select_related("region").order_by("name", "pk"),
        required=False,
        empty_label=_("— my agency is not in the list —"),
        help_text=_("The government agency (at eselon II level) you act for."),
        source="picker_agencies",
        search=agencies_search,
        full_list_max=FULL_LIST_MAX,
    )
    new_agency_name = forms.CharField(
        label=_("Name of your agency"),
        max_length=200,
        required=False,
        help_text=_("Only if your agency is not in the list above."),
    )
    new_agency_level = forms.ChoiceField(
        label=_("Level of your agency"), choices=[("", "—")] + AgencyLevel.choices, required=False
    )
    # The browser offers the regions of the level chosen above (provinces, or regencies/cities); clean() checks.
    new_agency_region = PickerModelChoiceField(
        label=_("Province or regency/city of your agency"),
        queryset=Region.objects.all(),
        required=False,
        help_text=_("Leave empty for a central-government agency."),
        source="picker_regions",
        depends_on="new_agency_level",
        depends_param="level",
    )

    def clean(self):
        data = super().clean()
        agency, name = data.get("agency"), (data.get("new_agency_name") or "").strip()
        if agency and name:
            self.add_error("new_agency_name", _("Choose an agency from the list or propose a new one, not both."))
        elif not agency and not name and "agency" not in self.errors:  # e.g. a search without JavaScript
            self.add_error("agency", _("Choose your agency, or propose it below if it is not in the list."))
        if name and not agency:
            level, region = data.get("new_agency_level"), data.get("new_agency_region")
            if not level:
                self.add_error("new_agency_level", _("Choose the level of your agency."))
            elif level == AgencyLevel.CENTRAL and region is not None:
                self.add_error("new_agency_region", _("A central-government agency has no region; leave this empty."))
            elif level == AgencyLevel.PROVINCE and (region is None or region.level != RegionLevel.PROVINCE):
                self.add_error("new_agency_region", _("Choose the province of this provincial government."))
            elif level == AgencyLevel.REGENCY and (region is None or region.level != RegionLevel.REGENCY):
                self.add_error("new_agency_region", _("Choose the regency/city of this local government."))
        return data

    def signup(self, request, user):
        data = self.cleaned_data
        user.full_name = data["full_name"].strip()
        user.phone = data.get("phone", "").strip()
        user.language = getattr(request, "LANGUAGE_CODE", user.language) or user.language
        user.save(update_fields=["full_name", "phone", "language"])
        agency = data.get("agency") or agency_propose(
            name=data["new_agency_name"],
            level=data["new_agency_level"],
            region=data.get("new_agency_region"),
            proposed_by=user,
        )
        membership_request(user=user, agency=agency, position=data.get("position", "").strip())


class MembershipDecisionForm(forms.Form):
    approve = forms.TypedChoiceField(
        choices=[("1", _("Verify")), ("0", _("Reject"))], coerce=lambda v: v == "1", widget=forms.HiddenInput
    )
    note = forms.CharField(label=_("Note to the applicant"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def clean(self):
        data = super().clean()
        if data.get("approve") is False and not (data.get("note") or "").strip():
            self.add_error("note", _("Say why the link is rejected, so the applicant can correct it."))
        return data


class OfficeClosureForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    reason = forms.CharField(
        label=_("Reason"), max_length=200, help_text=_("For example: office closed for a local holiday.")
    )

    def clean_date(self):
        day = self.cleaned_data["date"]
        if day.weekday() >= 5:
            raise forms.ValidationError(_("This day is a weekend; it is never a working day."))
        if is_national_holiday(day):
            raise forms.ValidationError(_("This day is already a national holiday or cuti bersama."))
        return day


class OfficeDocumentForm(forms.Form):
    """A guide, booklet, leaflet or form the office offers on its public page (romantik.documents)."""

    title = forms.CharField(label=_("Title"), max_length=200, help_text=_("As visitors of the office's page see it."))
    kind = forms.ChoiceField(label=_("Kind"), choices=OfficeDocumentKind.choices)
    file = forms.FileField(
        label=_("File (PDF)"), widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"})
    )

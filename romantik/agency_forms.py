"""The forms of an office's agency list (romantik/views_agencies.py): search, edit, merge. The services decide
(romantik/agencies.py); these forms only read what was typed."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .agencies import email_domains_clean, listed_agencies
from .enums import AgencyLevel
from .models import Agency, Region
from .pickers import agencies_search, agency_label, regions_search
from .widgets import FULL_LIST_MAX, PickerModelChoiceField


class ListedAgencyField(PickerModelChoiceField):
    """An agency of the curated list, searched on the server when the list is long (romantik.pickers)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("queryset", listed_agencies().select_related("region").order_by("name", "pk"))
        super().__init__(*args, source="picker_agencies", search=agencies_search, full_list_max=FULL_LIST_MAX, **kwargs)

    def label_from_instance(self, obj):
        return agency_label(obj)


class AgencySearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    merged = forms.BooleanField(label=_("Also show merged duplicates"), required=False)


class AgencyForm(forms.Form):
    name = forms.CharField(label=_("Official name"), max_length=200)
    acronym = forms.CharField(
        label=_("Acronym"), max_length=30, required=False, help_text=_("Short name or acronym, for example BAPPEDA.")
    )
    level = forms.ChoiceField(label=_("Level"), choices=AgencyLevel.choices)
    region = PickerModelChoiceField(
        label=_("Province or regency/city"),
        queryset=Region.objects.order_by("code"),
        required=False,
        help_text=_("Empty for a central-government agency."),
        source="picker_regions",
        search=regions_search,
        full_list_max=FULL_LIST_MAX,
        depends_on="level",
        depends_param="level",
    )
    parent = ListedAgencyField(
        label=_("Part of"),
        required=False,
        empty_label=_("— none —"),
        help_text=_("For a local-government agency: its regency/city or provincial government."),
    )
    email_domains = forms.CharField(
        label=_("E-mail domains"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One a line, for example dinkes.kotimkab.go.id. People find the agency by them."),
    )

    def __init__(self, *args, agency: Agency, **kwargs):
        kwargs.setdefault(
            "initial",
            {
                "name": agency.name,
                "acronym": agency.acronym,
                "level": agency.level,
                "region": agency.region_id,
                "parent": agency.parent_id,
                "email_domains": "\n".join(agency.email_domains or []),
            },
        )
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = self.fields["parent"].queryset.exclude(pk=agency.pk)

    def clean_email_domains(self):
        try:
            return email_domains_clean(self.cleaned_data["email_domains"])
        except ValidationError as error:
            raise forms.ValidationError(error.messages) from None


class AgencyMergeForm(forms.Form):
    into = ListedAgencyField(
        label=_("The listed agency it duplicates"),
        help_text=_("Its members, submissions and every other record move there; this agency stays as a pointer."),
    )
    # Set by the confirmation step: the first submit shows what will move, the second merges.
    confirm = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, duplicate: Agency, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["into"].queryset = self.fields["into"].queryset.exclude(pk=duplicate.pk)

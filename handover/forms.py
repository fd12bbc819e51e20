from django import forms
from django.utils.translation import gettext_lazy as _

from .enums import ItemKind
from .services import NOTE_MAX_LENGTH, URL_MAX_LENGTH


class ItemForm(forms.Form):
    kind = forms.ChoiceField(label=_("What you hand over"), choices=ItemKind.choices)
    file = forms.FileField(label=_("PDF file"), required=False)
    url = forms.CharField(label=_("Link to the dataset"), required=False, max_length=URL_MAX_LENGTH,
                          help_text=_("For example its page on a Satu Data portal."))  # fmt: skip


class OfficeDecisionForm(forms.Form):
    note = forms.CharField(label=_("Note to the agency"), required=False, max_length=NOTE_MAX_LENGTH,
                           widget=forms.Textarea(attrs={"rows": 2}))  # fmt: skip


class EvidencePackForm(forms.Form):
    """Ask for an EPSS evidence pack: the year, and on an office's page the agency (handover/evidence.py)."""

    agency = forms.ModelChoiceField(label=_("Agency"), queryset=None, required=False)
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)

    def __init__(self, *args, agencies=None, **kwargs):
        super().__init__(*args, **kwargs)
        if agencies is None:
            del self.fields["agency"]
        else:
            self.fields["agency"].queryset = agencies
            self.fields["agency"].required = True

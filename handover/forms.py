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

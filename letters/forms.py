from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Letter


class LetterForm(forms.ModelForm):
    """The free-text parts of a letter draft the reviewers may edit."""

    class Meta:
        model = Letter
        fields = ["sifat", "subject", "addressee", "body_text", "tembusan"]
        widgets = {
            "addressee": forms.Textarea(attrs={"rows": 3}),
            "body_text": forms.Textarea(attrs={"rows": 8}),
            "tembusan": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "addressee": _("One line per line of the letter; “Yth.” is added."),
            "body_text": _("Keep one point per line; blank lines separate paragraphs."),
            "tembusan": _("One recipient per line, numbered."),
        }


class SendForm(forms.Form):
    """Sending to the head has no fields: a POST with its CSRF token."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from letters.public_code import code_normalise


class CodeForm(forms.Form):
    kode = forms.CharField(
        label=_("Survey code"),
        max_length=20,
        help_text=_("The 8 characters printed next to the QR code on the questionnaire, for example K7QM-2XRD."),
        error_messages={"required": _("Type the code printed on the questionnaire.")},
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}),
    )

    def clean_kode(self):
        code = code_normalise(self.cleaned_data["kode"])
        if not code:
            raise ValidationError(
                _("A survey code has 8 letters and digits, for example K7QM-2XRD. Check what you typed.")
            )
        return code
